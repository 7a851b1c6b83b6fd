import { boolean, index, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

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

export const tables = { platforms, stores, orders, idempotencyKeys };
export type PlatformRow = typeof platforms.$inferSelect;
export type StoreRow = typeof stores.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
