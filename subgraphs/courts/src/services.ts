import type { Logger } from '@fengqiao/subgraph-kit';
import { CourtManager } from './court-manager.js';
import { CourtWorkflow } from './court-workflow.js';
import { CourtsStore, type CourtsDb } from './courts-store.js';

export function createServices(db: CourtsDb, _log: Logger) {
  const store = new CourtsStore(db);
  const manager = new CourtManager(store);
  return { store, manager, workflow: new CourtWorkflow(store, manager) };
}
export type CourtServices = ReturnType<typeof createServices>;
