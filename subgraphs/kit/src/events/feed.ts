import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { HubDatabase } from '../db/database.js';
import type { OutboxTable } from '../db/outbox.js';

/**
 * A position in one subgraph's outbox: the writing transaction and the event's sequence
 * number within it. As a string, `<txId>.<seq>`; the empty position is before everything.
 */
export interface FeedPosition {
  txId: string;
  seq: number;
}

export const FEED_START: FeedPosition = { txId: '0', seq: 0 };

export function encodePosition(p: FeedPosition): string {
  return `${p.txId}.${p.seq}`;
}

export function decodePosition(cursor: string | null | undefined): FeedPosition {
  if (!cursor) return FEED_START;
  const match = /^(\d{1,20})\.(\d{1,18})$/.exec(cursor);
  if (!match) throw new Error(`not an event cursor: ${cursor}`);
  return { txId: match[1]!, seq: Number(match[2]) };
}

export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  return a.seq - b.seq;
}

/** One event as it travels between subgraphs (JSON over HTTP). */
export const feedEventSchema = z.object({
  source: z.string(),
  cursor: z.string(),
  seq: z.number().int(),
  type: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  disputeId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  actor: z.object({ role: z.string(), id: z.string().nullable() }),
  occurredAt: z.string(),
});
export type FeedEvent = z.infer<typeof feedEventSchema>;

/** Which events a reader wants; the same test runs in SQL (`readFeed`) and in JS (`matchesFeed`). */
export interface FeedMatch {
  /** Outbox event types to deliver; an empty list, like an absent `types` in `FeedQuery`, means all. */
  types: readonly string[];
  disputeId?: string;
  aggregateId?: string;
  /** payload->>key = value, for every entry. */
  payload?: Record<string, string>;
}

export interface FeedQuery {
  after?: string | null;
  /** Only these event types; all when absent. */
  types?: readonly string[] | null;
  /** Further conditions, applied together with `types`. */
  match?: FeedMatch | null;
  limit: number;
}

/** `payload->>key` as PostgreSQL renders it: only scalars can equal a string. */
function payloadText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function matchesFeed(match: FeedMatch, event: Pick<FeedEvent, 'type' | 'disputeId' | 'aggregateId' | 'payload'>): boolean {
  if (match.types.length && !match.types.includes(event.type)) return false;
  if (match.disputeId !== undefined && event.disputeId !== match.disputeId) return false;
  if (match.aggregateId !== undefined && event.aggregateId !== match.aggregateId) return false;
  for (const [key, value] of Object.entries(match.payload ?? {})) {
    if (payloadText(event.payload[key]) !== value) return false;
  }
  return true;
}

function matchConditions(outbox: OutboxTable, match: FeedMatch | null | undefined): (SQL | undefined)[] {
  if (!match) return [];
  return [
    match.types.length ? inArray(outbox.eventType, [...match.types]) : undefined,
    match.disputeId !== undefined ? eq(outbox.disputeId, match.disputeId) : undefined,
    match.aggregateId !== undefined ? eq(outbox.aggregateId, match.aggregateId) : undefined,
    ...Object.entries(match.payload ?? {}).map(([key, value]) => sql`${outbox.payload} ->> ${key}::text = ${value}::text`),
  ];
}

/** Only events of transactions older than every one still running: see `readFeed`. */
const committedSafely = (outbox: OutboxTable) => sql`${outbox.txId} < pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * Whether events after `after` have committed but are still held back because an older
 * transaction (in any database of the server: transaction ids are server-wide) is running.
 * Its end sends no notification unless it wrote to this outbox, so a live reader retries.
 */
export async function hasHeldBackEvents(db: HubDatabase<any>, outbox: OutboxTable, after: FeedPosition): Promise<boolean> {
  const rows = await db
    .select({ seq: outbox.seq })
    .from(outbox)
    .where(and(
      sql`(${outbox.txId}, ${outbox.seq}) > (${after.txId}::xid8, ${after.seq}::bigint)`,
      sql`${outbox.txId} >= pg_snapshot_xmin(pg_current_snapshot())`,
    ))
    .limit(1);
  return rows.length > 0;
}

/**
 * The newest position a reader of the whole feed can have reached now: nothing will ever
 * appear at or behind it. FEED_START for an empty outbox.
 */
export async function readFeedHead(db: HubDatabase<any>, outbox: OutboxTable): Promise<FeedPosition> {
  const rows = await db
    .select({ seq: outbox.seq, txId: sql<string>`${outbox.txId}::text` })
    .from(outbox)
    .where(committedSafely(outbox))
    .orderBy(desc(outbox.txId), desc(outbox.seq))
    .limit(1);
  return rows[0] ? { txId: rows[0].txId, seq: rows[0].seq } : FEED_START;
}

/**
 * Reads a subgraph's outbox forward from `after`, in commit-safe order: only events of
 * transactions older than every transaction still running (`pg_snapshot_xmin`), so an event
 * never appears behind a position a reader has already passed. An event becomes readable
 * as soon as the transactions that began before it have ended.
 */
export async function readFeed(db: HubDatabase<any>, outbox: OutboxTable, source: string, query: FeedQuery): Promise<FeedEvent[]> {
  const after = decodePosition(query.after);
  const rows = await db
    .select({
      seq: outbox.seq,
      txId: sql<string>`${outbox.txId}::text`,
      eventType: outbox.eventType,
      aggregateType: outbox.aggregateType,
      aggregateId: outbox.aggregateId,
      disputeId: outbox.disputeId,
      payload: outbox.payload,
      actorRole: outbox.actorRole,
      actorId: outbox.actorId,
      occurredAt: outbox.occurredAt,
    })
    .from(outbox)
    .where(
      and(
        sql`(${outbox.txId}, ${outbox.seq}) > (${after.txId}::xid8, ${after.seq}::bigint)`,
        committedSafely(outbox),
        query.types?.length ? inArray(outbox.eventType, [...query.types]) : undefined,
        ...matchConditions(outbox, query.match),
      ),
    )
    .orderBy(asc(outbox.txId), asc(outbox.seq))
    .limit(query.limit);
  return rows.map((r) => ({
    source,
    cursor: encodePosition({ txId: r.txId, seq: r.seq }),
    seq: r.seq,
    type: r.eventType,
    aggregateType: r.aggregateType,
    aggregateId: r.aggregateId,
    disputeId: r.disputeId,
    payload: r.payload,
    actor: { role: r.actorRole, id: r.actorId },
    occurredAt: r.occurredAt.toISOString(),
  }));
}
