import type { Logger } from '@fengqiao/subgraph-kit';
import { systemClock, type Clock } from '@fengqiao/subgraph-kit';
import { readMediationEnvironment, type MediationEnvironment } from './environment.js';
import { MediationManager } from './mediation-manager.js';
import { MediationStore, type MediationDb } from './mediation-store.js';

/** What tests and deployments may put in place of the environment's choices. */
export interface MediationOverrides {
  settings?: Partial<MediationEnvironment>;
  /** The time deadlines are set and checked against; the system clock by default. */
  clock?: Clock;
}

let fromEnvironment: MediationEnvironment | undefined;
const defaultClock = systemClock();

export function createServices(db: MediationDb, _log: Logger, overrides: MediationOverrides = {}) {
  // Read once per process: services are built at start and per delivered event.
  fromEnvironment ??= readMediationEnvironment();
  const settings = { ...fromEnvironment, ...overrides.settings };
  const clock = overrides.clock ?? defaultClock;
  const store = new MediationStore(db);
  return { store, clock, settings, manager: new MediationManager(store, { ackHours: settings.ackHours }, clock) };
}
export type MediationServices = ReturnType<typeof createServices>;
