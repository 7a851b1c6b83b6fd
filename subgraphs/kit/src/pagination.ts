import { badInput } from './errors.js';

/** Relay cursors are opaque to clients; inside they hold the keyset position (time and id). */
export interface KeysetPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0]))) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw badInput('The cursor is not one this server issued', { field: 'after', rule: 'CURSOR_FORMAT' });
}

export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first', rule: 'PAGE_SIZE' });
  }
  return n;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Build a connection from `limit + 1` rows: the extra row only says whether a next page exists. */
export function toConnection<T>(rows: T[], limit: number, positionOf: (row: T) => KeysetPosition): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(positionOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
