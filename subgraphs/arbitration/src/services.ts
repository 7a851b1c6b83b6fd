import type { Logger } from '@fengqiao/subgraph-kit';
import { ArbitrationManager } from './arbitration-manager.js';
import { ArbitrationStore, type ArbitrationDb } from './arbitration-store.js';

export function createServices(db: ArbitrationDb, _log: Logger) {
  const store = new ArbitrationStore(db);
  return { store, manager: new ArbitrationManager(store) };
}
export type ArbitrationServices = ReturnType<typeof createServices>;
