/**
 * Feed cursors are `<txId>.<seq>`: the committing transaction, then the event's place in it.
 * Transaction ids outgrow Number, so they compare as BigInt.
 */
function parse(cursor: string): [bigint, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(cursor);
  return match ? [BigInt(match[1]!), Number(match[2])] : undefined;
}

/**
 * Whether `cursor` comes after `previous`. A cursor that cannot be read is let through:
 * dropping an event the hub does not understand would be a silent loss.
 */
export function isAfter(cursor: string, previous: string | null | undefined): boolean {
  if (previous == null) return true;
  const a = parse(cursor);
  const b = parse(previous);
  if (!a || !b) return true;
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}
