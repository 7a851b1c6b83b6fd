import type { Logger } from '@fengqiao/subgraph-kit';
import { IdentityManager } from './identity-manager.js';
import { IdentityStore, type IdentityDb } from './identity-store.js';

export function createServices(db: IdentityDb, _log: Logger) {
  const store = new IdentityStore(db);
  return { store, manager: new IdentityManager(store) };
}
export type IdentityServices = ReturnType<typeof createServices>;
