import { and, asc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  negotiationEvents,
  negotiationLedger,
  negotiationOffers,
  negotiations,
  orders,
  outbox,
  platforms,
  stores,
  tables,
  type LedgerEntryRow,
  type NegotiationEventRow,
  type NegotiationOfferRow,
  type NegotiationRow,
  type NegotiationStatus,
  type OrderRow,
  type OutboxRow,
  type PlatformRow,
  type StoreRow,
} from './db/schema.js';

export type PlatformsDb = HubDatabase<typeof tables>;
export type NewPlatform = typeof platforms.$inferInsert;
export type NewStore = typeof stores.$inferInsert;
export type NewOrder = typeof orders.$inferInsert;
export type NewNegotiation = typeof negotiations.$inferInsert;
export type NewNegotiationOffer = typeof negotiationOffers.$inferInsert;
export type NewLedgerEntry = typeof negotiationLedger.$inferInsert;
export type NewNegotiationEvent = typeof negotiationEvents.$inferInsert;

/** An order with the store it was placed in and that store's platform: who may act on it. */
export interface OrderContext {
  order: OrderRow;
  store: StoreRow;
  platform: PlatformRow;
}

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

  // --- negotiation on the platform ---

  async orderContext(orderId: string): Promise<OrderContext | undefined> {
    const [row] = await this.db
      .select({ order: orders, store: stores, platform: platforms })
      .from(orders)
      .innerJoin(stores, eq(stores.id, orders.storeId))
      .innerJoin(platforms, eq(platforms.id, stores.platformId))
      .where(eq(orders.id, orderId));
    return row;
  }

  /** A negotiation with its order, store and platform, whoever asks: for mutations, which check roles themselves. */
  async negotiationContext(id: string): Promise<(OrderContext & { negotiation: NegotiationRow }) | undefined> {
    const [row] = await this.db
      .select({ negotiation: negotiations, order: orders, store: stores, platform: platforms })
      .from(negotiations)
      .innerJoin(orders, eq(orders.id, negotiations.orderId))
      .innerJoin(stores, eq(stores.id, orders.storeId))
      .innerJoin(platforms, eq(platforms.id, stores.platformId))
      .where(eq(negotiations.id, id));
    return row;
  }

  async negotiationIdForDispute(disputeId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ id: negotiations.id }).from(negotiations).where(eq(negotiations.disputeId, disputeId));
    return row?.id;
  }

  /** Negotiations by id whose order `visibility` allows, in one statement. */
  async negotiationsByIds(ids: readonly string[], visibility: OrderVisibility): Promise<NegotiationRow[]> {
    return this.visibleNegotiations(inArray(negotiations.id, [...ids]), visibility);
  }

  /** Negotiations by dispute id whose order `visibility` allows, in one statement. */
  async negotiationsByDisputeIds(disputeIds: readonly string[], visibility: OrderVisibility): Promise<NegotiationRow[]> {
    return this.visibleNegotiations(inArray(negotiations.disputeId, [...disputeIds]), visibility);
  }

  private visibleNegotiations(where: SQL, visibility: OrderVisibility): Promise<NegotiationRow[]> {
    return this.db
      .select(getTableColumns(negotiations))
      .from(negotiations)
      .innerJoin(orders, eq(orders.id, negotiations.orderId))
      .innerJoin(stores, eq(stores.id, orders.storeId))
      .where(and(where, orderVisibilityCondition(visibility)));
  }

  /**
   * Compare-and-set: moves the negotiation from `expected` to `to` only if it is still
   * `expected`; `undefined` when another transition got there first.
   */
  async compareAndSetStatus(id: string, expected: NegotiationStatus, to: NegotiationStatus): Promise<NegotiationRow | undefined> {
    const [row] = await this.db
      .update(negotiations)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(negotiations.id, id), eq(negotiations.status, expected)))
      .returning();
    return row;
  }

  async negotiationStatus(id: string): Promise<NegotiationStatus | undefined> {
    const [row] = await this.db.select({ status: negotiations.status }).from(negotiations).where(eq(negotiations.id, id));
    return row?.status;
  }

  async insertNegotiation(row: NewNegotiation): Promise<void> {
    await this.db.insert(negotiations).values(row);
  }

  async insertOffer(row: NewNegotiationOffer): Promise<void> {
    await this.db.insert(negotiationOffers).values(row);
  }

  async insertLedgerEntries(rows: NewLedgerEntry[]): Promise<void> {
    if (rows.length) await this.db.insert(negotiationLedger).values(rows);
  }

  async insertNegotiationEvents(rows: NewNegotiationEvent[]): Promise<void> {
    if (rows.length) await this.db.insert(negotiationEvents).values(rows);
  }

  async offersOf(negotiationIds: readonly string[]): Promise<NegotiationOfferRow[]> {
    return this.db
      .select()
      .from(negotiationOffers)
      .where(inArray(negotiationOffers.negotiationId, [...negotiationIds]))
      .orderBy(asc(negotiationOffers.createdAt), asc(negotiationOffers.id));
  }

  async ledgerOf(negotiationIds: readonly string[]): Promise<LedgerEntryRow[]> {
    return this.db
      .select()
      .from(negotiationLedger)
      .where(inArray(negotiationLedger.negotiationId, [...negotiationIds]))
      .orderBy(asc(negotiationLedger.createdAt), asc(negotiationLedger.id));
  }

  async eventsOf(negotiationIds: readonly string[]): Promise<NegotiationEventRow[]> {
    return this.db
      .select()
      .from(negotiationEvents)
      .where(inArray(negotiationEvents.negotiationId, [...negotiationIds]))
      .orderBy(asc(negotiationEvents.occurredAt), asc(negotiationEvents.id));
  }

  /** The outbox, oldest first; `disputeId` narrows it to one dispute's events. */
  async outboxEvents(disputeId?: string): Promise<OutboxRow[]> {
    return this.db
      .select()
      .from(outbox)
      .where(disputeId ? eq(outbox.disputeId, disputeId) : undefined)
      .orderBy(asc(outbox.seq));
  }

  async countNegotiations(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(negotiations);
    return row?.n ?? 0;
  }
}
