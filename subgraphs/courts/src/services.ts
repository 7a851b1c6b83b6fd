import type { Logger } from '@fengqiao/subgraph-kit';
import { CourtManager } from './court-manager.js';
import { CourtsStore, type CourtsDb } from './courts-store.js';

export function createServices(db: CourtsDb, _log: Logger) {
  const store = new CourtsStore(db);
  return { store, manager: new CourtManager(store) };
}
export type CourtServices = ReturnType<typeof createServices>;
