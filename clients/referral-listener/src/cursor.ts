/**
 * Feed cursors are `<txId>.<seq>`: the committing transaction's id, then the event's place in it.
 * Both parts are compared as integers (BigInt), never as text: "10.0" comes after "9.5".
 */
export interface ParsedCursor {
  txId: bigint;
  seq: bigint;
}

const CURSOR = /^(\d+)\.(\d+)$/;

export function parseCursor(cursor: string): ParsedCursor | null {
  const m = CURSOR.exec(cursor.trim());
  if (!m) return null;
  return { txId: BigInt(m[1]!), seq: BigInt(m[2]!) };
}

export function isValidCursor(cursor: string): boolean {
  return parseCursor(cursor) !== null;
}

/** Negative when `a` comes before `b`, zero when equal, positive when after. Throws on a malformed cursor. */
export function compareCursors(a: string, b: string): number {
  const pa = parseCursor(a);
  const pb = parseCursor(b);
  if (!pa) throw new Error(`not a feed cursor: ${JSON.stringify(a)}`);
  if (!pb) throw new Error(`not a feed cursor: ${JSON.stringify(b)}`);
  if (pa.txId !== pb.txId) return pa.txId < pb.txId ? -1 : 1;
  if (pa.seq !== pb.seq) return pa.seq < pb.seq ? -1 : 1;
  return 0;
}

/**
 * Whether an event at `cursor` is new relative to the `saved` cursor (everything up to and
 * including `saved` was handled). With nothing saved every event is new. A cursor that cannot
 * be parsed is treated as new rather than silently dropped.
 */
export function isAfter(cursor: string, saved: string | null | undefined): boolean {
  if (saved == null) return true;
  if (!isValidCursor(cursor) || !isValidCursor(saved)) return cursor !== saved;
  return compareCursors(cursor, saved) > 0;
}
