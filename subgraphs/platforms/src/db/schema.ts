import { boolean, index, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { eventCursorsTable, idempotencyKeysTable, outboxTable } from '@fengqiao/subgraph-kit';

export const platformsSchema = pgSchema('platforms');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const platforms = platformsSchema.table('platforms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  website: text('website'),
  /** The platform withholds the merchant's funds and compensates consumers directly. */
  offersConsumerCompensation: boolean('offers_consumer_compensation').notNull().default(false),
  /** The arbitration institution named in the platform's terms, if they carry an arbitration clause. */
  arbitrationClauseInstitutionId: text('arbitration_clause_institution_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const stores = platformsSchema.table(
  'stores',
  {
    id: text('id').primaryKey(),
    platformId: text('platform_id').notNull().references(() => platforms.id),
    name: text('name').notNull(),
    /** The party (identity subgraph) running the store. */
    merchantId: text('merchant_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('stores_platform_idx').on(t.platformId), index('stores_merchant_idx').on(t.merchantId)],
);

export const orders = platformsSchema.table(
  'orders',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    orderNumber: text('order_number').notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    currency: text('currency').notNull().default('CNY'),
    itemSummary: text('item_summary').notNull(),
    /** The party (identity subgraph) who bought. */
    buyerId: text('buyer_id').notNull(),
    placedAt: ts('placed_at').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_store_number_uq').on(t.storeId, t.orderNumber),
    index('orders_buyer_idx').on(t.buyerId),
  ],
);

export const idempotencyKeys = idempotencyKeysTable(platformsSchema);

/** Track 1: negotiation on the platform, with consumer compensation where the platform offers it. */
export const NEGOTIATION_STATUSES = ['OPEN', 'AGREED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD', 'RESOLVED', 'ESCALATED'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];
export const negotiationStatus = platformsSchema.enum('negotiation_status', NEGOTIATION_STATUSES);

export const NEGOTIATION_EVENT_KINDS = ['OPENED', 'MERCHANT_ACCEPTED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD', 'CONSUMER_COMPENSATED', 'ESCALATED'] as const;
export type NegotiationEventKind = (typeof NEGOTIATION_EVENT_KINDS)[number];
export const negotiationEventKind = platformsSchema.enum('negotiation_event_kind', NEGOTIATION_EVENT_KINDS);

export const LEDGER_ENTRY_KINDS = ['MERCHANT_FUNDS_WITHHELD', 'PAID_TO_CONSUMER', 'WITHHELD_FUNDS_RELEASED'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export const ledgerEntryKind = platformsSchema.enum('ledger_entry_kind', LEDGER_ENTRY_KINDS);

export const negotiations = platformsSchema.table(
  'negotiations',
  {
    id: text('id').primaryKey(),
    /** The dispute (disputes subgraph) being negotiated; one negotiation per dispute. */
    disputeId: text('dispute_id').notNull(),
    orderId: text('order_id').notNull().references(() => orders.id),
    /** The buyer of the order (identity subgraph party). */
    claimantId: text('claimant_id').notNull(),
    /** The merchant running the order's store (identity subgraph party). */
    respondentId: text('respondent_id').notNull(),
    requestedAmount: numeric('requested_amount', { precision: 15, scale: 2 }).notNull(),
    reason: text('reason').notNull(),
    status: negotiationStatus('status').notNull().default('OPEN'),
    openedByRole: text('opened_by_role').notNull(),
    openedById: text('opened_by_id'),
    openedAt: ts('opened_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('negotiations_dispute_uq').on(t.disputeId), index('negotiations_order_idx').on(t.orderId)],
);

/** The merchant's answers: an acceptance with the amount it agrees to pay, or a refusal. */
export const negotiationOffers = platformsSchema.table(
  'negotiation_offers',
  {
    id: text('id').primaryKey(),
    negotiationId: text('negotiation_id').notNull().references(() => negotiations.id),
    accepted: boolean('accepted').notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }),
    message: text('message').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('negotiation_offers_negotiation_idx').on(t.negotiationId)],
);

/**
 * Money moved by consumer compensation. At most one entry of each kind per negotiation, so
 * the database itself refuses a second withholding or a second payment.
 */
export const negotiationLedger = platformsSchema.table(
  'negotiation_ledger',
  {
    id: text('id').primaryKey(),
    negotiationId: text('negotiation_id').notNull().references(() => negotiations.id),
    kind: ledgerEntryKind('kind').notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    /** Whose money moves: the merchant's funds, held by the platform, paid to the consumer. */
    fromAccount: text('from_account').notNull(),
    toAccount: text('to_account').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('negotiation_ledger_kind_uq').on(t.negotiationId, t.kind)],
);

/** What happened to a negotiation, oldest first. */
export const negotiationEvents = platformsSchema.table(
  'negotiation_events',
  {
    id: text('id').primaryKey(),
    negotiationId: text('negotiation_id').notNull().references(() => negotiations.id),
    kind: negotiationEventKind('kind').notNull(),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    note: text('note'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('negotiation_events_negotiation_idx').on(t.negotiationId)],
);

export const outbox = outboxTable(platformsSchema);

export const eventCursors = eventCursorsTable(platformsSchema);

export const tables = { platforms, stores, orders, idempotencyKeys, negotiations, negotiationOffers, negotiationLedger, negotiationEvents, outbox, eventCursors };
export type PlatformRow = typeof platforms.$inferSelect;
export type StoreRow = typeof stores.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type NegotiationRow = typeof negotiations.$inferSelect;
export type NegotiationOfferRow = typeof negotiationOffers.$inferSelect;
export type LedgerEntryRow = typeof negotiationLedger.$inferSelect;
export type NegotiationEventRow = typeof negotiationEvents.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
