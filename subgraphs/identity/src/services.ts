import { randomBytes } from 'node:crypto';
import type { Logger } from '@fengqiao/subgraph-kit';
import { ActConfirmationManager } from './act-confirmation/act-confirmation-manager.js';
import { ActConfirmationStore } from './act-confirmation/act-confirmation-store.js';
import { AccessLog } from './access-log.js';
import { IdentityManager } from './identity-manager.js';
import { IdentityStore, type IdentityDb } from './identity-store.js';
import { Relations } from './relations.js';
import { ContactRepairManager } from './contact-repair.js';
import { readIdentityEnvironment, registriesFrom, type IdentityEnvironment } from './environment.js';
import { IdentityVerifier } from './identity-verification.js';
import type { Registries } from './registries/index.js';
import { ServiceAddressLibrary } from './service-address-library.js';
import { SeededCourier, type Courier } from './service-of-documents/courier.js';
import { DocumentServiceManager } from './service-of-documents/document-service-manager.js';
import { DocumentServiceStore } from './service-of-documents/document-service-store.js';
import { MessageLog } from './service-of-documents/message-log.js';

/** What tests and deployments may put in place of the environment's choices. */
export interface IdentityOverrides {
  settings?: Partial<IdentityEnvironment>;
  registries?: Registries;
  /** Where served documents leave the hub; the simulated providers by default (service-of-documents/courier.ts). */
  courier?: Courier;
}

let fromEnvironment: { settings: IdentityEnvironment; registries: Registries; codeKey: Buffer } | undefined;

export function createServices(db: IdentityDb, log: Logger, overrides: IdentityOverrides = {}) {
  // Read once per process: services are built per request and per delivered event.
  fromEnvironment ??= (() => {
    const settings = readIdentityEnvironment();
    if (!settings.stepUpCodeKey) log.warn('IDENTITY_STEP_UP_CODE_KEY is not set: confirmation codes are hashed with a key made for this process, so codes sent before a restart (or by another process) cannot be confirmed');
    return { settings, registries: registriesFrom(settings), codeKey: settings.stepUpCodeKey ?? randomBytes(32) };
  })();
  const settings = { ...fromEnvironment.settings, ...overrides.settings };
  const registries = overrides.registries ?? fromEnvironment.registries;
  const store = new IdentityStore(db);
  const relations = new Relations(db);
  const courier = overrides.courier ?? new SeededCourier();
  const messageLog = new MessageLog(db, courier);
  return {
    store,
    relations,
    accessLog: new AccessLog(db),
    manager: new IdentityManager(store),
    verifier: new IdentityVerifier(store, relations, registries),
    addressLibrary: new ServiceAddressLibrary(store),
    repairs: new ContactRepairManager(store, relations, registries, settings),
    documentServices: new DocumentServiceManager(new DocumentServiceStore(db), store, relations, courier, messageLog),
    messageLog,
    actConfirmations: new ActConfirmationManager(new ActConfirmationStore(db), courier, messageLog, {
      limit: { limit: settings.stepUpLimit, windowMinutes: settings.stepUpWindowMinutes },
      codeKey: settings.stepUpCodeKey ?? fromEnvironment.codeKey,
    }),
  };
}
export type IdentityServices = ReturnType<typeof createServices>;
