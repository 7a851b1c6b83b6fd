/**
 * Waits for the hub to reach a state: events travel between subgraphs after the mutation
 * that caused them has answered, so a test asks again until the state is there. Fails with
 * the last value seen, which says how far the hub got.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last, null, 2)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
