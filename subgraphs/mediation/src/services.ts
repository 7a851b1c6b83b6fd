import type { Logger } from '@fengqiao/subgraph-kit';
import { MediationManager } from './mediation-manager.js';
import { MediationStore, type MediationDb } from './mediation-store.js';

export function createServices(db: MediationDb, _log: Logger) {
  const store = new MediationStore(db);
  return { store, manager: new MediationManager(store) };
}
export type MediationServices = ReturnType<typeof createServices>;
