import { eq, sql } from 'drizzle-orm';
import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { arbitrationAgreements, arbitrationCases, idempotencyKeys, outbox } from '../src/db/schema.js';
import { arbitrationSubgraph } from '../src/definition.js';

const A = DEMO.arbitrationInstitutions;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const party = (id: string) => as('party', id);
const gzac = as('arbitrator', 'usr_arb_gz', A.guangzhou);
const shiac = as('arbitrator', 'usr_arb_sh', A.shanghai);
const admin = as('admin', 'usr_admin');
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(arbitrationSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;

const RECORD = `mutation($input: RecordArbitrationAgreementInput!, $key: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $key) {
  id disputeId partyIds institution { id } source clauseText signedAt } }`;
const CASE_FIELDS = 'id caseNumber status claimAmount arbitrators institution { id } agreement { id } award { summary amount instalments { dueOn amount } issuedAt } events { kind actorRole actorId detail }';
const FILE = `mutation($input: FileArbitrationInput!, $key: String!) { fileArbitration(input: $input, idempotencyKey: $key) { ${CASE_FIELDS} } }`;
const APPOINT = `mutation($id: ID!, $a: [String!]!) { appointTribunal(caseId: $id, arbitrators: $a) { ${CASE_FIELDS} } }`;
const HEARING = `mutation($id: ID!) { startHearing(caseId: $id) { ${CASE_FIELDS} } }`;
const AWARD = `mutation($id: ID!, $input: IssueAwardInput!) { issueAward(caseId: $id, input: $input) { ${CASE_FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawArbitration(caseId: $id) { ${CASE_FIELDS} } }`;

const agreement = (overrides: Record<string, unknown> = {}) => ({
  partyIds: ['pty_seller', 'pty_buyer'], institutionId: A.guangzhou, source: 'CONTRACT',
  clauseText: 'Any dispute arising from this contract shall be submitted to the Guangzhou Arbitration Commission.', signedAt: '2026-01-10T02:00:00.000Z',
  ...overrides,
});

async function recordOk(input: Record<string, unknown>, caller: Caller = party('pty_seller')) {
  const r = await sg.request(RECORD, { input, key: uniq('key-agr') }, caller);
  expect(r.errors).toBeUndefined();
  return r.data.recordArbitrationAgreement;
}

const filing = (agreementId: string, overrides: Record<string, unknown> = {}) => ({
  disputeId: uniq('dsp'), claimantId: 'pty_seller', respondentId: 'pty_buyer', agreementId, claimAmount: '30000.00', ...overrides,
});

async function fileOk(input: Record<string, unknown>, caller: Caller = party(String(input.claimantId))) {
  const r = await sg.request(FILE, { input, key: uniq('key-arb') }, caller);
  expect(r.errors).toBeUndefined();
  return r.data.fileArbitration;
}

const outboxFor = (id: string) => db().select().from(outbox).where(eq(outbox.aggregateId, id)).orderBy(outbox.seq);
async function counts() {
  const one = async (t: any) => (await db().select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { agreements: await one(arbitrationAgreements), cases: await one(arbitrationCases), outbox: await one(outbox), keys: await one(idempotencyKeys) };
}

describe('arbitration agreements', () => {
  test('a party records an agreement that binds it; the parties list theirs', async () => {
    const a = await recordOk(agreement());
    expect(a).toMatchObject({ partyIds: ['pty_seller', 'pty_buyer'], institution: { id: A.guangzhou }, source: 'CONTRACT', disputeId: null });
    expect((await outboxFor(a.id)).map((e: any) => e.eventType)).toEqual(['ArbitrationAgreementRecorded']);
    const mine = await sg.request('query($p: ID!) { arbitrationAgreements(partyId: $p) { id } }', { p: 'pty_buyer' }, party('pty_buyer'));
    expect(mine.data.arbitrationAgreements.map((x: any) => x.id)).toContain(a.id);
    // An arbitrator sees only agreements naming its institution.
    const sh = await sg.request('query($p: ID!) { arbitrationAgreements(partyId: $p) { id } }', { p: 'pty_buyer' }, shiac);
    expect(sh.data.arbitrationAgreements.map((x: any) => x.id)).not.toContain(a.id);
    const gz = await sg.request('query($p: ID!) { arbitrationAgreements(partyId: $p) { id } }', { p: 'pty_buyer' }, gzac);
    expect(gz.data.arbitrationAgreements.map((x: any) => x.id)).toContain(a.id);
  });

  test('a platform records the clause of its own terms', async () => {
    const a = await recordOk(agreement({ source: 'PLATFORM_TERMS', partyIds: ['pty_consumer', 'pty_shop'], institutionId: A.shenzhen }), as('platform', 'usr_plt', DEMO.platforms.pearlRiver));
    expect(a.source).toBe('PLATFORM_TERMS');
  });

  test.each([
    ['a party not bound by it', party('pty_stranger'), {}],
    ['another institution\'s arbitrator', shiac, {}],
    ['a platform recording a contract clause', as('platform', 'usr_plt', DEMO.platforms.pearlRiver), {}],
    ['a court', as('court', 'usr_judge', DEMO.courts.yiwu), {}],
  ])('%s may not record it', async (_, caller, overrides) => {
    const before = await counts();
    const r = await sg.request(RECORD, { input: agreement(overrides), key: uniq('key-agr') }, caller);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  test.each([
    ['one party only', { partyIds: ['pty_seller'] }, 'partyIds'],
    ['an unknown institution', { institutionId: 'arb_nope' }, 'institutionId'],
    ['an empty clause', { clauseText: ' ' }, 'clauseText'],
    ['a signature in the future', { signedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'signedAt'],
  ])('bad input (%s) stores nothing', async (_, overrides, field) => {
    const before = await counts();
    const r = await sg.request(RECORD, { input: agreement(overrides), key: uniq('key-agr') }, party('pty_seller'));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await counts()).toEqual(before);
  });

  test('a party lists only its own agreements', async () => {
    const r = await sg.request('query($p: ID!) { arbitrationAgreements(partyId: $p) { id } }', { p: 'pty_buyer' }, party('pty_stranger'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('filing', () => {
  let agreementId: string;
  beforeAll(async () => { agreementId = (await recordOk(agreement())).id; });

  test('a case is filed with the institution the agreement names', async () => {
    const c = await fileOk(filing(agreementId));
    expect(c).toMatchObject({ status: 'FILED', claimAmount: '30000.00', institution: { id: A.guangzhou }, agreement: { id: agreementId }, arbitrators: [], award: null });
    expect(c.caseNumber).toMatch(new RegExp(`^GZAC${YEAR}\\d{4}$`));
    expect(c.events).toEqual([{ kind: 'FILED', actorRole: 'party', actorId: 'pty_seller', detail: `Under agreement ${agreementId}` }]);
    const ob = await outboxFor(c.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['ArbitrationFiled']);
    expect(ob[0].disputeId).toMatch(/^dsp_/);
  });

  test.each([
    ['the agreement does not bind the respondent', (a: string) => filing(a, { respondentId: 'pty_other' })],
    ['the agreement names another institution', (a: string) => filing(a, { institutionId: A.shanghai })],
    ['there is no such agreement', () => filing('arg_nope')],
  ])('refused when %s (NO_ARBITRATION_AGREEMENT), nothing stored', async (_, make) => {
    const before = await counts();
    const r = await sg.request(FILE, { input: make(agreementId), key: uniq('key-arb') }, party('pty_seller'));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NO_ARBITRATION_AGREEMENT', field: 'agreementId' });
    expect(await counts()).toEqual(before);
  });

  test('an agreement recorded for one dispute does not cover another', async () => {
    const forOne = await recordOk(agreement({ disputeId: 'dsp_specific' }));
    const r = await sg.request(FILE, { input: filing(forOne.id), key: uniq('key-arb') }, party('pty_seller'));
    expect(r.errors?.[0]?.extensions?.rule).toBe('NO_ARBITRATION_AGREEMENT');
    expect((await fileOk(filing(forOne.id, { disputeId: 'dsp_specific' }))).status).toBe('FILED');
  });

  test('roles: the respondent, another institution and strangers may not file; the named institution may', async () => {
    expect((await sg.request(FILE, { input: filing(agreementId), key: uniq('key-arb') }, party('pty_buyer'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(FILE, { input: filing(agreementId), key: uniq('key-arb') }, shiac)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(FILE, { input: filing(agreementId), key: uniq('key-arb') }, as('mediator', 'usr_med', 'mor_x'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fileOk(filing(agreementId), gzac)).institution.id).toBe(A.guangzhou);
  });

  test('bad input stores nothing', async () => {
    const before = await counts();
    for (const input of [filing(agreementId, { claimAmount: '0.00' }), filing(agreementId, { respondentId: 'pty_seller' })]) {
      const r = await sg.request(FILE, { input, key: uniq('key-arb') }, party('pty_seller'));
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await counts()).toEqual(before);
  });

  test('a replay returns the same case; another key for the same dispute is a conflict', async () => {
    const input = filing(agreementId);
    const key = uniq('key-arb');
    const one = await sg.request(FILE, { input, key }, party('pty_seller'));
    const before = await counts();
    const two = await sg.request(FILE, { input, key }, party('pty_seller'));
    expect(two.data.fileArbitration.id).toBe(one.data.fileArbitration.id);
    expect((await sg.request(FILE, { input: { ...input, claimAmount: '1.00' }, key }, party('pty_seller'))).errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await sg.request(FILE, { input, key: uniq('key-arb') }, party('pty_seller'))).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('the arbitration lifecycle', () => {
  let agreementId: string;
  beforeAll(async () => { agreementId = (await recordOk(agreement())).id; });

  test('FILED → TRIBUNAL_FORMED → HEARING → AWARDED, with events and outbox events', async () => {
    const c = await fileOk(filing(agreementId));
    const t = await sg.request(APPOINT, { id: c.id, a: ['Li Ming', 'Chen Hua', 'Wong Ka Ming'] }, gzac);
    expect(t.data.appointTribunal).toMatchObject({ status: 'TRIBUNAL_FORMED', arbitrators: ['Li Ming', 'Chen Hua', 'Wong Ka Ming'] });
    expect((await sg.request(HEARING, { id: c.id }, gzac)).data.startHearing.status).toBe('HEARING');
    const award = { summary: 'The respondent shall pay ¥30,000 in three instalments.', amount: '30000.00', instalments: [
      { dueOn: '2027-01-31', amount: '10000.00' }, { dueOn: '2027-02-28', amount: '10000.00' }, { dueOn: '2027-03-31', amount: '10000.00' }] };
    const a = await sg.request(AWARD, { id: c.id, input: award }, gzac);
    expect(a.errors).toBeUndefined();
    expect(a.data.issueAward).toMatchObject({ status: 'AWARDED', award: { summary: award.summary, amount: '30000.00', instalments: award.instalments } });
    expect(a.data.issueAward.events.map((e: any) => e.kind)).toEqual(['FILED', 'TRIBUNAL_APPOINTED', 'HEARING_STARTED', 'AWARD_ISSUED']);
    const ob = await outboxFor(c.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['ArbitrationFiled', 'TribunalAppointed', 'HearingStarted', 'AwardIssued']);
    expect(ob[3].payload).toMatchObject({ from: 'HEARING', to: 'AWARDED', amount: '30000.00' });
    // The award is final: nothing more happens here (enforcement is applied for at a court).
    const w = await sg.request(WITHDRAW, { id: c.id }, gzac);
    expect(w.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWARDED' });
  });

  test('INVALID_TRANSITION names the current state', async () => {
    const c = await fileOk(filing(agreementId));
    const r = await sg.request(AWARD, { id: c.id, input: { summary: 'x', amount: '1.00' } }, gzac);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FILED' });
    expect((await sg.request(HEARING, { id: c.id }, gzac)).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FILED' });
  });

  test('an arbitrator acts only for its own institution; the claimant may withdraw', async () => {
    const c = await fileOk(filing(agreementId));
    for (const [caller, code] of [
      [shiac, 'NOT_FOUND'], // another institution cannot even see the case
      [admin, 'FORBIDDEN'],
      [as('court', 'usr_judge', DEMO.courts.yiwu), 'FORBIDDEN'],
      [party('pty_seller'), 'FORBIDDEN'],
      [party('pty_stranger'), 'NOT_FOUND'],
    ] as [Caller, string][]) {
      expect((await sg.request(APPOINT, { id: c.id, a: ['Li Ming'] }, caller)).errors?.[0]?.extensions?.code).toBe(code);
    }
    expect((await sg.request(WITHDRAW, { id: c.id }, party('pty_buyer'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const w = await sg.request(WITHDRAW, { id: c.id }, party('pty_seller'));
    expect(w.data.withdrawArbitration.status).toBe('WITHDRAWN');
    expect((await outboxFor(c.id)).map((e: any) => e.eventType)).toEqual(['ArbitrationFiled', 'ArbitrationWithdrawn']);
  });

  test('bad tribunal and award input is refused and changes nothing', async () => {
    const c = await fileOk(filing(agreementId));
    expect((await sg.request(APPOINT, { id: c.id, a: ['A', 'B'] }, gzac)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'arbitrators' });
    await sg.request(APPOINT, { id: c.id, a: ['Li Ming'] }, gzac);
    await sg.request(HEARING, { id: c.id }, gzac);
    const bad = await sg.request(AWARD, { id: c.id, input: { summary: 'x', amount: '100.00', instalments: [{ dueOn: '2027-01-01', amount: '60.00' }, { dueOn: '2027-02-01', amount: '30.00' }] } }, gzac);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'instalments' });
    const q = await sg.request(`query($id: ID!) { arbitrationCase(id: $id) { status award { summary } } }`, { id: c.id }, gzac);
    expect(q.data.arbitrationCase).toEqual({ status: 'HEARING', award: null });
  });

  test('two awards issued at once: exactly one succeeds', async () => {
    const c = await fileOk(filing(agreementId));
    await sg.request(APPOINT, { id: c.id, a: ['Li Ming'] }, gzac);
    await sg.request(HEARING, { id: c.id }, gzac);
    const rs = await Promise.all(['A', 'B'].map((s) => sg.request(AWARD, { id: c.id, input: { summary: `Award ${s}`, amount: '1000.00' } }, gzac)));
    expect(rs.filter((r) => !r.errors)).toHaveLength(1);
    expect(rs.filter((r) => r.errors)[0]!.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWARDED' });
    expect((await outboxFor(c.id)).filter((e: any) => e.eventType === 'AwardIssued')).toHaveLength(1);
  });

  test('the seeded SHIAC case continues in hearing; new SHIAC numbers follow the seeded one', async () => {
    const a = await recordOk(agreement({ institutionId: A.shanghai }));
    const c = await fileOk(filing(a.id));
    if (YEAR === 2026) expect(c.caseNumber).toBe('SHDX20260413');
    const r = await sg.request(AWARD, { id: 'arc_demo_in_arbitration', input: { summary: 'Claim upheld', amount: '80000.00' } }, shiac);
    expect(r.data.issueAward.status).toBe('AWARDED');
  });
});
