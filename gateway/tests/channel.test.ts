import { Channel } from '../src/subscriptions/channel.js';

test('a channel reports a reader that fell `limit` values behind, and still hands over what it holds', async () => {
  const channel = new Channel<number>(() => undefined, 3);
  expect([channel.push(1), channel.push(2), channel.push(3)]).toEqual([true, true, false]);
  channel.fail(new Error('fell behind'));
  expect(await channel.next()).toEqual({ value: 1, done: false });
  expect(await channel.next()).toEqual({ value: 2, done: false });
  expect(await channel.next()).toEqual({ value: 3, done: false });
  await expect(channel.next()).rejects.toThrow('fell behind');
});

test('a waiting reader takes a value at once; return() releases the upstream once', async () => {
  let released = 0;
  const channel = new Channel<string>(() => { released += 1; }, 1);
  const waiting = channel.next();
  expect(channel.push('a')).toBe(true);
  expect(await waiting).toEqual({ value: 'a', done: false });
  await channel.return();
  await channel.return();
  expect(released).toBe(1);
  expect(channel.done).toBe(true);
});
