import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { MediationServices } from './services.js';

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: MediationServices, caller: Caller) {
  const visibility = services.manager.caseVisibilityFor(caller);
  const store = services.store;
  return {
    organization: rowLoader((ids: readonly string[]) => store.organizationsByIds(ids), (r) => r.id),
    mediator: rowLoader((ids: readonly string[]) => store.mediatorsByIds(ids), (r) => r.id),
    mediatorsOfOrganization: groupLoader((ids: readonly string[]) => store.mediatorsOfOrganizations(ids), (r) => r.organizationId),
    mediationCase: rowLoader((ids: readonly string[]) => store.casesByIds(ids, visibility), (r) => r.id),
    casesOfDispute: groupLoader((ids: readonly string[]) => store.casesOfDisputes(ids, visibility), (r) => r.disputeId),
    settlementOfCase: rowLoader((ids: readonly string[]) => store.settlementsOfCases(ids), (r) => r.caseId),
    performanceOfSettlement: groupLoader((ids: readonly string[]) => store.performanceOfSettlements(ids), (r) => r.settlementId),
    // The nested lists of a case: reached only through a case the caller may see (or just acted on).
    sessionsOfCase: groupLoader((ids: readonly string[]) => store.sessionsOfCases(ids), (r) => r.caseId),
    contactAttemptsOfCase: groupLoader((ids: readonly string[]) => store.contactAttemptsOfCases(ids), (r) => r.caseId),
    factsOfCase: groupLoader((ids: readonly string[]) => store.factsOfCases(ids), (r) => r.caseId),
    ratingsOfCase: groupLoader((ids: readonly string[]) => store.ratingsOfCases(ids), (r) => r.caseId),
    eventsOfCase: groupLoader((ids: readonly string[]) => store.eventsOfCases(ids), (r) => r.aggregateId),
  };
}
export type MediationLoaders = ReturnType<typeof createLoaders>;
