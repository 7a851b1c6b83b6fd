import { sql } from 'drizzle-orm';
import { bigserial, customType, index, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { Caller } from '../auth/roles.js';
import type { HubDatabase } from './database.js';

/** PostgreSQL's 64-bit transaction id, as text: JavaScript numbers cannot hold every value. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The transactional outbox: every state change a subgraph commits writes its event here in
 * the same transaction, so an event exists exactly when its change does. `seq` orders a
 * subgraph's events within a transaction. `txId` is the writing transaction: `seq` is taken
 * before commit, so two concurrent transactions can commit out of `seq` order, and a reader
 * following `seq` alone would skip the one that commits later. Readers instead follow
 * (txId, seq) and stop below the oldest transaction still running (see events/feed.ts).
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
      txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
      eventType: text('event_type').notNull(),
      aggregateType: text('aggregate_type').notNull(),
      aggregateId: text('aggregate_id').notNull(),
      /** The dispute the event concerns, when there is one: consumers filter on it. */
      disputeId: text('dispute_id'),
      payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
      actorRole: text('actor_role').notNull(),
      actorId: text('actor_id'),
      occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (t) => [index(`${schema.schemaName}_outbox_position_idx`).on(t.txId, t.seq), index(`${schema.schemaName}_outbox_aggregate_idx`).on(t.aggregateType, t.aggregateId), index(`${schema.schemaName}_outbox_dispute_idx`).on(t.disputeId)],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;

export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  disputeId?: string | null;
  payload?: Record<string, unknown>;
  actor: Caller;
  at?: Date;
}

/** Appends events inside the caller's transaction; returns their sequence numbers. */
export async function appendEvents(tx: HubDatabase<any>, table: OutboxTable, events: DomainEvent[]): Promise<number[]> {
  if (!events.length) return [];
  const rows = await tx
    .insert(table)
    .values(
      events.map((e) => ({
        eventType: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        disputeId: e.disputeId ?? null,
        payload: e.payload ?? {},
        actorRole: e.actor.role,
        actorId: e.actor.sub,
        occurredAt: e.at ?? new Date(),
      })),
    )
    .returning({ seq: table.seq });
  return rows.map((r) => r.seq);
}
