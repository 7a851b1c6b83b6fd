import { eq, sql } from 'drizzle-orm';
import { DEBTOR_DELISTED, DEBTOR_DISCREDITED, DEMO, feedEvent, OBLIGATION_PERFORMED, startTestSubgraph, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { decideReportAccess, MAX_CONSENT_DAYS } from '../src/credit-manager.js';
import { creditConsents, creditReads, idempotencyKeys } from '../src/db/schema.js';
import { creditSubgraph } from '../src/definition.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const silkRoad = as('platform', 'usr_ops_silk', DEMO.platforms.silkRoadMall);
const yiwuGo = as('platform', 'usr_ops_yiwugo', DEMO.platforms.yiwuGo);
const judge = as('court', 'usr_judge_huang', DEMO.courts.yiwu);
const admin = as('admin', 'usr_admin');
const mediator = as('mediator', DEMO.mediators.zhouLei, DEMO.mediationOrganizations.yiwuMarketMediation);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(creditSubgraph); });
afterAll(() => sg?.stop());
afterEach(() => { sg.services.clock.now = () => new Date(); });

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
const seqs: Record<string, number> = {};
function from(source: string, type: string, payload: Record<string, unknown>): FeedEvent {
  seqs[source] = (seqs[source] ?? 0) + 1;
  return feedEvent(source, seqs[source]!, type, payload);
}
async function counts() {
  const one = async (t: any) => (await db().select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { consents: await one(creditConsents), reads: await one(creditReads), keys: await one(idempotencyKeys) };
}

const CONSENT_FIELDS = 'id subject { id } recipientId purpose grantedAt expiresAt revokedAt status';
const GRANT = `mutation($input: GrantCreditConsentInput!, $key: String!) { grantCreditConsent(input: $input, idempotencyKey: $key) { ${CONSENT_FIELDS} } }`;
const REVOKE = `mutation($id: ID!) { revokeCreditConsent(consentId: $id) { ${CONSENT_FIELDS} } }`;
const MY_CONSENTS = `{ myCreditConsents { ${CONSENT_FIELDS} } }`;
const REPORT = `query($id: ID!, $purpose: String!) { judicialCreditReport(partyId: $id, purpose: $purpose) {
  party { id } discredited purpose lookupId generatedAt consent { id purpose }
  listings { kind sourceCaseNumber removedAt } performance { kind sourceReference } } }`;
const LOOKUP_FIELDS = 'id kind readerRole readerId readerOrganization purpose outcome disclosed refusalReason consent { id } at';
const MY_LOOKUPS = `query($first: Int, $after: String) { myCreditLookups(first: $first, after: $after) { nodes { ${LOOKUP_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const LOOKUPS = `query($id: ID!, $first: Int) { creditLookups(partyId: $id, first: $first) { nodes { ${LOOKUP_FIELDS} } pageInfo { hasNextPage endCursor } } }`;

/**
 * A subject with a history: listed in one enforcement case and delisted on performance,
 * listed in another and still listed, and a settlement performed.
 */
async function subjectWithHistory() {
  const id = uniq('pty_subject');
  const old = { listingId: uniq('dsl'), enforcementCaseId: uniq('enf'), caseNumber: '(2026)浙0782执10号', courtId: DEMO.courts.yiwu, debtorId: id, ground: 'REFUSES_DESPITE_ABILITY', statement: 'Did not pay.', listedAt: '2026-03-01T00:00:00.000Z' };
  const now = { ...old, listingId: uniq('dsl'), enforcementCaseId: uniq('enf'), caseNumber: '(2026)浙0782执11号', listedAt: '2026-09-01T00:00:00.000Z' };
  await sg.deliver('courts', [
    from('courts', DEBTOR_DISCREDITED, old),
    from('courts', DEBTOR_DELISTED, { listingId: old.listingId, enforcementCaseId: old.enforcementCaseId, caseNumber: old.caseNumber, debtorId: id, reason: 'PERFORMED', removedAt: '2026-04-01T00:00:00.000Z' }),
    from('courts', DEBTOR_DISCREDITED, now),
  ]);
  const settlement = uniq('sag');
  await sg.deliver('mediation', [from('mediation', OBLIGATION_PERFORMED, { obligation: 'SETTLEMENT', obligationId: settlement, creditorId: uniq('pty_c'), debtorId: id, totalAmount: '500.00', performedAt: '2026-05-01T00:00:00.000Z' })]);
  return { id, party: as('party', id), settlement };
}

const consentInput = (recipientId: string, extra: Record<string, unknown> = {}) => ({
  recipientId, purpose: 'Merchant onboarding review', expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), ...extra,
});
async function grant(subject: Caller, recipientId: string, extra: Record<string, unknown> = {}, key = uniq('key-consent')) {
  const r = await sg.request(GRANT, { input: consentInput(recipientId, extra), key }, subject);
  expect(r.errors).toBeUndefined();
  return r.data.grantCreditConsent;
}
const report = (id: string, caller: Caller, purpose = 'Merchant onboarding review') => sg.request(REPORT, { id, purpose }, caller);

describe('the consent register', () => {
  test('the subject grants a consent naming a recipient, purpose and end; it lists its consents', async () => {
    const s = await subjectWithHistory();
    const expiresAt = new Date(Date.now() + 90 * DAY).toISOString();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall, { purpose: '  Supplier credit review  ', expiresAt });
    expect(c).toMatchObject({ subject: { id: s.id }, recipientId: DEMO.platforms.silkRoadMall, purpose: 'Supplier credit review', expiresAt, revokedAt: null, status: 'ACTIVE' });
    expect(c.id).toMatch(/^crc_/);
    expect((await sg.request(MY_CONSENTS, {}, s.party)).data.myCreditConsents).toEqual([c]);
  });

  test('an idempotency key replays the grant; reused with other input it is refused', async () => {
    const s = await subjectWithHistory();
    const key = uniq('key-consent');
    const first = await grant(s.party, DEMO.platforms.silkRoadMall, {}, key);
    const input = consentInput(DEMO.platforms.silkRoadMall, { expiresAt: first.expiresAt });
    expect((await sg.request(GRANT, { input, key }, s.party)).data.grantCreditConsent.id).toBe(first.id);
    const other = await sg.request(GRANT, { input: { ...input, purpose: 'Something else' }, key }, s.party);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await sg.request(MY_CONSENTS, {}, s.party)).data.myCreditConsents).toHaveLength(1);
  });

  test.each([
    ['an empty recipient', { recipientId: '  ' }, 'recipientId', 'RECIPIENT_REQUIRED'],
    ['the subject itself as recipient', { recipientId: 'SELF' }, 'recipientId', 'RECIPIENT_IS_SUBJECT'],
    ['an empty purpose', { purpose: ' ' }, 'purpose', 'PURPOSE_REQUIRED'],
    ['a purpose of more than 200 characters', { purpose: 'p'.repeat(201) }, 'purpose', 'PURPOSE_TOO_LONG'],
    ['an end in the past', { expiresAt: new Date(Date.now() - HOUR).toISOString() }, 'expiresAt', 'EXPIRY_IN_PAST'],
    ['an end more than a year ahead', { expiresAt: new Date(Date.now() + (MAX_CONSENT_DAYS + 1) * DAY).toISOString() }, 'expiresAt', 'EXPIRY_TOO_FAR'],
    ['a malformed idempotency key', { key: 'short' }, 'idempotencyKey', 'IDEMPOTENCY_KEY_FORMAT'],
  ])('%s is refused with BAD_USER_INPUT naming field and rule; nothing is stored', async (_, change, field, rule) => {
    const s = await subjectWithHistory();
    const { key, ...extra } = change as Record<string, unknown>;
    if (extra.recipientId === 'SELF') extra.recipientId = s.id;
    const before = await counts();
    const r = await sg.request(GRANT, { input: consentInput(DEMO.platforms.silkRoadMall, extra), key: key ?? uniq('key-consent') }, s.party);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(r.data).toBeNull();
    expect(await counts()).toEqual(before);
  });

  test('an expiry that is not a date is refused by the schema; nothing is stored', async () => {
    const s = await subjectWithHistory();
    const before = await counts();
    const r = await sg.request(GRANT, { input: consentInput(DEMO.platforms.silkRoadMall, { expiresAt: 'next year' }), key: uniq('key-consent') }, s.party);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  test.each([['a platform', silkRoad], ['a court', judge], ['an admin', admin]])('%s cannot consent for the subject (FORBIDDEN, nothing stored)', async (_, caller) => {
    const before = await counts();
    const r = await sg.request(GRANT, { input: consentInput(DEMO.platforms.silkRoadMall), key: uniq('key-consent') }, caller);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    expect((await sg.request(GRANT, { input: consentInput('x'), key: uniq('key-consent') }, as('anonymous', null))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('the subject revokes; revoking again answers the same revoked consent; nobody else can revoke it', async () => {
    const s = await subjectWithHistory();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall);
    const other = await subjectWithHistory();
    expect((await sg.request(REVOKE, { id: c.id }, other.party)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await sg.request(REVOKE, { id: c.id }, silkRoad)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(REVOKE, { id: 'crc_nope' }, s.party)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const revoked = (await sg.request(REVOKE, { id: c.id }, s.party)).data.revokeCreditConsent;
    expect(revoked).toMatchObject({ id: c.id, status: 'REVOKED' });
    expect(revoked.revokedAt).not.toBeNull();
    const again = await sg.request(REVOKE, { id: c.id }, s.party);
    expect(again.errors).toBeUndefined();
    expect(again.data.revokeCreditConsent).toEqual(revoked);
  });

  test('a consent expires on its own at its end', async () => {
    const s = await subjectWithHistory();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall, { expiresAt: new Date(Date.now() + HOUR).toISOString() });
    sg.services.clock.now = () => new Date(Date.now() + 2 * HOUR);
    expect((await sg.request(MY_CONSENTS, {}, s.party)).data.myCreditConsents).toEqual([expect.objectContaining({ id: c.id, status: 'EXPIRED' })]);
  });
});

describe('the judicial credit report', () => {
  test('the subject always gets its own full report, removed listings included, without any consent', async () => {
    const s = await subjectWithHistory();
    const r = await report(s.id, s.party, 'Checking my own record');
    expect(r.errors).toBeUndefined();
    expect(r.data.judicialCreditReport).toMatchObject({
      party: { id: s.id }, discredited: true, purpose: 'Checking my own record', consent: null,
      listings: [
        { kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: '(2026)浙0782执10号', removedAt: '2026-04-01T00:00:00.000Z' },
        { kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: '(2026)浙0782执11号', removedAt: null },
      ],
      performance: [{ kind: 'PERFORMANCE', sourceReference: s.settlement }],
    });
  });

  test.each([['a court', judge], ['an admin', admin]])('%s gets the full report, logged with its purpose', async (_, caller) => {
    const s = await subjectWithHistory();
    const r = await report(s.id, caller, 'Enforcement review');
    expect(r.data.judicialCreditReport.listings).toHaveLength(2);
    const [log] = await db().select().from(creditReads).where(eq(creditReads.id, r.data.judicialCreditReport.lookupId));
    expect(log).toMatchObject({ partyId: s.id, kind: 'REPORT', readerRole: caller.role, readerId: caller.sub, readerOrg: caller.org, purpose: 'Enforcement review', what: 'report', outcome: 'GRANTED', consentId: null });
  });

  test.each([['a platform', silkRoad], ['a mediator', mediator], ['another party', as('party', 'pty_curious_neighbour')]])(
    '%s without consent is refused with CONSENT_REQUIRED (NO_CONSENT), and the refusal is logged',
    async (_, caller) => {
      const s = await subjectWithHistory();
      const before = await counts();
      const r = await report(s.id, caller);
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'NO_CONSENT', partyId: s.id });
      expect(r.errors?.[0]?.message).toMatch(/^No consent: party .* has not consented to give .* its judicial credit report/);
      expect(await counts()).toEqual({ ...before, reads: before.reads + 1 });
      const [log] = await db().select().from(creditReads).where(eq(creditReads.partyId, s.id)).orderBy(creditReads.readAt);
      expect(log).toMatchObject({ kind: 'REPORT', readerRole: caller.role, purpose: 'Merchant onboarding review', what: 'nothing', outcome: 'REFUSED', refusalReason: 'NO_CONSENT', consentId: null });
    },
  );

  test('under an active consent naming it, the recipient gets current listings and positive records; the consent is logged', async () => {
    const s = await subjectWithHistory();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall);
    const r = await report(s.id, silkRoad, 'Loan pre-screening');
    expect(r.errors).toBeUndefined();
    expect(r.data.judicialCreditReport).toMatchObject({
      discredited: true, purpose: 'Loan pre-screening', consent: { id: c.id, purpose: 'Merchant onboarding review' },
      // The listing removed on performance is no longer published: a third party does not see it.
      listings: [{ sourceCaseNumber: '(2026)浙0782执11号', removedAt: null }],
      performance: [{ kind: 'PERFORMANCE', sourceReference: s.settlement }],
    });
    const [log] = await db().select().from(creditReads).where(eq(creditReads.id, r.data.judicialCreditReport.lookupId));
    expect(log).toMatchObject({ outcome: 'GRANTED', consentId: c.id, readerOrg: DEMO.platforms.silkRoadMall, purpose: 'Loan pre-screening' });

    // The consent names Silk Road Mall, not every platform.
    expect((await report(s.id, yiwuGo)).errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'NO_CONSENT' });
    // A party may be a recipient too, under its own id.
    const lender = as('party', uniq('pty_lender'));
    await grant(s.party, lender.sub!);
    expect((await report(s.id, lender)).data.judicialCreditReport.performance).toHaveLength(1);
  });

  test('after revocation the recipient is refused with CONSENT_REVOKED', async () => {
    const s = await subjectWithHistory();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall);
    expect((await report(s.id, silkRoad)).errors).toBeUndefined();
    await sg.request(REVOKE, { id: c.id }, s.party);
    const r = await report(s.id, silkRoad);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'CONSENT_REVOKED' });
    expect(r.errors?.[0]?.message).toContain(`Consent revoked: party ${s.id} revoked its consent ${c.id}`);
    // A fresh consent opens the report again.
    await grant(s.party, DEMO.platforms.silkRoadMall);
    expect((await report(s.id, silkRoad)).errors).toBeUndefined();
  });

  test('after expiry the recipient is refused with CONSENT_EXPIRED', async () => {
    const s = await subjectWithHistory();
    const c = await grant(s.party, DEMO.platforms.silkRoadMall, { expiresAt: new Date(Date.now() + HOUR).toISOString() });
    expect((await report(s.id, silkRoad)).errors).toBeUndefined();
    sg.services.clock.now = () => new Date(Date.now() + 2 * HOUR);
    const r = await report(s.id, silkRoad);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'CONSENT_EXPIRED' });
    expect(r.errors?.[0]?.message).toContain(`Consent expired: the consent ${c.id}`);
    const [log] = await db().select().from(creditReads).where(eq(creditReads.partyId, s.id)).orderBy(sql`${creditReads.readAt} desc`).limit(1);
    expect(log).toMatchObject({ outcome: 'REFUSED', refusalReason: 'CONSENT_EXPIRED', consentId: c.id });
  });

  test.each([
    ['an empty purpose', ' ', 'purpose', 'PURPOSE_REQUIRED'],
    ['a purpose of more than 200 characters', 'p'.repeat(201), 'purpose', 'PURPOSE_TOO_LONG'],
  ])('%s is refused before anything is read or logged', async (_, purpose, field, rule) => {
    const s = await subjectWithHistory();
    const before = await counts();
    const r = await report(s.id, silkRoad, purpose);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(await counts()).toEqual(before);
  });

  test('anonymous callers get UNAUTHENTICATED', async () => {
    const s = await subjectWithHistory();
    expect((await report(s.id, as('anonymous', null))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a consent does not open the profile\'s records: those stay with the subject, courts and admins', async () => {
    const s = await subjectWithHistory();
    await grant(s.party, DEMO.platforms.silkRoadMall);
    const r = await sg.request('query($id: ID!) { creditProfile(partyId: $id) { discredited records { id } } }', { id: s.id }, silkRoad);
    expect(r.data.creditProfile).toEqual({ discredited: true, records: [] });
  });

  test('the seeded supplier consented to Silk Road Mall', async () => {
    const r = await report(DEMO.parties.supplierCo, silkRoad);
    expect(r.errors).toBeUndefined();
    expect(r.data.judicialCreditReport).toMatchObject({ discredited: false, consent: { id: 'crc_demo_supplier_co_silk_road' }, performance: [{ kind: 'PERFORMANCE' }] });
  });

  test('the decision prefers the active consent that runs longest, and reports the latest consent when none is active', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const consent = (id: string, grantedAt: string, expiresAt: string, revokedAt: string | null = null) => ({
      id, subjectId: 'p', recipientId: 'plt', purpose: 'x', grantedAt: new Date(grantedAt), expiresAt: new Date(expiresAt), revokedAt: revokedAt ? new Date(revokedAt) : null,
    });
    const platform = as('platform', 'u', 'plt');
    const short = consent('c1', '2026-01-01', '2026-07-01');
    const long = consent('c2', '2026-02-01', '2026-12-01');
    expect(decideReportAccess(platform, 'p', [short, long], now)).toMatchObject({ granted: true, consent: { id: 'c2' } });
    const expired = consent('c3', '2026-01-01', '2026-05-01');
    const revoked = consent('c4', '2026-03-01', '2026-12-01', '2026-04-01');
    expect(decideReportAccess(platform, 'p', [expired, revoked], now)).toMatchObject({ granted: false, reason: 'CONSENT_REVOKED', consent: { id: 'c4' } });
    expect(decideReportAccess(platform, 'p', [expired], now)).toMatchObject({ granted: false, reason: 'CONSENT_EXPIRED' });
    expect(decideReportAccess(as('platform', 'u', null), 'p', [short], now)).toMatchObject({ granted: false, reason: 'NO_CONSENT' });
  });
});

describe('the access log', () => {
  test('the subject sees every look-up of its credit, granted and refused, newest first, page by page', async () => {
    const s = await subjectWithHistory();
    await report(s.id, silkRoad, 'Before consent');
    const c = await grant(s.party, DEMO.platforms.silkRoadMall);
    await report(s.id, silkRoad, 'Under consent');
    await sg.request(REVOKE, { id: c.id }, s.party);
    await report(s.id, silkRoad, 'After revocation');
    await sg.request('query($id: ID!) { creditProfile(partyId: $id) { discredited } }', { id: s.id }, yiwuGo);

    const page = await sg.request(MY_LOOKUPS, { first: 50 }, s.party);
    expect(page.errors).toBeUndefined();
    expect(page.data.myCreditLookups.nodes.map((l: any) => [l.kind, l.readerOrganization, l.purpose, l.outcome, l.disclosed, l.refusalReason, l.consent?.id ?? null])).toEqual([
      ['PROFILE', DEMO.platforms.yiwuGo, null, 'GRANTED', 'DISCREDITED_FLAG', null, null],
      ['REPORT', DEMO.platforms.silkRoadMall, 'After revocation', 'REFUSED', 'NOTHING', 'CONSENT_REVOKED', c.id],
      ['REPORT', DEMO.platforms.silkRoadMall, 'Under consent', 'GRANTED', 'REPORT', null, c.id],
      ['REPORT', DEMO.platforms.silkRoadMall, 'Before consent', 'REFUSED', 'NOTHING', 'NO_CONSENT', null],
    ]);
    expect(page.data.myCreditLookups.nodes[1]).toMatchObject({ readerRole: 'platform', readerId: 'usr_ops_silk' });

    const first = await sg.request(MY_LOOKUPS, { first: 3 }, s.party);
    expect(first.data.myCreditLookups.pageInfo.hasNextPage).toBe(true);
    const rest = await sg.request(MY_LOOKUPS, { first: 3, after: first.data.myCreditLookups.pageInfo.endCursor }, s.party);
    expect([...first.data.myCreditLookups.nodes, ...rest.data.myCreditLookups.nodes]).toEqual(page.data.myCreditLookups.nodes);
    expect(rest.data.myCreditLookups.pageInfo.hasNextPage).toBe(false);
  });

  test('an admin reads any party\'s log, the party its own; nobody else', async () => {
    const s = await subjectWithHistory();
    await report(s.id, silkRoad);
    expect((await sg.request(LOOKUPS, { id: s.id }, admin)).data.creditLookups.nodes).toEqual([expect.objectContaining({ outcome: 'REFUSED', readerOrganization: DEMO.platforms.silkRoadMall })]);
    expect((await sg.request(LOOKUPS, { id: s.id }, s.party)).data.creditLookups.nodes).toHaveLength(1);
    for (const caller of [silkRoad, judge, as('party', 'pty_other')]) {
      expect((await sg.request(LOOKUPS, { id: s.id }, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await sg.request(MY_LOOKUPS, {}, silkRoad)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(LOOKUPS, { id: s.id, first: 500 }, admin)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
