import type { Logger } from '@fengqiao/subgraph-kit';
import { CreditManager } from './credit-manager.js';
import { CreditStore, type CreditDb } from './credit-store.js';

export function createServices(db: CreditDb, _log: Logger) {
  const store = new CreditStore(db);
  return { store, manager: new CreditManager() };
}
export type CreditServices = ReturnType<typeof createServices>;
