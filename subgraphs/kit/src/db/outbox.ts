import { bigserial, index, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { Caller } from '../auth/roles.js';
import type { HubDatabase } from './database.js';

/**
 * The transactional outbox: every state change a subgraph commits writes its event here in
 * the same transaction, so an event exists exactly when its change does. `seq` orders a
 * subgraph's events; consumers (subscriptions, the router that carries a dispute between
 * tracks) read forward from the last `seq` they saw.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
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
    (t) => [index(`${schema.schemaName}_outbox_aggregate_idx`).on(t.aggregateType, t.aggregateId), index(`${schema.schemaName}_outbox_dispute_idx`).on(t.disputeId)],
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
