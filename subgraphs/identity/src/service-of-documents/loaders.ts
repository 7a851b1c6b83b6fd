import { groupLoader, rowLoader } from '@fengqiao/subgraph-kit';
import type { DocumentServiceStore } from './document-service-store.js';

/** Per request, like the other identity loaders: one statement per batch. */
export function createDocumentServiceLoaders(store: DocumentServiceStore) {
  return {
    service: rowLoader((ids: readonly string[]) => store.servicesByIds(ids), (r) => r.id),
    /** Newest first. */
    ofParty: groupLoader((ids: readonly string[]) => store.servicesOfParties(ids), (r) => r.partyId),
    /** In the order tried. */
    attempts: groupLoader((ids: readonly string[]) => store.attemptsOf(ids), (r) => r.serviceId),
  };
}
export type DocumentServiceLoaders = ReturnType<typeof createDocumentServiceLoaders>;
