import DataLoader from 'dataloader';
import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { ArbitrationAgreementRow } from './db/schema.js';
import type { ArbitrationServices } from './services.js';

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: ArbitrationServices, caller: Caller) {
  const visibility = services.manager.visibilityFor(caller);
  return {
    institution: rowLoader((ids: readonly string[]) => services.store.institutionsByIds(ids), (r) => r.id),
    arbitrationCase: rowLoader((ids: readonly string[]) => services.store.casesByIds(ids, visibility), (r) => r.id),
    /** A dispute has at most one arbitration case (unique index on dispute_id). */
    caseOfDispute: rowLoader((ids: readonly string[]) => services.store.casesByDisputeIds(ids, visibility), (r) => r.disputeId),
    /** Loaded only through a case the caller may see. */
    agreement: rowLoader((ids: readonly string[]) => services.store.agreementsByIds(ids), (r) => r.id),
    /** Agreements binding each party (one statement per batch; an agreement binds several parties). */
    agreementsOfParty: new DataLoader<string, ArbitrationAgreementRow[]>(async (partyIds) => {
      const rows = await services.store.agreementsOfParties(partyIds);
      return partyIds.map((id) => rows.filter((r) => r.partyIds.includes(id)));
    }),
    eventsOfCase: groupLoader((ids: readonly string[]) => services.store.eventsByCaseIds(ids), (r) => r.caseId),
    /** Loaded only through a case the caller may see. */
    instalmentsOfCase: groupLoader((ids: readonly string[]) => services.store.instalmentsByCaseIds(ids), (r) => r.caseId),
  };
}
export type ArbitrationLoaders = ReturnType<typeof createLoaders>;
