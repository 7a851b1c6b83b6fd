import { Backoff, sleep, type BackoffOptions } from './backoff.js';
import { messageOf, StoppedError, TransientError } from './errors.js';

export interface RetryOptions {
  backoff?: Partial<BackoffOptions>;
  /** Aborting it ends the wait between attempts (with StoppedError); an attempt under way is not cut short. */
  signal?: AbortSignal;
  log: (message: string) => void;
  /** What is being retried, for the log line. */
  what: string;
}

/**
 * Runs `attempt` until it succeeds; a TransientError is retried with backoff, anything else is
 * thrown. Once `signal` aborts no further attempt is made (StoppedError).
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const backoff = new Backoff(options.backoff);
  for (;;) {
    // The first attempt is made even when stopping: it belongs to the event in hand.
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof TransientError)) throw err;
      const delay = backoff.next();
      options.log(`${options.what} failed (attempt ${backoff.attempts}): ${messageOf(err)}; retrying in ${delay} ms`);
      if (!(await sleep(delay, options.signal))) throw new StoppedError();
    }
  }
}

/** A request timeout; the caller's own signal is deliberately not passed down (see RetryOptions.signal). */
export function timeoutSignal(ms: number): AbortSignal {
  return AbortSignal.timeout(ms);
}
