import type { IdentityDocumentType } from '../identity-numbers.js';

/**
 * The official registries lost-connection repair and identity checks ask. Each is behind an
 * interface so that a deployment plugs in the real services by configuration
 * (`IDENTITY_REGISTRIES`), while the demo and the tests use the seeded ones.
 */
export type RegistryName = 'PUBLIC_SECURITY' | 'MARKET_SUPERVISION' | 'TELECOM';
export type RegistryOutcome = 'MATCH' | 'MISMATCH' | 'NOT_FOUND' | 'UNAVAILABLE';

export interface IdentityQuery {
  name: string;
  idType: IdentityDocumentType;
  idNumber: string;
}

/** Public security (resident identity numbers) or market supervision (unified social credit codes). */
export interface IdentityRegistry {
  readonly name: 'PUBLIC_SECURITY' | 'MARKET_SUPERVISION';
  covers(idType: IdentityDocumentType): boolean;
  /** Whether name and number belong together. */
  match(query: IdentityQuery): Promise<{ outcome: RegistryOutcome }>;
  /**
   * Ways to reach the holder that the registry itself records: an organisation's registered
   * address and its liaison's mobile (market supervision). Public security gives none.
   */
  contactsOf(query: IdentityQuery): Promise<RegistryContact[]>;
}

/** Telecom operators' real-name register: which mobile numbers are registered to an identity number. */
export interface TelecomRegistry {
  readonly name: 'TELECOM';
  /** Mobiles in service registered to this holder; UNAVAILABLE when the operators can't be asked. */
  mobilesOf(query: IdentityQuery): Promise<{ outcome: RegistryOutcome; mobiles: string[] }>;
}

export interface RegistryContact {
  kind: 'MOBILE' | 'POSTAL';
  value: string;
}

export interface Registries {
  identity: IdentityRegistry[];
  telecom: TelecomRegistry;
}

/** The identity registry that covers a document, if any (none for passports and Hong Kong cards). */
export function registryFor(registries: Registries, idType: IdentityDocumentType): IdentityRegistry | undefined {
  return registries.identity.find((r) => r.covers(idType));
}

/** A registry that throws or times out is UNAVAILABLE: the request goes on with what the others said. */
export async function ask<T>(question: () => Promise<T>, unavailable: T): Promise<T> {
  try {
    return await question();
  } catch {
    return unavailable;
  }
}
