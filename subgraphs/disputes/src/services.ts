import type { Logger } from '@fengqiao/subgraph-kit';
import { DisputeManager } from './dispute-manager.js';
import { DisputesStore, type DisputesDb } from './disputes-store.js';
import { TrackReports } from './track-reports.js';

export function createServices(db: DisputesDb, _log: Logger) {
  const store = new DisputesStore(db);
  return { store, manager: new DisputeManager(store), reports: new TrackReports(store, db) };
}
export type DisputeServices = ReturnType<typeof createServices>;
