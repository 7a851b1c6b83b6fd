import {
  badInput, createOnce, decodeCursor, forbidden, HubError, legalRules, newId, notFound, pageSize, requireAuthenticated, toConnection,
  systemClock, type Caller, type Clock, type Connection,
} from '@fengqiao/subgraph-kit';
import type { CreditStore } from './credit-store.js';
import { idempotencyKeys, type CreditConsentRow, type CreditReadRow, type CreditRecordRow } from './db/schema.js';

/** What a caller was shown, as written to the access log. */
export type CreditReadScope = 'records' | 'discredited_flag' | 'report' | 'nothing';
export type ConsentStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';
export type RefusalReason = 'NO_CONSENT' | 'CONSENT_REVOKED' | 'CONSENT_EXPIRED';


export interface CreditProfile {
  partyId: string;
  discredited: boolean;
  records: CreditRecordRow[];
  updatedAt: Date;
}

export interface JudicialCreditReport {
  partyId: string;
  discredited: boolean;
  listings: CreditRecordRow[];
  performance: CreditRecordRow[];
  purpose: string;
  consent: CreditConsentRow | null;
  lookupId: string;
  generatedAt: Date;
}

export type ReportAccess =
  | { granted: true; consent: CreditConsentRow | null; full: boolean }
  | { granted: false; reason: RefusalReason; consent: CreditConsentRow | null; message: string };

export interface GrantConsentInput {
  recipientId: string;
  purpose: string;
  expiresAt: Date;
}

export const MAX_PURPOSE_LENGTH = 200;
/** A consent runs at most a year (366 days, so "a year from today" always fits): hub policy, so no consent is open-ended. */
export const MAX_CONSENT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export function consentStatus(consent: CreditConsentRow, now: Date): ConsentStatus {
  if (consent.revokedAt) return 'REVOKED';
  return consent.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : 'ACTIVE';
}

/** The body a third party acts for (a platform's, bank's… `org`), or a party's own id: what a consent names. */
export function recipientOf(caller: Caller): string | null {
  return caller.role === 'party' ? caller.sub : caller.org;
}

/** Those who see every record without a consent: the subject itself, the courts (who publish the list) and admins. */
function seesEverything(caller: Caller, partyId: string): boolean {
  if (caller.role === 'party') return caller.sub === partyId;
  return caller.role === 'court' || caller.role === 'admin';
}

const dateOf = (d: Date) => d.toISOString();

/**
 * Who may have a party's judicial credit report. The subject, courts and admins always; anyone
 * else only under an active consent of the subject naming the caller's body. Positive credit
 * reaches the market only with the litigant's consent (Guangzhou Internet Court's judicial
 * credit report, white paper §VI), and commercial use of personal credit records is lawful
 * only with the subject's consent (Xu Yong v. Zhima Credit, white paper §VII).
 *
 * The consent's purpose is shown to the subject and the look-up's purpose is logged beside the
 * consent it used, but the two are not matched: a free-text match would refuse "loan review"
 * under a consent for "credit review for a loan" and prove nothing. The recipient named and the
 * time limit are what the consent binds; the subject sees every use in the log and can revoke.
 */
export function decideReportAccess(caller: Caller, partyId: string, consents: readonly CreditConsentRow[], now: Date): ReportAccess {
  if (seesEverything(caller, partyId)) return { granted: true, consent: null, full: true };
  const recipient = recipientOf(caller);
  const named = consents.filter((c) => c.subjectId === partyId && c.recipientId === recipient);
  const active = named.filter((c) => consentStatus(c, now) === 'ACTIVE').sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
  if (active[0]) return { granted: true, consent: active[0], full: false };
  const latest = [...named].sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime())[0];
  if (!latest || !recipient) {
    const who = recipient ?? 'a caller acting for no body';
    return {
      granted: false, reason: 'NO_CONSENT', consent: null,
      message: `No consent: party ${partyId} has not consented to give ${who} its judicial credit report. The subject can grant one naming ${recipient ?? 'the body that asks'} as recipient.`,
    };
  }
  if (latest.revokedAt) {
    return {
      granted: false, reason: 'CONSENT_REVOKED', consent: latest,
      message: `Consent revoked: party ${partyId} revoked its consent ${latest.id} for ${recipient} on ${dateOf(latest.revokedAt)}.`,
    };
  }
  return {
    granted: false, reason: 'CONSENT_EXPIRED', consent: latest,
    message: `Consent expired: the consent ${latest.id} of party ${partyId} for ${recipient} expired on ${dateOf(latest.expiresAt)}.`,
  };
}

/**
 * A new consent, checked before anything is stored; each problem names its field and rule.
 * The recipient and purpose are what the subject agrees to (PIPL art. 23 (verify): giving
 * personal information to another processor needs separate consent naming the recipient and
 * the purpose); the end keeps every consent limited in time.
 */
export function checkConsent(raw: GrantConsentInput, subjectId: string, now: Date): GrantConsentInput {
  const recipientId = (raw.recipientId ?? '').trim();
  const purpose = (raw.purpose ?? '').trim();
  if (!recipientId) throw badInput('recipientId is required: the body the report may go to', { field: 'recipientId', rule: 'RECIPIENT_REQUIRED' });
  if (recipientId.length > 100) throw badInput('recipientId is at most 100 characters', { field: 'recipientId', rule: 'RECIPIENT_FORMAT' });
  if (recipientId === subjectId) throw badInput('The subject always sees its own report; name another recipient', { field: 'recipientId', rule: 'RECIPIENT_IS_SUBJECT' });
  if (!purpose) throw badInput('purpose is required: what the recipient may use the report for', { field: 'purpose', rule: 'PURPOSE_REQUIRED' });
  if (purpose.length > MAX_PURPOSE_LENGTH) throw badInput(`purpose is at most ${MAX_PURPOSE_LENGTH} characters`, { field: 'purpose', rule: 'PURPOSE_TOO_LONG' });
  const expiresAt = raw.expiresAt;
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) throw badInput('expiresAt must be a date and time', { field: 'expiresAt', rule: 'EXPIRY_FORMAT' });
  if (expiresAt.getTime() <= now.getTime()) throw badInput('expiresAt must be in the future', { field: 'expiresAt', rule: 'EXPIRY_IN_PAST' });
  if (expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * DAY_MS) {
    throw badInput(`A consent runs for at most a year (${MAX_CONSENT_DAYS} days); grant a new one when it ends`, { field: 'expiresAt', rule: 'EXPIRY_TOO_FAR' });
  }
  return { recipientId, purpose, expiresAt };
}

/** The profile the caller may see, built from all of the party's records. */
export function profileFor(caller: Caller, partyId: string, records: readonly CreditRecordRow[], now: Date): CreditProfile {
  const listed = records.filter((r) => r.kind === 'DISCREDITED_DEBTOR');
  const discredited = listed.some((r) => r.removedAt === null);
  const shown = seesEverything(caller, partyId) ? [...records] : [];
  // The last change the caller can see: the public list for everyone, all records for those who see them.
  const basis = shown.length ? shown : listed;
  const times = basis.flatMap((r) => (r.removedAt ? [r.listedAt, r.removedAt] : [r.listedAt])).map((d) => d.getTime());
  return { partyId, discredited, records: shown, updatedAt: times.length ? new Date(Math.max(...times)) : now };
}

function checkPurpose(raw: string): string {
  const purpose = (raw ?? '').trim();
  if (!purpose) throw badInput('purpose is required: say why you look up this credit report; it is logged and shown to the subject', { field: 'purpose', rule: 'PURPOSE_REQUIRED' });
  if (purpose.length > MAX_PURPOSE_LENGTH) throw badInput(`purpose is at most ${MAX_PURPOSE_LENGTH} characters`, { field: 'purpose', rule: 'PURPOSE_TOO_LONG' });
  return purpose;
}

function requireSubject(caller: Caller, what: string): string {
  requireAuthenticated(caller);
  if (caller.role !== 'party' || !caller.sub) throw forbidden(`Only the subject, with a party token, may ${what}`);
  return caller.sub;
}

/**
 * What the credit subgraph decides: who sees which part of a party's credit, the consent
 * register, and the access log.
 *
 * - Whether a party is a discredited judgment debtor is public (the courts publish the list):
 *   every signed-in caller sees the flag on the profile.
 * - The profile's records are for the subject, courts and admins only; the judicial credit
 *   report goes to others only under consent (see `decideReportAccess`).
 * - Every look-up is logged with what was shown, refused report requests too.
 */
export class CreditManager {
  constructor(private readonly store: CreditStore, readonly clock: Clock = systemClock()) {}

  canSeeRecords(caller: Caller, partyId: string): boolean {
    return seesEverything(caller, partyId);
  }

  readScope(caller: Caller, partyId: string): CreditReadScope {
    return this.canSeeRecords(caller, partyId) ? 'records' : 'discredited_flag';
  }

  profileFor(caller: Caller, partyId: string, records: readonly CreditRecordRow[]): CreditProfile {
    return profileFor(caller, partyId, records, this.clock.now());
  }

  /**
   * The judicial credit report, logged whatever the outcome. A refusal is logged first and
   * then answered with CONSENT_REQUIRED; a request with bad input is not a look-up and leaves
   * nothing behind.
   */
  async report(caller: Caller, rawPartyId: string, rawPurpose: string): Promise<JudicialCreditReport> {
    requireAuthenticated(caller);
    const partyId = (rawPartyId ?? '').trim();
    if (!partyId) throw badInput('partyId is required', { field: 'partyId', rule: 'PARTY_REQUIRED' });
    const purpose = checkPurpose(rawPurpose);
    const now = this.clock.now();
    const recipient = recipientOf(caller);
    const consents = !seesEverything(caller, partyId) && recipient ? await this.store.consentsFor(partyId, recipient) : [];
    const access = decideReportAccess(caller, partyId, consents, now);
    const lookupId = newId('crd');
    const log = { id: lookupId, partyId, kind: 'REPORT' as const, readerRole: caller.role, readerId: caller.sub ?? caller.org, readerOrg: caller.org, purpose, readAt: now };
    if (!access.granted) {
      await this.store.insertReads([{ ...log, what: 'nothing', outcome: 'REFUSED', refusalReason: access.reason, consentId: access.consent?.id ?? null }]);
      throw new HubError('CONSENT_REQUIRED', access.message, { reason: access.reason, partyId });
    }
    const records = await this.store.recordsOf([partyId]);
    await this.store.insertReads([{ ...log, what: 'report', outcome: 'GRANTED', consentId: access.consent?.id ?? null }]);
    const current = (r: CreditRecordRow) => r.removedAt === null;
    const listings = records.filter((r) => r.kind === 'DISCREDITED_DEBTOR');
    return {
      partyId,
      discredited: listings.some(current),
      // A removed listing is no longer published: only those who see everything see it.
      listings: access.full ? listings : listings.filter(current),
      performance: records.filter((r) => r.kind === 'PERFORMANCE' && (access.full || current(r))),
      purpose,
      consent: access.consent,
      lookupId,
      generatedAt: now,
    };
  }

  async grantConsent(caller: Caller, raw: GrantConsentInput, idempotencyKey: string): Promise<string> {
    const subjectId = requireSubject(caller, 'consent to disclose its credit report');
    const now = this.clock.now();
    const input = checkConsent(raw, subjectId, now);
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `party:${subjectId}`, operation: 'grantCreditConsent', input: raw }, async () => {
        const consentId = newId('crc');
        await store.insertConsent({ id: consentId, subjectId, recipientId: input.recipientId, purpose: input.purpose, grantedAt: now, expiresAt: input.expiresAt });
        return consentId;
      }),
    );
    return id;
  }

  /**
   * Withdrawal (PIPL art. 15 (verify)): from now on the recipient is refused; what it was
   * shown before stays in the log. Revoking twice answers the consent as first revoked.
   */
  async revokeConsent(caller: Caller, consentId: string): Promise<CreditConsentRow> {
    const subjectId = requireSubject(caller, 'revoke its consent');
    const [row] = await this.store.consentsByIds([consentId]);
    // Someone else's consent is not there, as far as the caller can tell.
    if (!row || row.subjectId !== subjectId) throw notFound('CreditConsent', consentId);
    if (row.revokedAt) return row;
    return (await this.store.revokeConsent(row.id, this.clock.now())) ?? (await this.store.consentsByIds([row.id]))[0]!;
  }

  myConsents(caller: Caller): Promise<CreditConsentRow[]> {
    return this.store.consentsOfSubject(requireSubject(caller, 'list its consents'));
  }

  /** The access log of a party, for the party itself and admins. */
  async lookups(caller: Caller, partyId: string, first: number | null | undefined, after: string | null | undefined): Promise<Connection<CreditReadRow>> {
    requireAuthenticated(caller);
    const own = caller.role === 'party' && caller.sub === partyId;
    if (!own && caller.role !== 'admin') throw forbidden('The credit access log is for its subject and admins');
    const limit = pageSize(first, 50);
    const rows = await this.store.readsOf(partyId, limit, after ? decodeCursor(after) : undefined);
    return toConnection(rows, limit, (r) => ({ at: r.readAt.toISOString(), id: r.id }));
  }

  myLookups(caller: Caller, first: number | null | undefined, after: string | null | undefined): Promise<Connection<CreditReadRow>> {
    return this.lookups(caller, requireSubject(caller, 'read its credit access log'), first, after);
  }
}

export const CREDIT_RULES = legalRules([
  {
    id: 'DELISTED_IS_NOT_DISCREDITED',
    instrument: 'SPC Several Provisions on Publishing the List of Discredited Judgment Debtors (最高人民法院关于公布失信被执行人名单信息的若干规定, 2017 revision)',
    article: 'art. 10',
    hubDoes: 'A listing the court removed no longer makes the party discredited: not in the public flag, not in a report given under consent, not in the triage fact; the record is kept, marked removed, for the subject, courts and admins.',
    verify: 'that keeping the removed record for the subject and the courts is allowed once the public information is deleted',
    test: { file: 'subgraphs/credit/tests/records-from-events.test.ts', name: 'a removed listing no longer shows as discredited' },
  },
  {
    id: 'CREDIT_REPORT_ONLY_WITH_CONSENT',
    instrument: 'Personal Information Protection Law of the PRC (PIPL); Xu Yong v. Zhima Credit (Hangzhou Internet Court; SPC white paper 2019 §VII)',
    article: 'PIPL art. 23 (separate consent naming recipient and purpose)',
    hubDoes: 'The judicial credit report goes to anyone but the subject, courts and admins only under the subject\'s active consent naming that body; every look-up, refused ones included, is logged.',
    verify: 'PIPL art. 23',
    test: { file: 'subgraphs/credit/tests/consent-and-report.test.ts', name: 'under an active consent naming it, the recipient gets current listings' },
  },
  {
    id: 'CREDIT_CONSENT_WITHDRAWN',
    instrument: 'Personal Information Protection Law of the PRC', article: 'art. 15',
    hubDoes: 'The subject may revoke a consent; from then on the recipient is refused with CONSENT_REQUIRED (CONSENT_REVOKED), while what it was shown before stays in the log.',
    verify: 'PIPL art. 15',
    test: { file: 'subgraphs/credit/tests/consent-and-report.test.ts', name: 'after revocation the recipient is refused with CONSENT_REVOKED' },
  },
]);
