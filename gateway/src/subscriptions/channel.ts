/**
 * A push-to-pull queue handed to graphql-ws as a subscription's result. Unlike an async
 * generator, `return()` takes effect at once even while a `next()` is waiting for an event
 * that may never come, so a client's `complete` releases the upstream socket immediately.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private returned = false;

  constructor(private readonly onReturn: () => void, private readonly limit = Number.POSITIVE_INFINITY) {}

  /** False when the reader is `limit` values behind: the caller decides what a slow reader gets. */
  push(value: T): boolean {
    if (this.ended) return true;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return true;
    }
    this.buffer.push(value);
    return this.buffer.length < this.limit;
  }

  /** Ends the stream after what is buffered. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleWaiting();
  }

  /** Ends the stream with an error, after what is buffered. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = { error };
    this.ended = true;
    this.settleWaiting();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const first = !this.returned;
    this.returned = true;
    this.ended = true;
    this.failure = undefined;
    this.buffer.length = 0;
    this.settleWaiting();
    if (first) this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Whether nothing more will be taken: work for further values can be skipped. */
  get done(): boolean {
    return this.ended;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settleWaiting(): void {
    if (!this.waiting || this.buffer.length) return;
    const { resolve, reject } = this.waiting;
    this.waiting = undefined;
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      reject(error);
    } else {
      resolve({ value: undefined, done: true });
    }
  }
}
