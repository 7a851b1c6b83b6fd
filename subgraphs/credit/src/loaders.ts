import DataLoader from 'dataloader';
import { groupLoader, newId, type Caller } from '@fengqiao/subgraph-kit';
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
    const readAt = new Date();
    await services.store.insertReads(
      partyIds.map((partyId) => ({ id: newId('crd'), partyId, readerRole: caller.role, readerId, what: services.manager.readScope(caller, partyId), readAt })),
    );
    return partyIds.map(() => true as const);
  });
  return {
    records,
    /** The profile as this caller may see it, returned once its read is logged. */
    async profile(partyId: string): Promise<CreditProfile> {
      const [rows] = await Promise.all([records.load(partyId), profileRead.load(partyId)]);
      return services.manager.profileFor(caller, partyId, rows);
    },
  };
}
export type CreditLoaders = ReturnType<typeof createLoaders>;
