/** A first-in first-out queue whose reader can wait, and be woken by an abort signal. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  get size(): number {
    return this.items.length;
  }

  /** The next item, or undefined once `signal` aborts. */
  async take(signal?: AbortSignal): Promise<T | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      if (this.items.length > 0) return this.items.shift();
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener('abort', done);
          this.waiter = undefined;
          resolve();
        };
        this.waiter = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }
}
