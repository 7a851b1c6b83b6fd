import { Backoff, sleep } from '../src/backoff.js';

describe('backoff', () => {
  test('doubles from 250 ms up to 30 s, without jitter', () => {
    const b = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 10 }, () => b.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  test('jitter keeps each delay between half of it and all of it', () => {
    const low = new Backoff({}, () => 0.999999);
    const high = new Backoff({}, () => 0);
    expect(low.next()).toBe(125);
    expect(high.next()).toBe(250);
    const b = new Backoff();
    for (let i = 0; i < 20; i += 1) {
      const base = Math.min(30_000, 250 * 2 ** i);
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(base / 2 - 1);
      expect(d).toBeLessThanOrEqual(base);
    }
  });

  test('starts over after a connection stayed up long enough, not after a short one', () => {
    let now = 0;
    const b = new Backoff({ jitter: 0, resetAfterMs: 1000 }, Math.random, () => now);
    b.next();
    b.next();
    b.markUp();
    now += 500;
    b.markDown();
    expect(b.next()).toBe(1000); // the third failure in a row
    b.markUp();
    now += 1000;
    b.markDown();
    expect(b.next()).toBe(250);
  });

  test('sleep ends early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    expect(await slept).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await sleep(1)).toBe(true);
  });
});
