import { badInput, createOnce, newId, requireAuthenticated, type Caller, parseInput } from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { idempotencyKeys } from './db/schema.js';
import { checkIdNumber, type CheckedNumber, type IdentityDocumentType } from './identity-numbers.js';
import type { IdentityStore, NewContactChannel } from './identity-store.js';

const PARTY_KINDS = ['NATURAL_PERSON', 'ORGANIZATION'] as const;
const ID_TYPES = ['RESIDENT_ID', 'HONG_KONG_ID', 'PASSPORT', 'UNIFIED_SOCIAL_CREDIT_CODE'] as const;
const JURISDICTIONS = ['MAINLAND', 'HONG_KONG', 'MACAO', 'TAIWAN', 'FOREIGN'] as const;

type PartyKind = (typeof PARTY_KINDS)[number];
type Jurisdiction = (typeof JURISDICTIONS)[number];

const registerPartyInput = z.object({
  name: z.string().trim().min(1, 'name is required').max(200, 'name is at most 200 characters'),
  kind: z.enum(PARTY_KINDS),
  idType: z.enum(ID_TYPES),
  idNumber: z.string().max(64, 'idNumber is at most 64 characters'),
  jurisdiction: z.enum(JURISDICTIONS).nullish(),
  mobile: z.string().max(32, 'mobile is at most 32 characters').nullish(),
  email: z.string().max(254, 'email is at most 254 characters').nullish(),
});
export type RegisterPartyInput = z.input<typeof registerPartyInput>;

/**
 * Which identity documents fit which kind of party:
 * - a natural person: a resident ID, a Hong Kong ID or a passport — never a USCC;
 * - an organisation: a USCC (mainland), or — for an organisation registered outside the
 *   mainland — its foreign registration number, given as PASSPORT (free text, UNCHECKED).
 */
const DOCUMENTS_BY_KIND: Record<PartyKind, readonly IdentityDocumentType[]> = {
  NATURAL_PERSON: ['RESIDENT_ID', 'HONG_KONG_ID', 'PASSPORT'],
  ORGANIZATION: ['UNIFIED_SOCIAL_CREDIT_CODE', 'PASSPORT'],
};

/**
 * Which jurisdictions a document implies. Resident ID numbers and USCCs are issued on the
 * mainland, HKIDs in Hong Kong; a passport (or a foreign registration number) may come from
 * anywhere, except that a mainland organisation must use its USCC.
 */
function jurisdictionFits(kind: PartyKind, idType: IdentityDocumentType, j: Jurisdiction): boolean {
  switch (idType) {
    case 'RESIDENT_ID':
    case 'UNIFIED_SOCIAL_CREDIT_CODE':
      return j === 'MAINLAND';
    case 'HONG_KONG_ID':
      return j === 'HONG_KONG';
    case 'PASSPORT':
      return kind === 'NATURAL_PERSON' || j !== 'MAINLAND';
  }
}

/** Mainland mobiles 1[3-9]xxxxxxxxx (an optional +86 is dropped); others in E.164 (+852…). */
export function normalizeMobile(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  const mainland = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(compact);
  if (mainland) return mainland[1]!;
  if (/^\+(?!86)[1-9]\d{7,14}$/.test(compact)) return compact;
  throw badInput('mobile: a mainland mobile number is 11 digits starting 13–19; other numbers need their +country code (MOBILE_FORMAT)', {
    field: 'mobile',
    rule: 'MOBILE_FORMAT',
  });
}

export function normalizeEmail(raw: string): string {
  const value = raw.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/.test(value)) {
    throw badInput('email: an e-mail address looks like name@example.com (EMAIL_FORMAT)', { field: 'email', rule: 'EMAIL_FORMAT' });
  }
  const at = value.lastIndexOf('@');
  return value.slice(0, at) + value.slice(at).toLowerCase();
}

export interface ValidatedParty {
  name: string;
  kind: PartyKind;
  idType: IdentityDocumentType;
  id: CheckedNumber;
  jurisdiction: Jurisdiction;
  mobile: string | null;
  email: string | null;
}

/** What the identity subgraph decides: whether a registration is well-formed, and who may register. */
export class IdentityManager {
  constructor(private readonly store: IdentityStore) {}

  /** Everything is checked before anything is stored; the first failure is reported. */
  validate(rawInput: RegisterPartyInput, now: Date = new Date()): ValidatedParty {
    const input = parseInput(registerPartyInput, rawInput);
    const jurisdiction = input.jurisdiction ?? 'MAINLAND';
    if (!DOCUMENTS_BY_KIND[input.kind].includes(input.idType)) {
      throw badInput(
        `idType: a ${input.kind === 'NATURAL_PERSON' ? 'natural person' : 'organisation'} cannot be identified by ${input.idType} (ID_TYPE_KIND_MISMATCH)`,
        { field: 'idType', rule: 'ID_TYPE_KIND_MISMATCH' },
      );
    }
    if (!jurisdictionFits(input.kind, input.idType, jurisdiction)) {
      throw badInput(`jurisdiction: ${input.idType} does not fit jurisdiction ${jurisdiction} (JURISDICTION_MISMATCH)`, {
        field: 'jurisdiction',
        rule: 'JURISDICTION_MISMATCH',
      });
    }
    const id = checkIdNumber(input.idType, input.idNumber, now);
    const mobile = input.mobile ? normalizeMobile(input.mobile) : null;
    const email = input.email ? normalizeEmail(input.email) : null;
    return { name: input.name, kind: input.kind, idType: input.idType, id, jurisdiction, mobile, email };
  }

  /** Any signed-in role may register a party (a claimant, a platform or a court registering a respondent). */
  async register(caller: Caller, rawInput: RegisterPartyInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const party = this.validate(rawInput);
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'registerParty', input: rawInput }, async () => {
        const id = newId('pty');
        const now = new Date();
        await store.insertParty({
          id,
          name: party.name,
          kind: party.kind,
          idType: party.idType,
          idNumber: party.id.normalized,
          registryCheck: party.id.registryCheck,
          jurisdiction: party.jurisdiction,
          registeredAt: now,
        });
        const channels: NewContactChannel[] = [];
        if (party.mobile) channels.push({ id: newId('cch'), partyId: id, kind: 'MOBILE', value: party.mobile, verified: false, createdAt: now });
        if (party.email) channels.push({ id: newId('cch'), partyId: id, kind: 'EMAIL', value: party.email, verified: false, createdAt: now });
        await store.insertContactChannels(channels);
        return id;
      }),
    );
    return id;
  }
}
