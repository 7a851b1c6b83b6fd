import DataLoader from 'dataloader';
import { groupLoader, newId, rowLoader, type Caller } from '@fengqiao/subgraph-kit';
import { mustLogRead } from './masking.js';
import type { IdentityServices } from './services.js';

/** A personal-data field whose unmasked read is logged. */
export type LoggedField = 'idNumber' | 'contactChannels' | 'serviceAddresses';

interface ReadKey {
  partyId: string;
  field: LoggedField;
}

/**
 * Built per request: each loader batches one SQL statement per entity type per query-plan
 * step. `fullRead` collects the unmasked reads of the request and writes them to the access
 * log with one multi-row insert per batch; the same field of the same party is logged once
 * per request.
 */
export function createLoaders(services: IdentityServices, caller: Caller) {
  const readerId = caller.sub ?? caller.org;
  const fullRead = new DataLoader<ReadKey, true, string>(
    async (keys) => {
      const readAt = new Date();
      await services.store.insertReads(
        keys.map((k) => ({ id: newId('pdr'), partyId: k.partyId, field: k.field, readerRole: caller.role, readerId, readAt })),
      );
      return keys.map(() => true as const);
    },
    { cacheKeyFn: (k) => `${k.partyId}\u0000${k.field}` },
  );
  return {
    party: rowLoader((ids: readonly string[]) => services.store.partiesByIds(ids), (r) => r.id),
    channels: groupLoader((ids: readonly string[]) => services.store.channelsOf(ids), (r) => r.partyId),
    serviceAddresses: groupLoader((ids: readonly string[]) => services.store.latestServiceAddressesOf(ids), (r) => r.partyId),
    /** Resolves once the read is logged, or at once when this caller's reads need no log entry. */
    recordFullRead(partyId: string, field: LoggedField): Promise<unknown> {
      return mustLogRead(caller, partyId) ? fullRead.load({ partyId, field }) : Promise.resolve();
    },
  };
}
export type IdentityLoaders = ReturnType<typeof createLoaders>;
