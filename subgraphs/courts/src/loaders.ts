import { groupLoader, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { DiscreditedListingRow, JudicialConfirmationRow } from './db/schema.js';
import type { CourtServices } from './services.js';

/** Keeps the last row per dispute of rows ordered oldest first. */
function latestPerDispute(rows: JudicialConfirmationRow[]): JudicialConfirmationRow[] {
  return [...new Map(rows.map((r) => [r.disputeId, r] as const)).values()];
}

function latestPerCase(rows: DiscreditedListingRow[]): DiscreditedListingRow[] {
  return [...new Map(rows.map((r) => [r.enforcementCaseId, r] as const)).values()];
}

/** Built per request: each loader batches one SQL statement per entity type per query-plan step. */
export function createLoaders(services: CourtServices, caller: Caller) {
  const visibility = services.manager.visibilityFor(caller);
  return {
    court: rowLoader((ids: readonly string[]) => services.store.courtsByIds(ids), (r) => r.id),
    litigationCase: rowLoader((ids: readonly string[]) => services.store.litigationCasesByIds(ids, visibility), (r) => r.id),
    /** A dispute has at most one lawsuit (unique index on dispute_id). */
    litigationOfDispute: rowLoader((ids: readonly string[]) => services.store.litigationCasesByDisputeIds(ids, visibility), (r) => r.disputeId),
    judicialConfirmation: rowLoader((ids: readonly string[]) => services.store.confirmationsByIds(ids, visibility), (r) => r.id),
    /** The latest application for each dispute: a rejected one may be followed by another. */
    confirmationOfDispute: rowLoader(
      async (ids: readonly string[]) => latestPerDispute(await services.store.confirmationsByDisputeIds(ids, visibility)),
      (r) => r.disputeId,
    ),
    transfersOfCase: groupLoader((ids: readonly string[]) => services.store.transfersByCaseIds(ids), (r) => r.caseId),
    /** Events of any court case (lawsuit, confirmation, enforcement); callers load them only for cases they can see. */
    eventsOf: groupLoader((ids: readonly string[]) => services.store.caseEventsByAggregateIds(ids), (r) => r.aggregateId),
    testCaseGroup: rowLoader((ids: readonly string[]) => services.store.testCaseGroupsByIds(ids), (r) => r.id),
    groupMembers: groupLoader((ids: readonly string[]) => services.store.litigationCasesByGroupIds(ids, visibility), (r) => r.testCaseGroupId!),
    groupOffers: groupLoader((ids: readonly string[]) => services.store.offersByGroupIds(ids), (r) => r.groupId),
    enforcementCase: rowLoader((ids: readonly string[]) => services.store.enforcementCasesByIds(ids, visibility), (r) => r.id),
    enforcementOfDispute: groupLoader((ids: readonly string[]) => services.store.enforcementCasesByDisputeIds(ids, visibility), (r) => r.disputeId),
    /** The latest listing of each case (current, or the last one removed); callers load it only for cases they can see. */
    listingOfCase: rowLoader(
      async (ids: readonly string[]) => latestPerCase(await services.store.listingsByEnforcementCaseIds(ids)),
      (r) => r.enforcementCaseId,
    ),
  };
}
export type CourtLoaders = ReturnType<typeof createLoaders>;
