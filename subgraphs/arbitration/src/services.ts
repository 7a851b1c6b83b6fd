import type { Logger } from '@fengqiao/subgraph-kit';
import { ArbitrationManager } from './arbitration-manager.js';
import { ArbitrationStore, type ArbitrationDb } from './arbitration-store.js';
import { ArbitrationWorkflow } from './arbitration-workflow.js';

export function createServices(db: ArbitrationDb, _log: Logger) {
  const store = new ArbitrationStore(db);
  const manager = new ArbitrationManager(store);
  return { store, manager, workflow: new ArbitrationWorkflow(store, manager) };
}
export type ArbitrationServices = ReturnType<typeof createServices>;
