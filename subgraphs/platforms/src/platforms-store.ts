import { and, asc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import { orders, platforms, stores, tables, type OrderRow, type PlatformRow, type StoreRow } from './db/schema.js';

export type PlatformsDb = HubDatabase<typeof tables>;
export type NewPlatform = typeof platforms.$inferInsert;
export type NewStore = typeof stores.$inferInsert;
export type NewOrder = typeof orders.$inferInsert;

/** Who may read which orders, as a SQL condition; `{}` means no restriction. */
export interface OrderVisibility {
  /** A party: orders it bought, or orders placed in a store it runs. */
  partyId?: string;
  /** A platform: orders placed in its own stores. */
  platformId?: string;
  none?: boolean;
}

function orderVisibilityCondition(v: OrderVisibility): SQL | undefined {
  if (v.none) return sql`false`;
  if (v.partyId) return or(eq(orders.buyerId, v.partyId), eq(stores.merchantId, v.partyId));
  if (v.platformId) return eq(stores.platformId, v.platformId);
  return undefined;
}

/** SQL for the platforms subgraph; one statement per method, so loaders batch cleanly. */
export class PlatformsStore {
  constructor(private readonly db: PlatformsDb) {}

  transaction<T>(fn: (store: PlatformsStore, tx: PlatformsDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new PlatformsStore(tx as unknown as PlatformsDb), tx as unknown as PlatformsDb));
  }

  async allPlatforms(): Promise<PlatformRow[]> {
    return this.db.select().from(platforms).orderBy(asc(platforms.name), asc(platforms.id));
  }

  async platformsByIds(ids: readonly string[]): Promise<PlatformRow[]> {
    return this.db.select().from(platforms).where(inArray(platforms.id, [...ids]));
  }

  async storesByIds(ids: readonly string[]): Promise<StoreRow[]> {
    return this.db.select().from(stores).where(inArray(stores.id, [...ids]));
  }

  async storesOfPlatforms(platformIds: readonly string[]): Promise<StoreRow[]> {
    return this.db
      .select()
      .from(stores)
      .where(inArray(stores.platformId, [...platformIds]))
      .orderBy(asc(stores.name), asc(stores.id));
  }

  /** Orders by id that `visibility` allows, in one statement joined to their stores. */
  async ordersByIds(ids: readonly string[], visibility: OrderVisibility): Promise<OrderRow[]> {
    return this.db
      .select(getTableColumns(orders))
      .from(orders)
      .innerJoin(stores, eq(stores.id, orders.storeId))
      .where(and(inArray(orders.id, [...ids]), orderVisibilityCondition(visibility)));
  }

  async orderByNumber(storeId: string, orderNumber: string): Promise<OrderRow | undefined> {
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, storeId), eq(orders.orderNumber, orderNumber)));
    return row;
  }

  async insertPlatforms(rows: NewPlatform[]): Promise<void> {
    if (rows.length) await this.db.insert(platforms).values(rows);
  }

  async insertStores(rows: NewStore[]): Promise<void> {
    if (rows.length) await this.db.insert(stores).values(rows);
  }

  async insertOrders(rows: NewOrder[]): Promise<void> {
    if (rows.length) await this.db.insert(orders).values(rows);
  }

  async countPlatforms(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(platforms);
    return row?.n ?? 0;
  }

  async countOrders(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    return row?.n ?? 0;
  }
}
