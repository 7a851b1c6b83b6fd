import { eq, sql } from 'drizzle-orm';
import { DEMO, startTestSubgraph, withStepUp, type Caller } from '@fengqiao/subgraph-kit';
import { applicationHash } from '../src/court-workflow.js';
import { chinaDate, chinaYear, confirmationDeadline } from '../src/confirmation-deadline.js';
import { idempotencyKeys, judicialConfirmations, litigationCases, outbox } from '../src/db/schema.js';
import { courtsSubgraph } from '../src/definition.js';

const C = DEMO.courts;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const yiwuCourt = as('court', 'usr_judge_yw', C.yiwu);
const gzInternetCourt = as('court', 'usr_judge_gzi', C.guangzhouInternet);
const admin = as('admin', 'usr_admin');
const party = (id: string) => as('party', id);
const YEAR = chinaYear(new Date());
const DAY = 24 * 60 * 60 * 1000;

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(courtsSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let seq = 0;
const uniq = (p: string) => `${p}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

const CASE_FIELDS = `id caseNumber status procedure fee claimAmount category claimType undisputedFacts court { id code } hearingRecord judgmentSummary
  transfers { from { id } to { id } at reason } events { kind actorRole actorId at detail } testCaseGroup { id }`;
const FILE = `mutation($input: FileLawsuitInput!, $key: String!) { fileLawsuit(input: $input, idempotencyKey: $key) { ${CASE_FIELDS} } }`;
const CASE = `query($id: ID!) { litigationCase(id: $id) { ${CASE_FIELDS} } }`;
const act = (name: string, extra = '') => `mutation($id: ID!${extra ? `, ${extra}` : ''}) { ${name}(caseId: $id${extra ? `, ${extra.split(':')[0]!.slice(1)}: ${extra.split(':')[0]}` : ''}) { ${CASE_FIELDS} } }`;
const SCHEDULE = act('scheduleTrial');
const JUDGE = `mutation($id: ID!, $s: String!) { recordJudgment(caseId: $id, summary: $s) { ${CASE_FIELDS} } }`;
const HEAR = `mutation($id: ID!, $r: String!) { recordHearing(caseId: $id, record: $r) { ${CASE_FIELDS} } }`;
const MEDIATE = act('recordCourtMediation');
const WITHDRAW = act('withdrawLawsuit');

function lawsuit(overrides: Record<string, unknown> = {}) {
  return {
    disputeId: uniq('dsp'), claimantId: 'pty_claimant', respondentId: 'pty_respondent', category: 'CONTRACT', claimType: 'payment for goods',
    claimAmount: '126000.00', filedAtCourtId: C.yiwu, regionCode: '330782', ...overrides,
  };
}

async function file(input: Record<string, unknown>, caller: Caller = party(String(input.claimantId)), key = uniq('key-file')) {
  return sg.request(FILE, { input, key }, caller);
}

async function fileOk(input: Record<string, unknown>, caller?: Caller) {
  const r = await file(input, caller);
  expect(r.errors).toBeUndefined();
  return r.data.fileLawsuit;
}

async function outboxFor(aggregateId: string) {
  return db().select().from(outbox).where(eq(outbox.aggregateId, aggregateId)).orderBy(outbox.seq);
}

async function counts() {
  const one = async (t: any) => (await db().select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { cases: await one(litigationCases), confirmations: await one(judicialConfirmations), outbox: await one(outbox), keys: await one(idempotencyKeys) };
}

describe('online filing', () => {
  test('a lawsuit filed at the competent court gets the next number, the statutory fee and carries the undisputed facts', async () => {
    const facts = ['The goods were delivered', 'The price is ¥126,000'];
    const c = await fileOk(lawsuit({ undisputedFacts: facts }));
    expect(c).toMatchObject({
      status: 'FILED', procedure: 'ORDINARY', fee: '2820.00', claimAmount: '126000.00', category: 'CONTRACT', claimType: 'payment for goods',
      undisputedFacts: facts, court: { id: C.yiwu, code: '浙0782' }, transfers: [], hearingRecord: null,
    });
    // The seeded (2026)浙0782民初3187号 is not given again: numbering continues after it.
    expect(c.caseNumber).toBe(YEAR === 2026 ? '(2026)浙0782民初3188号' : `(${YEAR})浙0782民初1号`);
    expect(c.events.map((e: any) => e.kind)).toEqual(['FILED']);
    expect(c.events[0]).toMatchObject({ actorRole: 'party', actorId: 'pty_claimant' });
    const ob = await outboxFor(c.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['LawsuitFiled']);
    expect(ob[0]).toMatchObject({ aggregateType: 'LitigationCase', actorRole: 'party' });
    expect(ob[0].disputeId).toMatch(/^dsp_/);

    const next = await fileOk(lawsuit());
    const n = (s: string) => Number(/民初(\d+)号/.exec(s)![1]);
    expect(n(next.caseNumber)).toBe(n(c.caseNumber) + 1);
  });

  test('cross-regional filing: filed at Yiwu, an online purchase in Guangzhou is transferred to the Guangzhou Internet Court and the transfer is recorded', async () => {
    const c = await fileOk(lawsuit({ category: 'CONSUMER_PURCHASE', regionCode: '440115', claimAmount: '5000.00' }));
    expect(c.court).toEqual({ id: C.guangzhouInternet, code: '粤0192' });
    expect(c.caseNumber).toMatch(new RegExp(`^\\(${YEAR}\\)粤0192民初\\d+号$`));
    expect(c.fee).toBe('50.00');
    expect(c.transfers).toHaveLength(1);
    expect(c.transfers[0]).toMatchObject({ from: { id: C.yiwu }, to: { id: C.guangzhouInternet } });
    expect(c.transfers[0].reason).toContain('义乌市人民法院 lacks jurisdiction');
    expect(c.transfers[0].reason).toContain('Internet court');
    expect(c.events.map((e: any) => e.kind)).toEqual(['FILED', 'TRANSFERRED']);
    const ob = await outboxFor(c.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['LawsuitFiled', 'LawsuitTransferred']);
    expect(ob[1].payload).toMatchObject({ fromCourtId: C.yiwu, toCourtId: C.guangzhouInternet });
    // The receiving court now holds it; the court it was filed at does not.
    const byYiwu = await sg.request(SCHEDULE, { id: c.id }, yiwuCourt);
    expect(byYiwu.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byGz = await sg.request(SCHEDULE, { id: c.id }, gzInternetCourt);
    expect(byGz.data.scheduleTrial.status).toBe('IN_TRIAL');
  });

  test('a patent dispute filed at a basic court goes to the IP court, never a basic court', async () => {
    const c = await fileOk(lawsuit({ category: 'PATENT', regionCode: '440115', filedAtCourtId: C.nansha, claimType: 'patent infringement' }));
    expect(c.court).toEqual({ id: C.guangzhouIp, code: '粤73' });
    expect(c.transfers[0]).toMatchObject({ from: { id: C.nansha }, to: { id: C.guangzhouIp } });
  });

  test('summary procedure halves the fee', async () => {
    const c = await fileOk(lawsuit({ procedure: 'SUMMARY' }));
    expect(c).toMatchObject({ procedure: 'SUMMARY', fee: '1410.00' });
  });

  test('a court files at itself; admins anywhere', async () => {
    expect((await fileOk(lawsuit(), yiwuCourt)).court.id).toBe(C.yiwu);
    expect((await fileOk(lawsuit({ filedAtCourtId: C.nansha }), admin)).court.id).toBe(C.yiwu);
  });

  test.each([
    ['a party filing for someone else', party('pty_someone'), {}],
    ['a court filing at another court', gzInternetCourt, {}],
    ['a platform', as('platform', 'usr_plt', DEMO.platforms.yiwuGo), {}],
    ['a mediator', as('mediator', DEMO.mediators.zhouLei, DEMO.mediationOrganizations.yiwuMarketMediation), {}],
  ])('%s is refused and nothing is stored', async (_, caller, overrides) => {
    const before = await counts();
    const r = await file(lawsuit(overrides), caller);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  test.each([
    ['a malformed region', { regionCode: '4401' }, 'regionCode', 'INPUT_SHAPE'],
    ['a region without a court on the hub', { regionCode: '650102' }, 'regionCode', 'NO_COMPETENT_COURT'],
    ['an unknown court', { filedAtCourtId: 'crt_nope' }, 'filedAtCourtId', 'UNKNOWN_COURT'],
    ['a zero claim', { claimAmount: '0.00' }, 'claimAmount', 'INPUT_SHAPE'],
    ['the same claimant and respondent', { respondentId: 'pty_claimant' }, 'respondentId', 'INPUT_SHAPE'],
    ['an empty claim type', { claimType: '  ' }, 'claimType', 'INPUT_SHAPE'],
    ['an empty undisputed fact', { undisputedFacts: [''] }, 'undisputedFacts.0', 'INPUT_SHAPE'],
  ])('bad input (%s) is refused and nothing is stored', async (_, overrides, field, rule) => {
    const before = await counts();
    const r = await file(lawsuit(overrides));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(await counts()).toEqual(before);
  });

  test('a property claim without an amount is refused with CLAIM_AMOUNT_REQUIRED; nothing is stored', async () => {
    const before = await counts();
    for (const category of ['CONTRACT', 'CONSUMER_PURCHASE', 'FINANCIAL_LOAN']) {
      const r = await file(lawsuit({ category, claimAmount: null }));
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'claimAmount', rule: 'CLAIM_AMOUNT_REQUIRED' });
    }
    expect(await counts()).toEqual(before);
  });

  test('an IP case or a non-property claim may be filed without an amount: the per-case range, its lower bound stored', async () => {
    const FEE = `query($id: ID!) { litigationCase(id: $id) { fee claimAmount feeEstimate { min max basis source setByProvince halved } } }`;
    const trademark = await fileOk(lawsuit({ category: 'TRADEMARK', claimType: 'trademark infringement', claimAmount: undefined }));
    expect(trademark).toMatchObject({ claimAmount: null, fee: '500.00' });
    const read = await sg.request(FEE, { id: trademark.id }, yiwuCourt);
    expect(read.data.litigationCase.feeEstimate).toMatchObject({ min: '500.00', max: '1000.00', basis: 'INTELLECTUAL_PROPERTY_PER_CASE', setByProvince: true, halved: false });
    expect(read.data.litigationCase.feeEstimate.source).toMatch(/art\. 13\(3\)/);
    const other = await fileOk(lawsuit({ category: 'OTHER', claimType: 'apology for a defamatory review', claimAmount: null, procedure: 'SUMMARY' }));
    expect(other).toMatchObject({ claimAmount: null, fee: '25.00' });
    // Withdrawn: halved once, whatever the procedure.
    const withdrawn = await sg.request(WITHDRAW, { id: other.id }, party('pty_claimant'));
    expect(withdrawn.data.withdrawLawsuit.fee).toBe('25.00');
    const copyright = await fileOk(lawsuit({ category: 'COPYRIGHT', claimType: 'copyright infringement', claimAmount: null }));
    const mediated = await sg.request(MEDIATE, { id: copyright.id }, yiwuCourt);
    expect(mediated.data.recordCourtMediation.fee).toBe('250.00');
  });

  test('litigationFeeEstimate is public reference data: the fee for a claim, without a case', async () => {
    const Q = `query($c: LitigationCategory!, $a: Decimal, $p: Procedure) { litigationFeeEstimate(category: $c, claimAmount: $a, procedure: $p) { min max basis source setByProvince halved } }`;
    const anonymous = as('anonymous', null);
    const consumer = await sg.request(Q, { c: 'CONSUMER_PURCHASE', a: '86.00' }, anonymous);
    expect(consumer.data.litigationFeeEstimate).toMatchObject({ min: '50.00', max: '50.00', basis: 'PROPERTY_SCALE', setByProvince: false });
    const summary = await sg.request(Q, { c: 'CONTRACT', a: '126000', p: 'SUMMARY' }, anonymous);
    expect(summary.data.litigationFeeEstimate).toMatchObject({ min: '1410.00', max: '1410.00', halved: true });
    const patent = await sg.request(Q, { c: 'PATENT' }, anonymous);
    expect(patent.data.litigationFeeEstimate).toMatchObject({ min: '500.00', max: '1000.00', basis: 'INTELLECTUAL_PROPERTY_PER_CASE' });
    const unstated = await sg.request(Q, { c: 'FINANCIAL_LOAN' }, anonymous);
    expect(unstated.data.litigationFeeEstimate).toMatchObject({ min: '50.00', max: null, basis: 'PROPERTY_AMOUNT_NOT_STATED' });
    const bad = await sg.request(Q, { c: 'CONTRACT', a: '-5' }, anonymous);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a replay with the same key returns the same case; the key with other input is refused', async () => {
    const input = lawsuit();
    const key = uniq('key-replay');
    const first = await file(input, undefined, key);
    const before = await counts();
    const again = await file(input, undefined, key);
    expect(again.errors).toBeUndefined();
    expect(again.data.fileLawsuit.id).toBe(first.data.fileLawsuit.id);
    expect(again.data.fileLawsuit.caseNumber).toBe(first.data.fileLawsuit.caseNumber);
    expect(await counts()).toEqual(before);
    const other = await file({ ...input, claimAmount: '1.00' }, undefined, key);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another key for a dispute that already has a lawsuit: a conflict, not a second case.
    const dup = await file(input);
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('the lawsuit lifecycle', () => {
  test('FILED → IN_TRIAL → JUDGED, with an event and an outbox event for each move', async () => {
    const c = await fileOk(lawsuit());
    const at = '2026-12-01T02:00:00.000Z';
    const s = await sg.request(`mutation($id: ID!, $at: DateTime) { scheduleTrial(caseId: $id, at: $at) { status } }`, { id: c.id, at }, yiwuCourt);
    expect(s.data.scheduleTrial.status).toBe('IN_TRIAL');
    const h = await sg.request(HEAR, { id: c.id, r: 'Both parties appeared; the respondent admits delivery.' }, yiwuCourt);
    expect(h.data.recordHearing.hearingRecord).toBe('Both parties appeared; the respondent admits delivery.');
    const j = await sg.request(JUDGE, { id: c.id, s: 'The respondent shall pay ¥126,000 within 10 days.' }, yiwuCourt);
    expect(j.errors).toBeUndefined();
    expect(j.data.recordJudgment).toMatchObject({ status: 'JUDGED', judgmentSummary: 'The respondent shall pay ¥126,000 within 10 days.', fee: '2820.00' });
    expect(j.data.recordJudgment.events.map((e: any) => e.kind)).toEqual(['FILED', 'TRIAL_SCHEDULED', 'HEARING_RECORDED', 'JUDGMENT_RECORDED']);
    expect(j.data.recordJudgment.events[3]).toMatchObject({ actorRole: 'court', actorId: 'usr_judge_yw' });
    const ob = await outboxFor(c.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['LawsuitFiled', 'TrialScheduled', 'HearingRecorded', 'JudgmentRecorded']);
    expect(ob.every((e: any) => e.disputeId === ob[0].disputeId)).toBe(true);
    expect(ob[3].payload).toMatchObject({ from: 'IN_TRIAL', to: 'JUDGED', judgmentSummary: 'The respondent shall pay ¥126,000 within 10 days.' });
  });

  test('a wrong move is INVALID_TRANSITION naming the current state, and changes nothing', async () => {
    const c = await fileOk(lawsuit());
    const early = await sg.request(JUDGE, { id: c.id, s: 'too early' }, yiwuCourt);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FILED' });
    const hear = await sg.request(HEAR, { id: c.id, r: 'no trial yet' }, yiwuCourt);
    expect(hear.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FILED' });
    await sg.request(MEDIATE, { id: c.id }, yiwuCourt);
    for (const q of [SCHEDULE, MEDIATE, WITHDRAW]) {
      const r = await sg.request(q, { id: c.id }, yiwuCourt);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MEDIATED' });
    }
    expect((await outboxFor(c.id)).map((e: any) => e.eventType)).toEqual(['LawsuitFiled', 'LawsuitMediated']);
  });

  test('the fee is halved when the case ends by mediation or withdrawal, not again for a summary case', async () => {
    const a = await fileOk(lawsuit());
    await sg.request(SCHEDULE, { id: a.id }, yiwuCourt);
    const mediated = await sg.request(MEDIATE, { id: a.id }, yiwuCourt);
    expect(mediated.data.recordCourtMediation).toMatchObject({ status: 'MEDIATED', fee: '1410.00' });
    expect((await outboxFor(a.id)).at(-1).payload).toMatchObject({ fee: '1410.00' });

    const b = await fileOk(lawsuit());
    const withdrawn = await sg.request(WITHDRAW, { id: b.id }, party('pty_claimant'));
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.withdrawLawsuit).toMatchObject({ status: 'WITHDRAWN', fee: '1410.00' });
    expect(withdrawn.data.withdrawLawsuit.events.at(-1)).toMatchObject({ kind: 'WITHDRAWN', actorRole: 'party' });

    const s = await fileOk(lawsuit({ procedure: 'SUMMARY' }));
    const both = await sg.request(MEDIATE, { id: s.id }, yiwuCourt);
    expect(both.data.recordCourtMediation.fee).toBe('1410.00');
  });

  test('only the case\'s own court acts on it; others are refused', async () => {
    const c = await fileOk(lawsuit());
    const before = await outboxFor(c.id);
    for (const [caller, code] of [
      [gzInternetCourt, 'FORBIDDEN'],
      [admin, 'FORBIDDEN'],
      [party('pty_respondent'), 'FORBIDDEN'],
      [party('pty_claimant'), 'FORBIDDEN'],
      [as('mediator', DEMO.mediators.zhouLei, DEMO.mediationOrganizations.yiwuMarketMediation), 'FORBIDDEN'],
      [party('pty_stranger'), 'NOT_FOUND'],
      [as('anonymous', null), 'UNAUTHENTICATED'],
    ] as [Caller, string][]) {
      const r = await sg.request(SCHEDULE, { id: c.id }, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
    }
    // The respondent may not withdraw the claimant's suit.
    expect((await sg.request(WITHDRAW, { id: c.id }, party('pty_respondent'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(SCHEDULE, { id: 'lit_nope' }, yiwuCourt)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await outboxFor(c.id)).toEqual(before);
  });

  test('two judgments recorded at once: exactly one succeeds', async () => {
    const c = await fileOk(lawsuit());
    await sg.request(SCHEDULE, { id: c.id }, yiwuCourt);
    const results = await Promise.all([
      sg.request(JUDGE, { id: c.id, s: 'Judgment A' }, yiwuCourt),
      sg.request(JUDGE, { id: c.id, s: 'Judgment B' }, yiwuCourt),
    ]);
    const ok = results.filter((r) => !r.errors);
    const failed = results.filter((r) => r.errors);
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'JUDGED' });
    const now = await sg.request(CASE, { id: c.id }, yiwuCourt);
    expect(now.data.litigationCase.judgmentSummary).toBe(ok[0]!.data.recordJudgment.judgmentSummary);
    expect((await outboxFor(c.id)).filter((e: any) => e.eventType === 'JudgmentRecorded')).toHaveLength(1);
    expect(now.data.litigationCase.events.filter((e: any) => e.kind === 'JUDGMENT_RECORDED')).toHaveLength(1);
  });

  test('the compare-and-set refuses a stale expected state (the losing side of a race)', async () => {
    const c = await fileOk(lawsuit());
    const stale = await sg.services.store.transitionLitigationCase(c.id, 'IN_TRIAL', { status: 'JUDGED' });
    expect(stale).toBeUndefined();
    const won = await sg.services.store.transitionLitigationCase(c.id, 'FILED', { status: 'IN_TRIAL' });
    expect(won.status).toBe('IN_TRIAL');
  });
});

describe('judicial confirmation', () => {
  const APPLY = `mutation($input: ApplyForJudicialConfirmationInput!, $key: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $key) {
    id caseNumber status court { id } settlementReference settlementEffectiveAt deadline rulingReason events { kind actorRole } } }`;
  const RULE = `mutation($id: ID!, $ok: Boolean!, $reason: String) { ruleOnJudicialConfirmation(id: $id, confirmed: $ok, reason: $reason) {
    id status ruledAt rulingReason events { kind actorRole } } }`;
  /** Applies as `caller`; a party with the proof the gateway forwards once it confirmed this very application with a code. */
  type Application = ReturnType<typeof application>;
  const apply = (input: Application, caller: Caller, key = uniq('key-jc')) =>
    sg.request(APPLY, { input, key }, caller.role === 'party' ? withStepUp(caller, 'APPLY_FOR_JUDICIAL_CONFIRMATION', input.settlementReference, applicationHash(input)) : caller);
  const application = (daysAgo: number, overrides: Record<string, unknown> = {}) => ({
    disputeId: uniq('dsp_jc'), claimantId: DEMO.parties.hkTrader, respondentId: DEMO.parties.merchantYiwuCrafts, courtId: C.yiwu,
    settlementReference: uniq('stl'), settlementEffectiveAt: new Date(Date.now() - daysAgo * DAY).toISOString(), ...overrides,
  });

  test('on day 30 after the agreement took effect the application is accepted, with a 民特 number', async () => {
    const input = application(30);
    const r = await apply(input, party(DEMO.parties.hkTrader));
    expect(r.errors).toBeUndefined();
    const jc = r.data.applyForJudicialConfirmation;
    expect(jc).toMatchObject({ status: 'APPLIED', court: { id: C.yiwu }, settlementReference: input.settlementReference, events: [{ kind: 'CONFIRMATION_APPLIED', actorRole: 'party' }] });
    expect(jc.caseNumber).toMatch(new RegExp(`^\\(${YEAR}\\)浙0782民特\\d+号$`));
    if (YEAR === 2026) expect(Number(/民特(\d+)号/.exec(jc.caseNumber)![1])).toBeGreaterThan(512); // after the seeded one
    expect(jc.deadline).toBe(confirmationDeadline(new Date(input.settlementEffectiveAt)));
    expect((await outboxFor(jc.id)).map((e: any) => e.eventType)).toEqual(['JudicialConfirmationApplied']);
  });

  test('on day 31 it is refused with the deadline, and nothing is stored', async () => {
    const before = await counts();
    // Day 31, or later when day 30 was a rest day that moved the deadline (art. 85) to today or after.
    let daysAgo = 31;
    while (confirmationDeadline(new Date(Date.now() - daysAgo * DAY)) >= chinaDate(new Date())) daysAgo += 1;
    const input = application(daysAgo);
    const r = await apply(input, party(DEMO.parties.merchantYiwuCrafts));
    const deadline = confirmationDeadline(new Date(input.settlementEffectiveAt));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'JUDICIAL_CONFIRMATION_DEADLINE', field: 'settlementEffectiveAt', deadline });
    expect(r.errors?.[0]?.message).toContain(`the deadline was ${deadline}`);
    expect(r.errors?.[0]?.message).toContain('art. 205');
    expect(await counts()).toEqual(before);
  });

  test('an agreement not yet in effect, a stranger, and another court are refused', async () => {
    const future = await apply(application(-2), party(DEMO.parties.hkTrader));
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'JUDICIAL_CONFIRMATION_DEADLINE' });
    const stranger = await apply(application(1), party('pty_stranger'));
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const court = await apply(application(1), gzInternetCourt);
    expect(court.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('the court applied to rules once; other courts may not; a rejection needs a reason', async () => {
    const a = (await apply(application(3), party(DEMO.parties.hkTrader))).data.applyForJudicialConfirmation;
    expect((await sg.request(RULE, { id: a.id, ok: true }, gzInternetCourt)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(RULE, { id: a.id, ok: true }, party(DEMO.parties.hkTrader))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(RULE, { id: a.id, ok: false }, yiwuCourt)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const ok = await sg.request(RULE, { id: a.id, ok: true, reason: 'The agreement is lawful' }, yiwuCourt);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.ruleOnJudicialConfirmation).toMatchObject({ status: 'CONFIRMED', rulingReason: 'The agreement is lawful' });
    expect(ok.data.ruleOnJudicialConfirmation.events.map((e: any) => e.kind)).toEqual(['CONFIRMATION_APPLIED', 'CONFIRMED']);
    const again = await sg.request(RULE, { id: a.id, ok: false, reason: 'changed my mind' }, yiwuCourt);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CONFIRMED' });
    const ob = await outboxFor(a.id);
    expect(ob.map((e: any) => e.eventType)).toEqual(['JudicialConfirmationApplied', 'JudicialConfirmationRuled']);
    expect(ob[1].payload).toMatchObject({ confirmed: true });

    const b = (await apply(application(3), party(DEMO.parties.hkTrader))).data.applyForJudicialConfirmation;
    const rejected = await sg.request(RULE, { id: b.id, ok: false, reason: 'The agreement harms a third party' }, yiwuCourt);
    expect(rejected.data.ruleOnJudicialConfirmation.status).toBe('REJECTED');
  });

  test('a party\'s token alone applies for nothing: STEP_UP_REQUIRED names the reference and the application\'s hash', async () => {
    const before = await counts();
    const input = application(2);
    const bare = await sg.request(APPLY, { input, key: uniq('key-jc') }, party(DEMO.parties.hkTrader));
    expect(bare.errors?.[0]?.extensions).toEqual({
      code: 'STEP_UP_REQUIRED', act: 'APPLY_FOR_JUDICIAL_CONFIRMATION', subjectId: input.settlementReference, contentHash: applicationHash(input),
    });
    // A confirmation of the same agreement at another court, or of another agreement, does not stand in.
    const atGuangzhou = withStepUp(party(DEMO.parties.hkTrader), 'APPLY_FOR_JUDICIAL_CONFIRMATION', input.settlementReference, applicationHash({ ...input, courtId: C.guangzhouInternet }));
    expect((await sg.request(APPLY, { input, key: uniq('key-jc') }, atGuangzhou)).errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');
    const otherAgreement = withStepUp(party(DEMO.parties.hkTrader), 'APPLY_FOR_JUDICIAL_CONFIRMATION', 'stl_other', applicationHash(input));
    expect((await sg.request(APPLY, { input, key: uniq('key-jc') }, otherAgreement)).errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');
    expect(await counts()).toEqual(before);
  });

  test('the application records the party\'s confirmation; a court recording one needs none; one confirmation applies once', async () => {
    const input = application(2);
    const caller = withStepUp(party(DEMO.parties.hkTrader), 'APPLY_FOR_JUDICIAL_CONFIRMATION', input.settlementReference, applicationHash(input), uniq('acc'));
    const q = `mutation($input: ApplyForJudicialConfirmationInput!, $key: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $key) { id partyConfirmation { challengeId confirmedAt contentHash } } }`;
    const r = await sg.request(q, { input, key: uniq('key-jc') }, caller);
    expect(r.data.applyForJudicialConfirmation.partyConfirmation).toEqual({ challengeId: caller.stepUp!.challengeId, confirmedAt: expect.any(String), contentHash: applicationHash(input) });
    const before = await counts();
    const again = await sg.request(q, { input, key: uniq('key-jc') }, caller);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', reason: 'PROOF_USED' });
    expect(await counts()).toEqual(before);
    const recorded = await sg.request(q, { input: application(2), key: uniq('key-jc') }, yiwuCourt);
    expect(recorded.data.applyForJudicialConfirmation.partyConfirmation).toBeNull();
  });

  test('a replay returns the same application', async () => {
    const input = application(5);
    const key = uniq('key-jc');
    const one = await apply(input, party(DEMO.parties.hkTrader), key);
    const two = await apply(input, party(DEMO.parties.hkTrader), key);
    expect(two.data.applyForJudicialConfirmation.id).toBe(one.data.applyForJudicialConfirmation.id);
  });
});

describe('test-case litigation', () => {
  const FORM = `mutation($input: FormTestCaseGroupInput!, $key: String!) { formTestCaseGroup(input: $input, idempotencyKey: $key) {
    id court { id } testCase { id } members { id } offers { case { id } judgmentSummary offeredAt } } }`;
  const GROUP = `query($id: ID!) { testCaseGroup(id: $id) { id testCase { id hearingRecord } members { id } offers { case { id } judgmentSummary } } }`;
  const respondent = 'pty_mass_seller';
  const similar = (claimant: string) => lawsuit({ claimantId: claimant, respondentId: respondent, category: 'CONSUMER_PURCHASE', regionCode: '330782', claimType: 'refund for counterfeit goods', claimAmount: '800.00' });
  let cases: any[] = [];
  let dissimilar: any;

  beforeAll(async () => {
    cases = [];
    for (const claimant of ['pty_buyer_1', 'pty_buyer_2', 'pty_buyer_3']) cases.push(await fileOk(similar(claimant)));
    dissimilar = await fileOk({ ...similar('pty_buyer_4'), claimType: 'late delivery' });
  });

  test('a dissimilar case cannot join the group, and nothing is grouped', async () => {
    const before = await counts();
    const r = await sg.request(FORM, { input: { caseIds: [...cases.map((c) => c.id), dissimilar.id], testCaseId: cases[0].id }, key: uniq('key-tcg') }, yiwuCourt);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NOT_SIMILAR', caseId: dissimilar.id });
    expect(await counts()).toEqual(before);
    const other = await fileOk({ ...similar('pty_buyer_5'), respondentId: 'pty_other_seller' });
    const r2 = await sg.request(FORM, { input: { caseIds: [cases[0].id, other.id], testCaseId: cases[0].id }, key: uniq('key-tcg') }, yiwuCourt);
    expect(r2.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NOT_SIMILAR' });
    const r3 = await sg.request(FORM, { input: { caseIds: [cases[0].id, cases[1].id], testCaseId: cases[2].id }, key: uniq('key-tcg') }, yiwuCourt);
    expect(r3.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'testCaseId' });
  });

  test('another court, or a party, cannot form a group of the Yiwu court\'s cases', async () => {
    const input = { caseIds: cases.map((c) => c.id), testCaseId: cases[0].id };
    expect((await sg.request(FORM, { input, key: uniq('key-tcg') }, gzInternetCourt)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(FORM, { input, key: uniq('key-tcg') }, party('pty_buyer_1'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('the group is formed; the other parties see the test case\'s hearing record, a stranger does not; offers follow the judgment', async () => {
    const input = { caseIds: cases.map((c) => c.id), testCaseId: cases[0].id };
    const key = uniq('key-tcg');
    const formed = await sg.request(FORM, { input, key }, yiwuCourt);
    expect(formed.errors).toBeUndefined();
    const group = formed.data.formTestCaseGroup;
    expect(group).toMatchObject({ court: { id: C.yiwu }, testCase: { id: cases[0].id }, offers: [] });
    expect(group.members.map((m: any) => m.id).sort()).toEqual(cases.map((c) => c.id).sort());
    // Idempotent replay.
    expect((await sg.request(FORM, { input, key }, yiwuCourt)).data.formTestCaseGroup.id).toBe(group.id);
    // A grouped case cannot join a second group.
    const dup = await sg.request(FORM, { input, key: uniq('key-tcg') }, yiwuCourt);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ALREADY_GROUPED' });

    await sg.request(SCHEDULE, { id: cases[0].id }, yiwuCourt);
    await sg.request(HEAR, { id: cases[0].id, r: 'The goods were found to be counterfeit.' }, yiwuCourt);

    // The claimant of another case in the group reads the test case and its hearing record…
    const member = await sg.request(CASE, { id: cases[0].id }, party('pty_buyer_2'));
    expect(member.errors).toBeUndefined();
    expect(member.data.litigationCase).toMatchObject({ id: cases[0].id, hearingRecord: 'The goods were found to be counterfeit.' });
    const viaGroup = await sg.request(GROUP, { id: group.id }, party('pty_buyer_3'));
    expect(viaGroup.data.testCaseGroup.testCase).toEqual({ id: cases[0].id, hearingRecord: 'The goods were found to be counterfeit.' });
    // …but not the other members' cases.
    expect(viaGroup.data.testCaseGroup.members.map((m: any) => m.id).sort()).toEqual([cases[0].id, cases[2].id].sort());
    expect((await sg.request(CASE, { id: cases[1].id }, party('pty_buyer_3'))).data.litigationCase).toBeNull();
    // A stranger, and a party of a case outside the group, see nothing.
    for (const caller of [party('pty_stranger'), party('pty_buyer_4')]) {
      expect((await sg.request(CASE, { id: cases[0].id }, caller)).data.litigationCase).toBeNull();
      expect((await sg.request(GROUP, { id: group.id }, caller)).data.testCaseGroup).toBeNull();
    }
    // A mediator may see the case but not the hearing record.
    const mediator = await sg.request(CASE, { id: cases[0].id }, as('mediator', DEMO.mediators.zhouLei, DEMO.mediationOrganizations.yiwuMarketMediation));
    expect(mediator.data.litigationCase).toMatchObject({ id: cases[0].id, hearingRecord: null });

    // One member settles before the judgment: it gets no offer.
    await sg.request(WITHDRAW, { id: cases[2].id }, party('pty_buyer_3'));
    const judged = await sg.request(JUDGE, { id: cases[0].id, s: 'Refund of ¥800 and ¥2,400 punitive damages.' }, yiwuCourt);
    expect(judged.errors).toBeUndefined();

    const after = await sg.request(GROUP, { id: group.id }, yiwuCourt);
    expect(after.data.testCaseGroup.offers).toEqual([{ case: { id: cases[1].id }, judgmentSummary: 'Refund of ¥800 and ¥2,400 punitive damages.' }]);
    const ob = await outboxFor(cases[1].id);
    const offered = ob.filter((e: any) => e.eventType === 'CaseGuidedMediationOffered');
    expect(offered).toHaveLength(1);
    expect(offered[0].disputeId).toBe((await db().select().from(litigationCases).where(eq(litigationCases.id, cases[1].id)))[0].disputeId);
    expect(offered[0].payload).toMatchObject({ testCaseId: cases[0].id, judgmentSummary: 'Refund of ¥800 and ¥2,400 punitive damages.', groupId: group.id });
    expect((await outboxFor(cases[2].id)).some((e: any) => e.eventType === 'CaseGuidedMediationOffered')).toBe(false);
    const own = await sg.request(CASE, { id: cases[1].id }, party('pty_buyer_2'));
    expect(own.data.litigationCase.events.map((e: any) => e.kind)).toEqual(['FILED', 'GROUPED_WITH_TEST_CASE', 'CASE_GUIDED_MEDIATION_OFFERED']);
    expect(own.data.litigationCase.testCaseGroup).toEqual({ id: group.id });
  });
});

describe('enforcement', () => {
  const APPLY = `mutation($input: ApplyForEnforcementInput!, $key: String!) { applyForEnforcement(input: $input, idempotencyKey: $key) {
    id caseNumber status basis basisReference applicantId respondentId amount court { id } dispute { id } events { kind } } }`;

  test('a judgment, a confirmed agreement or an arbitration award is enforced under an 执 number', async () => {
    const c = await fileOk(lawsuit());
    const input = { disputeId: uniq('dsp_enf'), basis: 'JUDGMENT', basisReference: c.caseNumber, applicantId: 'pty_claimant', respondentId: 'pty_respondent', courtId: C.yiwu, amount: '126000.00' };
    // Not judged yet: nothing to enforce.
    const early = await sg.request(APPLY, { input, key: uniq('key-enf') }, party('pty_claimant'));
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'BASIS_NOT_EFFECTIVE' });
    await sg.request(SCHEDULE, { id: c.id }, yiwuCourt);
    await sg.request(JUDGE, { id: c.id, s: 'Pay ¥126,000' }, yiwuCourt);
    const key = uniq('key-enf');
    const r = await sg.request(APPLY, { input, key }, party('pty_claimant'));
    expect(r.errors).toBeUndefined();
    const e = r.data.applyForEnforcement;
    expect(e).toMatchObject({ status: 'APPLIED', basis: 'JUDGMENT', amount: '126000.00', court: { id: C.yiwu }, events: [{ kind: 'ENFORCEMENT_APPLIED' }] });
    expect(e.caseNumber).toMatch(new RegExp(`^\\(${YEAR}\\)浙0782执\\d+号$`));
    expect((await sg.request(APPLY, { input, key }, party('pty_claimant'))).data.applyForEnforcement.id).toBe(e.id);
    const ob = await outboxFor(e.id);
    expect(ob).toHaveLength(1);
    expect(ob[0]).toMatchObject({ eventType: 'EnforcementApplied', disputeId: input.disputeId });

    const award = await sg.request(APPLY, {
      input: { ...input, disputeId: DEMO.disputes.inArbitration, basis: 'ARBITRATION_AWARD', basisReference: 'SHDX20260412', applicantId: DEMO.parties.rightsHolderBrand, respondentId: DEMO.parties.supplierCo, amount: '50000.00' },
      key: uniq('key-enf'),
    }, party(DEMO.parties.rightsHolderBrand));
    expect(award.errors).toBeUndefined();
    expect(award.data.applyForEnforcement).toMatchObject({ basis: 'ARBITRATION_AWARD', basisReference: 'SHDX20260412' });
    const n = (s: string) => Number(/执(\d+)号/.exec(s)![1]);
    expect(n(award.data.applyForEnforcement.caseNumber)).toBe(n(e.caseNumber) + 1);

    // The respondent sees it; a stranger does not.
    const q = `query($id: ID!) { enforcementCase(id: $id) { id } }`;
    expect((await sg.request(q, { id: e.id }, party('pty_respondent'))).data.enforcementCase).toEqual({ id: e.id });
    expect((await sg.request(q, { id: e.id }, party('pty_stranger'))).data.enforcementCase).toBeNull();
  });

  test('refusals: not the applicant, a reference that is not a case number, a non-positive amount', async () => {
    const before = await counts();
    const base = { disputeId: uniq('dsp_enf'), basis: 'JUDICIAL_CONFIRMATION', basisReference: '(2026)浙0782民特512号', applicantId: DEMO.parties.hkTrader, respondentId: DEMO.parties.merchantYiwuCrafts, courtId: C.yiwu, amount: '100.00' };
    expect((await sg.request(APPLY, { input: base, key: uniq('key-enf') }, party(DEMO.parties.merchantYiwuCrafts))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(APPLY, { input: { ...base, basisReference: 'SHDX1' }, key: uniq('key-enf') }, party(DEMO.parties.hkTrader))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'CASE_NUMBER' });
    expect((await sg.request(APPLY, { input: { ...base, amount: '0' }, key: uniq('key-enf') }, party(DEMO.parties.hkTrader))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await counts()).toEqual(before);
    // The seeded confirmed agreement may be enforced.
    const ok = await sg.request(APPLY, { input: base, key: uniq('key-enf') }, party(DEMO.parties.hkTrader));
    expect(ok.errors).toBeUndefined();
  });
});
