import DataLoader from 'dataloader';
import { groupLoader, newId, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import type { CreditProfile } from './credit-manager.js';
import type { CreditServices } from './services.js';

/**
 * Built per request. `records` fetches the records of all parties of a query-plan step in
 * one select; `profileRead` writes the access log of the same step with one multi-row
 * insert, once per party per request.
 */
export function createLoaders(services: CreditServices, caller: Caller) {
  const readerId = caller.sub ?? caller.org;
  const records = groupLoader((ids: readonly string[]) => services.store.recordsOf(ids), (r) => r.partyId);
  const profileRead = new DataLoader<string, true>(async (partyIds) => {
    const readAt = services.clock.now();
    await services.store.insertReads(
      partyIds.map((partyId) => ({
        id: newId('crd'), partyId, kind: 'PROFILE' as const, readerRole: caller.role, readerId, readerOrg: caller.org,
        what: services.manager.readScope(caller, partyId), outcome: 'GRANTED' as const, readAt,
      })),
    );
    return partyIds.map(() => true as const);
  });
  return {
    records,
    /** Consents named by access-log entries; callers load them only for logs they may read. */
    consent: rowLoader((ids: readonly string[]) => services.store.consentsByIds(ids), (r) => r.id),
    /** The profile as this caller may see it, returned once its read is logged. */
    async profile(partyId: string): Promise<CreditProfile> {
      const [rows] = await Promise.all([records.load(partyId), profileRead.load(partyId)]);
      return services.manager.profileFor(caller, partyId, rows);
    },
  };
}
export type CreditLoaders = ReturnType<typeof createLoaders>;
