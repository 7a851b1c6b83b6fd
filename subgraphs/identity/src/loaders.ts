import DataLoader from 'dataloader';
import { groupLoader, newId, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import { accessNeedsRelation, accessOf, type Access } from './masking.js';
import type { IdentityServices } from './services.js';
import { createDocumentServiceLoaders } from './service-of-documents/loaders.js';

/** A personal-data field whose unmasked read is logged. */
export type LoggedField = 'idNumber' | 'contactChannels' | 'serviceAddresses' | 'serviceAddressHistory';

interface ReadKey {
  partyId: string;
  field: LoggedField;
  purpose: string;
}

/**
 * Built per request: each loader batches one SQL statement per entity type per query-plan
 * step. `fullRead` collects the unmasked reads of the request and writes them to the access
 * log with one multi-row insert per batch; the same field of the same party is logged once
 * per request.
 */
export function createLoaders(services: IdentityServices, caller: Caller) {
  const fullRead = new DataLoader<ReadKey, true, string>(
    async (keys) => {
      const readAt = new Date();
      await services.store.insertReads(
        keys.map((k) => ({ id: newId('pdr'), partyId: k.partyId, field: k.field, readerRole: caller.role, readerId: caller.sub, readerOrg: caller.org, purpose: k.purpose, readAt })),
      );
      return keys.map(() => true as const);
    },
    { cacheKeyFn: (k) => `${k.partyId}\u0000${k.field}` },
  );
  // One query per request for the relations of every party read: masking runs on each field.
  const access = new DataLoader<string, Access>(async (partyIds) => {
    if (!accessNeedsRelation(caller)) return partyIds.map((id) => accessOf(caller, id));
    const handled = new Map((await services.relations.handledBy(caller.org!, partyIds)).map((r) => [r.partyId, r.disputeId]));
    return partyIds.map((id) => accessOf(caller, id, handled.get(id) ?? null));
  });
  return {
    access,
    party: rowLoader((ids: readonly string[]) => services.store.partiesByIds(ids), (r) => r.id),
    channels: groupLoader((ids: readonly string[]) => services.store.channelsOf(ids), (r) => r.partyId),
    serviceAddresses: groupLoader((ids: readonly string[]) => services.store.latestServiceAddressesOf(ids), (r) => r.partyId),
    documentServices: createDocumentServiceLoaders(services.documentServices.store),
    serviceAddressHistory: groupLoader((ids: readonly string[]) => services.store.serviceAddressHistoryOf(ids), (r) => r.partyId),
    latestVerification: rowLoader((ids: readonly string[]) => services.store.latestVerificationsOf(ids), (r) => r.partyId),
    latestRepair: rowLoader((ids: readonly string[]) => services.store.latestRepairsOf(ids), (r) => r.partyId),
    /** Resolves once the read is logged, or at once when this read needs no log entry (masked, or the party itself). */
    recordFullRead(partyId: string, field: LoggedField, granted: Access): Promise<unknown> {
      return granted.level === 'FULL' && granted.purpose ? fullRead.load({ partyId, field, purpose: granted.purpose }) : Promise.resolve();
    },
  };
}
export type IdentityLoaders = ReturnType<typeof createLoaders>;
