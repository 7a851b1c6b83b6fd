import type { Logger } from '@fengqiao/subgraph-kit';
import { CreditLedger } from './credit-ledger.js';
import { systemClock } from '@fengqiao/subgraph-kit';
import { CreditManager } from './credit-manager.js';
import { CreditStore, type CreditDb } from './credit-store.js';

export function createServices(db: CreditDb, _log: Logger) {
  const store = new CreditStore(db);
  const clock = systemClock();
  return { store, clock, manager: new CreditManager(store, clock), ledger: new CreditLedger(store) };
}
export type CreditServices = ReturnType<typeof createServices>;
