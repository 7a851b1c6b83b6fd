import { index, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { eventCursorsTable, idempotencyKeysTable, outboxTable } from '@fengqiao/subgraph-kit';

export const disputesSchema = pgSchema('disputes');

export const disputeCategory = disputesSchema.enum('dispute_category', [
  'CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER',
]);
export const disputeStatus = disputesSchema.enum('dispute_status', [
  'FILED', 'NEGOTIATING', 'IN_MEDIATION', 'SETTLED', 'IN_ARBITRATION', 'IN_LITIGATION', 'RESOLVED', 'WITHDRAWN',
  'UNRESOLVED', 'DECIDED', 'IN_ENFORCEMENT',
]);
export const track = disputesSchema.enum('track', ['NEGOTIATION', 'MEDIATION', 'ARBITRATION', 'LITIGATION']);
export const timelineEventKind = disputesSchema.enum('timeline_event_kind', [
  'FILED', 'EVIDENCE_SUBMITTED', 'ROUTED', 'STATUS_CHANGED', 'NOTE', 'CASE_OPENED', 'ROUTE_REFUSED', 'CASE_PROGRESS',
]);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const disputes = disputesSchema.table(
  'disputes',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: disputeCategory('category').notNull(),
    status: disputeStatus('status').notNull().default('FILED'),
    track: track('track'),
    claimAmount: numeric('claim_amount', { precision: 15, scale: 2 }),
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    originOrderId: text('origin_order_id'),
    /** The platform the dispute was filed through, if any: it may follow the dispute. */
    platformId: text('platform_id'),
    /** Courts, mediation organisations and institutions handling the dispute: they may read it. */
    handlingBodies: text('handling_bodies').array().notNull().default([]),
    /** The route in progress or last taken (its ROUTED timeline event id), and the status before it, to go back if refused. */
    routeId: text('route_id'),
    statusBeforeRoute: disputeStatus('status_before_route'),
    /** The mediator assigned in the mediation under way (mediation's MediatorAssigned); null outside one. Only they, of all mediators, may follow the dispute live. */
    assignedMediatorId: text('assigned_mediator_id'),
    filedAt: ts('filed_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('disputes_filed_at_id_idx').on(t.filedAt, t.id),
    index('disputes_claimant_idx').on(t.claimantId),
    index('disputes_respondent_idx').on(t.respondentId),
  ],
);

export const timelineEvents = disputesSchema.table(
  'timeline_events',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull().references(() => disputes.id),
    kind: timelineEventKind('kind').notNull(),
    summary: text('summary').notNull(),
    track: track('track'),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('timeline_events_dispute_idx').on(t.disputeId, t.occurredAt)],
);

export const evidence = disputesSchema.table(
  'evidence',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull().references(() => disputes.id),
    title: text('title').notNull(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
  },
  (t) => [index('evidence_dispute_idx').on(t.disputeId)],
);

/**
 * Facts both parties confirmed in a failed mediation (Agreement on Confirmation of Undisputed
 * Facts). They belong to the dispute from then on and travel with it to the next track.
 */
export const undisputedFacts = disputesSchema.table(
  'undisputed_facts',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull().references(() => disputes.id),
    statement: text('statement').notNull(),
    /** The mediation case the facts were agreed in. */
    agreedIn: text('agreed_in').notNull(),
    agreedAt: ts('agreed_at').notNull(),
  },
  (t) => [index('undisputed_facts_dispute_idx').on(t.disputeId)],
);

export const idempotencyKeys = idempotencyKeysTable(disputesSchema);

export const outbox = outboxTable(disputesSchema);

export const eventCursors = eventCursorsTable(disputesSchema);

export const tables = { disputes, timelineEvents, evidence, undisputedFacts, idempotencyKeys, outbox, eventCursors };
export type DisputeRow = typeof disputes.$inferSelect;
export type TimelineEventRow = typeof timelineEvents.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type UndisputedFactRow = typeof undisputedFacts.$inferSelect;
