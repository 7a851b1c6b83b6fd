import type { Logger } from '@fengqiao/subgraph-kit';
import { DisputeManager } from './dispute-manager.js';
import { DisputesStore, type DisputesDb } from './disputes-store.js';

export function createServices(db: DisputesDb, _log: Logger) {
  const store = new DisputesStore(db);
  return { store, manager: new DisputeManager(store) };
}
export type DisputeServices = ReturnType<typeof createServices>;
