import DataLoader from 'dataloader';

/**
 * A loader of one row per key: `fetch` returns rows in any order (one SQL statement for the
 * whole batch) and they are put back in key order, `null` where no row exists.
 */
export function rowLoader<K extends string, Row>(
  fetch: (keys: readonly K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): DataLoader<K, Row | null> {
  return new DataLoader<K, Row | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((r) => [keyOf(r), r] as const));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** A loader of many rows per key (a dispute's timeline, a store's orders), grouped after one statement. */
export function groupLoader<K extends string, Row>(
  fetch: (keys: readonly K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): DataLoader<K, Row[]> {
  return new DataLoader<K, Row[]>(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<K, Row[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}
