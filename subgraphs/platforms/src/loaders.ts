import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { PlatformServices } from './services.js';

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: PlatformServices, caller: Caller) {
  const orderVisibility = services.manager.orderVisibilityFor(caller);
  return {
    platform: rowLoader((ids: readonly string[]) => services.store.platformsByIds(ids), (r) => r.id),
    store: rowLoader((ids: readonly string[]) => services.store.storesByIds(ids), (r) => r.id),
    storesOfPlatform: groupLoader((ids: readonly string[]) => services.store.storesOfPlatforms(ids), (r) => r.platformId),
    order: rowLoader((ids: readonly string[]) => services.store.ordersByIds(ids, orderVisibility), (r) => r.id),
    /** A negotiation is visible exactly when its order is. */
    negotiation: rowLoader((ids: readonly string[]) => services.store.negotiationsByIds(ids, orderVisibility), (r) => r.id),
    negotiationOfDispute: rowLoader((ids: readonly string[]) => services.store.negotiationsByDisputeIds(ids, orderVisibility), (r) => r.disputeId),
    offersOfNegotiation: groupLoader((ids: readonly string[]) => services.store.offersOf(ids), (r) => r.negotiationId),
    ledgerOfNegotiation: groupLoader((ids: readonly string[]) => services.store.ledgerOf(ids), (r) => r.negotiationId),
    eventsOfNegotiation: groupLoader((ids: readonly string[]) => services.store.eventsOf(ids), (r) => r.negotiationId),
  };
}
export type PlatformLoaders = ReturnType<typeof createLoaders>;
