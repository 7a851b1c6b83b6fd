import type { Logger } from '@fengqiao/subgraph-kit';
import { NegotiationManager } from './negotiation-manager.js';
import { PlatformManager } from './platform-manager.js';
import { PlatformsStore, type PlatformsDb } from './platforms-store.js';

export function createServices(db: PlatformsDb, _log: Logger) {
  const store = new PlatformsStore(db);
  return { store, manager: new PlatformManager(store), negotiations: new NegotiationManager(store) };
}
export type PlatformServices = ReturnType<typeof createServices>;
