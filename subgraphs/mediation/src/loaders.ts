import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { MediationServices } from './services.js';

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: MediationServices, caller: Caller) {
  const visibility = services.manager.caseVisibilityFor(caller);
  return {
    organization: rowLoader((ids: readonly string[]) => services.store.organizationsByIds(ids), (r) => r.id),
    mediator: rowLoader((ids: readonly string[]) => services.store.mediatorsByIds(ids), (r) => r.id),
    mediatorsOfOrganization: groupLoader((ids: readonly string[]) => services.store.mediatorsOfOrganizations(ids), (r) => r.organizationId),
    mediationCase: rowLoader((ids: readonly string[]) => services.store.casesByIds(ids, visibility), (r) => r.id),
    casesOfDispute: groupLoader((ids: readonly string[]) => services.store.casesOfDisputes(ids, visibility), (r) => r.disputeId),
    settlementOfCase: rowLoader((ids: readonly string[]) => services.store.settlementsOfCases(ids), (r) => r.caseId),
  };
}
export type MediationLoaders = ReturnType<typeof createLoaders>;
