import { and, asc, inArray, sql } from 'drizzle-orm';
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

export interface FeedQuery {
  after?: string | null;
  /** Only these event types; all when absent. */
  types?: readonly string[] | null;
  limit: number;
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
        sql`${outbox.txId} < pg_snapshot_xmin(pg_current_snapshot())`,
        query.types?.length ? inArray(outbox.eventType, [...query.types]) : undefined,
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
