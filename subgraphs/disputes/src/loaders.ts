import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import { SAME_MATTER_CLOSED } from './same-matter.js';
import type { DisputeServices } from './services.js';

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: DisputeServices, caller: Caller) {
  const visibility = services.manager.visibilityFor(caller);
  return {
    dispute: rowLoader((ids: readonly string[]) => services.store.disputesByIds(ids, visibility), (r) => r.id),
    timeline: groupLoader((ids: readonly string[]) => services.store.timelinesOf(ids), (r) => r.disputeId),
    evidenceOfDispute: groupLoader((ids: readonly string[]) => services.store.evidenceOf(ids), (r) => r.disputeId),
    undisputedFacts: groupLoader((ids: readonly string[]) => services.store.undisputedFactsOf(ids), (r) => r.disputeId),
    evidence: rowLoader((ids: readonly string[]) => services.store.evidenceByIds(ids), (r) => r.id),
    openOnSameOrder: groupLoader((ids: readonly string[]) => services.store.openOnSameOrderAs(ids, SAME_MATTER_CLOSED), (r) => r.disputeId),
  };
}
export type DisputeLoaders = ReturnType<typeof createLoaders>;
