export interface BackoffOptions {
  /** First delay, in milliseconds. */
  initialMs: number;
  /** Delays never exceed this. */
  maxMs: number;
  /** Each failure multiplies the delay by this. */
  factor: number;
  /** Fraction of each delay that is randomised: 0.5 means between half the delay and the whole of it. */
  jitter: number;
  /** A connection that stayed up this long starts the next series of delays from the beginning. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5, resetAfterMs: 60_000 };

/** Exponential backoff with jitter: 250 ms, 500 ms, 1 s … up to 30 s, each somewhat randomised. */
export class Backoff {
  readonly options: BackoffOptions;
  private failures = 0;
  private upSince: number | undefined;

  constructor(options: Partial<BackoffOptions> = {}, private readonly random: () => number = Math.random, private readonly now: () => number = Date.now) {
    this.options = { ...DEFAULT_BACKOFF, ...options };
  }

  get attempts(): number {
    return this.failures;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** Math.min(this.failures, 64));
    this.failures += 1;
    const j = Math.min(1, Math.max(0, jitter));
    return Math.max(1, Math.round(base * (1 - j * this.random())));
  }

  reset(): void {
    this.failures = 0;
  }

  /** A connection came up. */
  markUp(): void {
    this.upSince = this.now();
  }

  /** The connection went down: if it had been up long enough, start over from the first delay. */
  markDown(): void {
    if (this.upSince !== undefined && this.now() - this.upSince >= this.options.resetAfterMs) this.reset();
    this.upSince = undefined;
  }
}

/** Waits `ms`; resolves early (to false) when `signal` aborts, true when the time passed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
