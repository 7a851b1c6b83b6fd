import { sql } from 'drizzle-orm';
import { chinaDate, DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';
import { actAsParty } from '../src/step-up.js';

/**
 * Credit through the gateway: a court lists a judgment debtor from an enforcement case, the
 * credit subgraph records it, performance removes it and leaves a positive record, and the
 * judicial credit report reaches a platform only under the debtor's consent — every look-up,
 * refused ones too, in the debtor's access log.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const P = DEMO.parties;
const ORG = DEMO.mediationOrganizations.yiwuMarketMediation;
let keySeq = 0;
const key = (name: string) => `credit-${name}-${++keySeq}`;
const yesterday = () => chinaDate(new Date(Date.now() - 24 * 3600 * 1000));
const nextMonth = () => chinaDate(new Date(Date.now() + 30 * 24 * 3600 * 1000));
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

type Actor = {
  <T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The raw response, errors included. */
  raw<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
};
async function as(role: Parameters<Hub['token']>[0], claims: { sub?: string; org?: string } = {}): Promise<Actor> {
  const token = await hub.token(role, claims);
  // A party confirms its legal acts (signing, applying for confirmation) with a code, as a client does (test/src/step-up.ts).
  const send = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
    role === 'party' ? actAsParty<T>(hub, query, variables, token) : hub.query<T>(query, variables, token);
  const actor = (<T = any>(query: string, variables: Record<string, unknown> = {}) => send<T>(query, variables).then(ok)) as Actor;
  actor.raw = send;
  return actor;
}

const ROUTE = 'mutation($id: ID!, $track: Track!, $dest: RouteDestinationInput, $k: String!) { routeDispute(disputeId: $id, track: $track, destination: $dest, idempotencyKey: $k) { status } }';
const DISPUTE = `query($id: ID!) { dispute(id: $id) {
  status timeline { kind }
  mediation { id status settlement { id signedAt } }
  enforcementCases { id caseNumber status concludedAt discreditedListing { id ground removedAt removalReason } }
} }`;
const LIST = `mutation($input: ListDiscreditedDebtorInput!, $k: String!) { listDiscreditedDebtor(input: $input, idempotencyKey: $k) {
  id status discreditedListing { id debtorId ground listedAt removedAt } } }`;
const PERFORMED = 'mutation($id: ID!, $k: String!) { recordEnforcementPerformed(enforcementCaseId: $id, idempotencyKey: $k) { status discreditedListing { removedAt removalReason } } }';
const PROFILE = 'query($id: ID!) { creditProfile(partyId: $id) { discredited records { kind sourceCaseNumber sourceReference removedAt removalReason } } }';
const REPORT = `query($id: ID!, $purpose: String!) { judicialCreditReport(partyId: $id, purpose: $purpose) {
  party { id name } discredited purpose lookupId consent { id purpose }
  listings { kind sourceCaseNumber removedAt } performance { kind summary sourceReference } } }`;
const GRANT = 'mutation($input: GrantCreditConsentInput!, $k: String!) { grantCreditConsent(input: $input, idempotencyKey: $k) { id status recipientId purpose expiresAt } }';
const REVOKE = 'mutation($id: ID!) { revokeCreditConsent(consentId: $id) { id status revokedAt } }';
const LOOKUPS = `query { myCreditLookups(first: 100) { nodes { kind readerRole readerOrganization purpose outcome disclosed refusalReason consent { id } } } }`;

const creditRows = async (table: string): Promise<number> => {
  const db = hub.subgraphs.credit!.database.db as any;
  const result = await db.execute(sql.raw(`select count(*)::int as n from credit.${table}`));
  return (result.rows ?? result)[0].n;
};

async function file(claimant: string, respondent: string): Promise<string> {
  const party = await as('party', { sub: claimant });
  const input = { title: 'Unpaid balance for LED strips', description: 'Two instalments agreed, the first never came', category: 'CONTRACT', respondentId: respondent, claimAmount: '9000.00' };
  return (await party(FILE_DISPUTE, { input, key: key('file') })).fileDispute.id;
}

describe('the discredited list, performance and the judicial credit report under consent', () => {
  it('walks from a listing in enforcement to a report a platform gets only while the debtor consents', async () => {
    const creditor = P.buyerZhangWei;
    const debtorId = P.merchantGzElectronics;
    const claimant = await as('party', { sub: creditor });
    const debtor = await as('party', { sub: debtorId });
    const court = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: ORG });
    const platform = await as('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall });
    const admin = await as('admin');

    // The debtor always sees its own report; the platform, without consent, is refused.
    expect((await debtor(REPORT, { id: debtorId, purpose: 'My own record' })).judicialCreditReport).toMatchObject({ discredited: false, listings: [], performance: [], consent: null });
    const early = await platform.raw(REPORT, { id: debtorId, purpose: 'Merchant risk review' });
    expect(early.data).toBeNull();
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'NO_CONSENT' });

    // Mediation → a settlement in two instalments, the first due yesterday → judicial confirmation.
    const disputeId = await file(creditor, debtorId);
    await claimant(ROUTE, { id: disputeId, track: 'MEDIATION', dest: { bodyId: ORG }, k: key('route') });
    const caseId = (await eventually(async () => (await claimant(DISPUTE, { id: disputeId })).dispute, (d) => !!d.mediation && d.timeline.some((e: any) => e.kind === 'CASE_OPENED'), 'the referral')).mediation.id;
    await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId });
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: VIRTUAL_NUMBER, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    await mediator('mutation($c: ID!, $k: String!, $i: [InstalmentInput!]) { draftSettlement(caseId: $c, input: { terms: "The merchant pays 9,000 yuan in two instalments.", instalments: $i }, idempotencyKey: $k) { status } }', {
      c: caseId, k: key('draft'), i: [{ amount: '4500.00', dueDate: yesterday() }, { amount: '4500.00', dueDate: nextMonth() }],
    });
    await claimant('mutation($c: ID!) { signSettlement(caseId: $c) { status } }', { c: caseId });
    const settlement = (await debtor('mutation($c: ID!) { signSettlement(caseId: $c) { settlement { id signedAt } } }', { c: caseId })).signSettlement.settlement;
    const applied = await claimant('mutation($input: ApplyForJudicialConfirmationInput!, $k: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $k) { id } }', {
      input: { disputeId, claimantId: creditor, respondentId: debtorId, courtId: DEMO.courts.yiwu, settlementReference: settlement.id, settlementEffectiveAt: settlement.signedAt },
      k: key('confirm'),
    });
    await court('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: applied.applyForJudicialConfirmation.id });

    // The missed instalment opens enforcement at the Yiwu court by itself.
    const enforcing = await eventually(async () => (await claimant(DISPUTE, { id: disputeId })).dispute, (d) => d.enforcementCases.length === 1, 'enforcement on the missed instalment');
    const enforcement = enforcing.enforcementCases[0];
    expect(enforcement).toMatchObject({ status: 'APPLIED', discreditedListing: null });

    // Only the enforcing court lists the debtor; the creditor may not, and a statement is required.
    const listing = { enforcementCaseId: enforcement.id, ground: 'REFUSES_DESPITE_ABILITY', statement: 'Keeps trading on the platform and has paid nothing of the 9,000 yuan.' };
    expect((await claimant.raw(LIST, { input: listing, k: key('list') })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await court.raw(LIST, { input: { ...listing, statement: ' ' }, k: key('list') })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'statement' });
    const listed = (await court(LIST, { input: listing, k: key('list') })).listDiscreditedDebtor;
    expect(listed.discreditedListing).toMatchObject({ debtorId, ground: 'REFUSES_DESPITE_ABILITY', removedAt: null });
    const again = await court.raw(LIST, { input: { ...listing, ground: 'EVADES_ENFORCEMENT' }, k: key('list') });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // The list is public: the platform sees the flag (not the records); the debtor sees its record.
    await eventually(() => platform(PROFILE, { id: debtorId }), (r) => r.creditProfile.discredited, 'the listing to reach credit');
    expect((await platform(PROFILE, { id: debtorId })).creditProfile.records).toEqual([]);
    expect((await debtor(PROFILE, { id: debtorId })).creditProfile.records).toEqual([
      { kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: enforcement.caseNumber, sourceReference: listed.discreditedListing.id, removedAt: null, removalReason: null },
    ]);

    // Paid late, then in full: the settlement is performed, enforcement concludes, the listing goes.
    for (const number of [1, 2]) {
      await claimant('mutation($s: ID!, $n: Int!, $k: String!) { recordInstalmentPayment(settlementId: $s, number: $n, idempotencyKey: $k) { id } }', { s: settlement.id, n: number, k: key('paid') });
    }
    const concluded = await eventually(async () => (await claimant(DISPUTE, { id: disputeId })).dispute, (d) => d.enforcementCases[0].status === 'CONCLUDED', 'the performance to conclude enforcement');
    expect(concluded.enforcementCases[0].discreditedListing).toMatchObject({ id: listed.discreditedListing.id, removalReason: 'PERFORMED' });
    const cleared = await eventually(() => debtor(PROFILE, { id: debtorId }), (r) => !r.creditProfile.discredited && r.creditProfile.records.length === 2, 'the delisting and the performance to reach credit');
    expect(cleared.creditProfile.records).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'DISCREDITED_DEBTOR', removalReason: 'PERFORMED' }),
      expect.objectContaining({ kind: 'PERFORMANCE', sourceReference: settlement.id, removedAt: null }),
    ]));

    // Still no consent: refused, and nothing of the report is shown.
    const refused = await platform.raw(REPORT, { id: debtorId, purpose: 'Merchant risk review' });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'NO_CONSENT' });
    expect(refused.errors?.[0]?.message).toContain('No consent');

    // Bad consents are refused and store nothing.
    const [consentsBefore, keysBefore] = [await creditRows('credit_consents'), await creditRows('idempotency_keys')];
    const good = { recipientId: DEMO.platforms.silkRoadMall, purpose: 'Merchant onboarding and risk review', expiresAt: inDays(90) };
    for (const [bad, field, rule] of [
      [{ ...good, expiresAt: inDays(-1) }, 'expiresAt', 'EXPIRY_IN_PAST'],
      [{ ...good, expiresAt: inDays(400) }, 'expiresAt', 'EXPIRY_TOO_FAR'],
      [{ ...good, purpose: '' }, 'purpose', 'PURPOSE_REQUIRED'],
      [{ ...good, recipientId: ' ' }, 'recipientId', 'RECIPIENT_REQUIRED'],
    ] as const) {
      expect((await debtor.raw(GRANT, { input: bad, k: key('consent') })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    }
    expect((await platform.raw(GRANT, { input: good, k: key('consent') })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect([await creditRows('credit_consents'), await creditRows('idempotency_keys')]).toEqual([consentsBefore, keysBefore]);
    expect((await debtor('{ myCreditConsents { id } }')).myCreditConsents).toEqual([]);

    // The debtor consents: the platform gets the report, with the positive record.
    const consent = (await debtor(GRANT, { input: good, k: key('consent') })).grantCreditConsent;
    expect(consent).toMatchObject({ status: 'ACTIVE', recipientId: DEMO.platforms.silkRoadMall });
    const granted = (await platform(REPORT, { id: debtorId, purpose: 'Merchant risk review' })).judicialCreditReport;
    expect(granted).toMatchObject({
      party: { id: debtorId }, discredited: false, purpose: 'Merchant risk review', consent: { id: consent.id, purpose: good.purpose },
      // The listing was removed on performance, so it is no longer published to third parties.
      listings: [],
      performance: [{ kind: 'PERFORMANCE', sourceReference: settlement.id, summary: expect.stringContaining('Performed the settlement agreement') }],
    });
    expect(granted.party.name).toBeTruthy();
    // The debtor's own report keeps the removed listing.
    expect((await debtor(REPORT, { id: debtorId, purpose: 'My own record' })).judicialCreditReport.listings).toEqual([
      { kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: enforcement.caseNumber, removedAt: expect.any(String) },
    ]);

    // Revoked: refused again, and revoking twice changes nothing.
    const revoked = (await debtor(REVOKE, { id: consent.id })).revokeCreditConsent;
    expect(revoked).toMatchObject({ id: consent.id, status: 'REVOKED' });
    expect((await debtor(REVOKE, { id: consent.id })).revokeCreditConsent).toEqual(revoked);
    const afterRevocation = await platform.raw(REPORT, { id: debtorId, purpose: 'Merchant risk review' });
    expect(afterRevocation.data).toBeNull();
    expect(afterRevocation.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', reason: 'CONSENT_REVOKED' });

    // The debtor sees every look-up of the platform, granted and refused, newest first.
    const log = (await debtor(LOOKUPS)).myCreditLookups.nodes;
    const reports = log.filter((l: any) => l.kind === 'REPORT' && l.readerOrganization === DEMO.platforms.silkRoadMall);
    expect(reports.map((l: any) => [l.outcome, l.refusalReason, l.disclosed, l.consent?.id ?? null])).toEqual([
      ['REFUSED', 'CONSENT_REVOKED', 'NOTHING', consent.id],
      ['GRANTED', null, 'REPORT', consent.id],
      ['REFUSED', 'NO_CONSENT', 'NOTHING', null],
      ['REFUSED', 'NO_CONSENT', 'NOTHING', null],
    ]);
    expect(reports.every((l: any) => l.readerRole === 'platform' && l.purpose === 'Merchant risk review')).toBe(true);
    // The platform's profile reads are there too, and the debtor's own look-ups.
    expect(log).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'PROFILE', readerOrganization: DEMO.platforms.silkRoadMall, disclosed: 'DISCREDITED_FLAG' }),
      expect.objectContaining({ kind: 'REPORT', readerRole: 'party', purpose: 'My own record', outcome: 'GRANTED' }),
    ]));
    // An admin reads the same log; the platform may not.
    expect((await admin('query($id: ID!) { creditLookups(partyId: $id, first: 100) { nodes { outcome } } }', { id: debtorId })).creditLookups.nodes).toHaveLength(log.length);
    expect((await platform.raw('query($id: ID!) { creditLookups(partyId: $id) { nodes { outcome } } }', { id: debtorId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a judgment performed in enforcement, as the court records it, removes the listing', async () => {
    const creditor = P.buyerLiNa;
    const debtorId = P.copycatSeller;
    const disputeId = await file(creditor, debtorId);
    const court = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    const debtor = await as('party', { sub: debtorId });
    const platform = await as('platform', { sub: 'ops-pearl', org: DEMO.platforms.pearlRiver });
    const enforcement = (await court('mutation($input: ApplyForEnforcementInput!, $k: String!) { applyForEnforcement(input: $input, idempotencyKey: $k) { id caseNumber } }', {
      input: { disputeId, basis: 'JUDGMENT', basisReference: '(2025)浙0782民初4021号', applicantId: creditor, respondentId: debtorId, courtId: DEMO.courts.yiwu, amount: '20000.00' },
      k: key('enforce'),
    })).applyForEnforcement;
    await court(LIST, { input: { enforcementCaseId: enforcement.id, ground: 'EVADES_ENFORCEMENT', statement: 'Moved the shop\'s takings to a relative\'s account after the judgment.' }, k: key('list') });
    await eventually(() => platform(PROFILE, { id: debtorId }), (r) => r.creditProfile.discredited, 'the listing to reach credit');

    const k = key('performed');
    expect((await court(PERFORMED, { id: enforcement.id, k })).recordEnforcementPerformed).toMatchObject({ status: 'CONCLUDED', discreditedListing: { removalReason: 'PERFORMED' } });
    expect((await court(PERFORMED, { id: enforcement.id, k })).recordEnforcementPerformed.status).toBe('CONCLUDED');
    await eventually(() => platform(PROFILE, { id: debtorId }), (r) => !r.creditProfile.discredited, 'the delisting to reach credit');
    const own = (await debtor(REPORT, { id: debtorId, purpose: 'My own record' })).judicialCreditReport;
    expect(own).toMatchObject({ discredited: false, listings: [{ sourceCaseNumber: enforcement.caseNumber, removedAt: expect.any(String) }] });
  });
});
