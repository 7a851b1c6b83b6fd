import { eq, sql } from 'drizzle-orm';
import { DEMO, feedEvent, startTestSubgraph, withStepUp, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { enforcementCases, outbox } from '../src/db/schema.js';
import { applicationHash } from '../src/court-workflow.js';
import { courtsSubgraph } from '../src/definition.js';

const C = DEMO.courts;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
/** A party as the gateway forwards it once it confirmed this very application with a code. */
const applying = (caller: Caller, application: Parameters<typeof applicationHash>[0] & { settlementReference: string }) =>
  withStepUp(caller, 'APPLY_FOR_JUDICIAL_CONFIRMATION', application.settlementReference, applicationHash(application));
const yiwuCourt = as('court', 'usr_judge_yw', C.yiwu);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(courtsSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
const seqs: Record<string, number> = {};

const ENFORCEMENT = `query($id: ID!) { enforcementCase(id: $id) {
  id caseNumber status trigger basis basisReference applicantId respondentId amount court { id } dispute { id } events { kind actorRole actorId detail } } }`;

function missed(source: 'mediation' | 'arbitration', payload: Record<string, unknown>, disputeId: string | null): FeedEvent {
  seqs[source] = (seqs[source] ?? 0) + 1;
  return feedEvent(source, seqs[source]!, 'InstalmentMissed', payload, { disputeId, aggregateType: source === 'mediation' ? 'SettlementAgreement' : 'ArbitrationCase', aggregateId: String(payload.obligationId) });
}

const instalment = (obligation: 'SETTLEMENT' | 'AWARD', obligationId: string, creditorId: string, debtorId: string, overrides: Record<string, unknown> = {}) => ({
  obligation, obligationId, creditorId, debtorId, instalmentId: uniq('ins'), number: 1, amount: '1800.00', dueDate: '2026-08-31', outstandingAmount: '3600.00',
  ...overrides,
});

/** A settlement confirmed by the Yiwu court (or only applied for, or rejected). */
async function confirmation(ruling: 'CONFIRMED' | 'REJECTED' | null = 'CONFIRMED') {
  const claimant = uniq('pty_c');
  const respondent = uniq('pty_r');
  const settlementId = uniq('sag');
  const disputeId = uniq('dsp');
  const application = { disputeId, claimantId: claimant, respondentId: respondent, courtId: C.yiwu, settlementReference: settlementId, settlementEffectiveAt: new Date().toISOString() };
  const applied = await sg.request(`mutation($input: ApplyForJudicialConfirmationInput!, $key: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $key) { id caseNumber } }`, {
    input: application,
    key: uniq('key-jcf'),
  }, applying(as('party', claimant), application));
  expect(applied.errors).toBeUndefined();
  const { id, caseNumber } = applied.data.applyForJudicialConfirmation;
  if (ruling) {
    const r = await sg.request('mutation($id: ID!, $ok: Boolean!) { ruleOnJudicialConfirmation(id: $id, confirmed: $ok, reason: "reasons") { status } }', { id, ok: ruling === 'CONFIRMED' }, yiwuCourt);
    expect(r.data.ruleOnJudicialConfirmation.status).toBe(ruling);
  }
  return { id, caseNumber, claimant, respondent, settlementId, disputeId };
}

const enforcementOf = async (obligationId: string) => db().select().from(enforcementCases).where(eq(enforcementCases.obligationId, obligationId));
/** From the outbox table: on a shared PostgreSQL server the feed may hold a fresh event back while another test's transaction is open. */
const applied = async (enforcementCaseId: string): Promise<any[]> =>
  db().select().from(outbox).where(eq(outbox.aggregateId, enforcementCaseId)).orderBy(outbox.seq);
const total = async () => ({
  cases: (await db().select({ n: sql<number>`count(*)::int` }).from(enforcementCases))[0].n as number,
  outbox: (await db().select({ n: sql<number>`count(*)::int` }).from(outbox))[0].n as number,
});

describe('a missed instalment of a judicially confirmed settlement', () => {
  test('opens an enforcement case at the confirming court for the outstanding amount, with the usual event', async () => {
    const jcf = await confirmation();
    // The respondent owes the claimant here; the settlement says who the creditor is.
    const payload = instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent, { number: 2, amount: '1800.00', dueDate: '2026-09-30', outstandingAmount: '1800.00' });
    expect(await sg.deliver('mediation', [missed('mediation', payload, jcf.disputeId)])).toMatchObject({ applied: 1 });

    const [row] = await enforcementOf(jcf.settlementId);
    expect(row).toBeDefined();
    const r = await sg.request(ENFORCEMENT, { id: row.id }, as('party', jcf.claimant));
    expect(r.errors).toBeUndefined();
    expect(r.data.enforcementCase).toMatchObject({
      status: 'APPLIED', trigger: 'MISSED_INSTALMENT', basis: 'JUDICIAL_CONFIRMATION', basisReference: jcf.caseNumber,
      applicantId: jcf.claimant, respondentId: jcf.respondent, amount: '1800.00', court: { id: C.yiwu }, dispute: { id: jcf.disputeId },
      events: [{ kind: 'ENFORCEMENT_APPLIED', actorRole: 'admin', actorId: 'system:courts', detail: expect.stringContaining(`missed instalment 2 (1800.00 due 2026-09-30) of settlement agreement ${jcf.settlementId}`) }],
    });
    expect(r.data.enforcementCase.caseNumber).toMatch(/^\(\d{4}\)浙0782执\d+号$/);
    const [event] = await applied(row.id);
    expect(event).toMatchObject({
      disputeId: jcf.disputeId,
      payload: { enforcementCaseId: row.id, basis: 'JUDICIAL_CONFIRMATION', basisReference: jcf.caseNumber, amount: '1800.00', courtId: C.yiwu, trigger: 'MISSED_INSTALMENT', obligationId: jcf.settlementId },
    });
  });

  test('only one automatic case per settlement, however many instalments are missed', async () => {
    const jcf = await confirmation();
    await sg.deliver('mediation', [missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent), jcf.disputeId)]);
    const before = await total();
    await sg.deliver('mediation', [
      missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent, { number: 2, outstandingAmount: '1800.00' }), jcf.disputeId),
      missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent, { number: 3, outstandingAmount: '900.00' }), jcf.disputeId),
    ]);
    expect(await total()).toEqual(before);
    expect(await enforcementOf(jcf.settlementId)).toHaveLength(1);
  });

  test.each([
    ['no confirmation was ever applied for', null as null | 'none'],
    ['the confirmation is still APPLIED', 'APPLIED'],
    ['the confirmation was REJECTED', 'REJECTED'],
  ])('does nothing when %s: the settlement is not enforceable', async (_, state) => {
    const jcf = state === null ? { settlementId: uniq('sag'), claimant: uniq('pty_c'), respondent: uniq('pty_r'), disputeId: uniq('dsp') } : await confirmation(state === 'APPLIED' ? null : 'REJECTED');
    const before = await total();
    expect(await sg.deliver('mediation', [missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent), jcf.disputeId)])).toMatchObject({ applied: 1 });
    expect(await total()).toEqual(before);
  });

  test('does nothing when the creditor already applied for enforcement of the confirmation', async () => {
    const jcf = await confirmation();
    const manual = await sg.request(`mutation($input: ApplyForEnforcementInput!, $key: String!) { applyForEnforcement(input: $input, idempotencyKey: $key) { id trigger } }`, {
      input: { disputeId: jcf.disputeId, basis: 'JUDICIAL_CONFIRMATION', basisReference: jcf.caseNumber, applicantId: jcf.claimant, respondentId: jcf.respondent, courtId: C.yiwu, amount: '3600.00' },
      key: uniq('key-enf'),
    }, as('party', jcf.claimant));
    expect(manual.data.applyForEnforcement.trigger).toBe('APPLICATION');
    const before = await total();
    await sg.deliver('mediation', [missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, jcf.respondent), jcf.disputeId)]);
    expect(await total()).toEqual(before);
  });

  test('is refused (consumed, nothing written) when the settlement\'s parties are not the confirmation\'s', async () => {
    const jcf = await confirmation();
    const before = await total();
    const r = await sg.deliver('mediation', [missed('mediation', instalment('SETTLEMENT', jcf.settlementId, jcf.claimant, 'pty_someone_else'), jcf.disputeId)]);
    expect(r).toMatchObject({ applied: 1 });
    expect(await total()).toEqual(before);
  });

  test('the seeded confirmed settlement is enforced against the Yiwu merchant', async () => {
    const payload = instalment('SETTLEMENT', 'sag_demo_settled_confirmed', DEMO.parties.hkTrader, DEMO.parties.merchantYiwuCrafts, { number: 2, dueDate: '2026-09-30', outstandingAmount: '1800.00' });
    await sg.deliver('mediation', [missed('mediation', payload, DEMO.disputes.settledAndConfirmed)]);
    const [row] = await enforcementOf('sag_demo_settled_confirmed');
    expect(row).toMatchObject({ basis: 'JUDICIAL_CONFIRMATION', basisReference: '(2026)浙0782民特512号', courtId: C.yiwu, applicantId: DEMO.parties.hkTrader, respondentId: DEMO.parties.merchantYiwuCrafts, amount: '1800.00', disputeId: DEMO.disputes.settledAndConfirmed });
  });

  test('an award obligation announced by mediation, or a payload that breaks the contract, is consumed and ignored', async () => {
    const before = await total();
    const r = await sg.deliver('mediation', [
      missed('mediation', instalment('AWARD', uniq('arc'), 'pty_a', 'pty_b', { enforcementCourtId: C.yiwu }), uniq('dsp')),
      missed('mediation', { obligation: 'SETTLEMENT', obligationId: 'x' }, uniq('dsp')),
    ]);
    expect(r).toMatchObject({ applied: 2 });
    expect(r.failed).toBeUndefined();
    expect(await total()).toEqual(before);
  });
});

describe('a missed instalment of an arbitration award', () => {
  test('opens an enforcement case at the court the award names', async () => {
    const [caseId, disputeId] = [uniq('arc'), uniq('dsp')];
    const payload = instalment('AWARD', caseId, 'pty_winner', 'pty_loser', { amount: '10000.00', dueDate: '2027-01-31', outstandingAmount: '30000.00', enforcementCourtId: C.guangzhouIp });
    await sg.deliver('arbitration', [missed('arbitration', payload, disputeId)]);
    const [row] = await enforcementOf(caseId);
    const r = await sg.request(ENFORCEMENT, { id: row.id }, as('party', 'pty_loser'));
    expect(r.data.enforcementCase).toMatchObject({
      trigger: 'MISSED_INSTALMENT', basis: 'ARBITRATION_AWARD', basisReference: caseId, applicantId: 'pty_winner', respondentId: 'pty_loser',
      amount: '30000.00', court: { id: C.guangzhouIp }, dispute: { id: disputeId },
    });
    expect(r.data.enforcementCase.caseNumber).toMatch(/^\(\d{4}\)粤73执\d+号$/);
    // A second miss opens nothing more.
    await sg.deliver('arbitration', [missed('arbitration', { ...payload, instalmentId: uniq('ins'), number: 2, outstandingAmount: '20000.00' }, disputeId)]);
    expect(await enforcementOf(caseId)).toHaveLength(1);
  });

  test.each([
    ['names no enforcement court', {}],
    ['names a court that does not exist', { enforcementCourtId: 'crt_nope' }],
    ['has nothing outstanding', { enforcementCourtId: C.guangzhouIp, outstandingAmount: '0.00' }],
  ])('does nothing when the award %s', async (_, extra) => {
    const before = await total();
    const r = await sg.deliver('arbitration', [missed('arbitration', instalment('AWARD', uniq('arc'), 'pty_winner', 'pty_loser', extra), uniq('dsp'))]);
    expect(r).toMatchObject({ applied: 1 });
    expect(await total()).toEqual(before);
  });
});

describe('an instalment missed before the settlement was confirmed', () => {
  it('is enforced as soon as the confirmation is granted, unless it was paid meanwhile', async () => {
    const unpaid = await confirmation(null);
    await sg.deliver('mediation', [missed('mediation', instalment('SETTLEMENT', unpaid.settlementId, unpaid.claimant, unpaid.respondent), unpaid.disputeId)]);
    expect(await enforcementOf(unpaid.settlementId)).toHaveLength(0);
    await sg.request('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: unpaid.id }, yiwuCourt);
    const [enforcement] = await enforcementOf(unpaid.settlementId);
    expect(enforcement).toMatchObject({ trigger: 'MISSED_INSTALMENT', basis: 'JUDICIAL_CONFIRMATION', basisReference: unpaid.caseNumber, amount: '3600.00', disputeId: unpaid.disputeId });

    const cured = await confirmation(null);
    await sg.deliver('mediation', [
      missed('mediation', instalment('SETTLEMENT', cured.settlementId, cured.claimant, cured.respondent), cured.disputeId),
      feedEvent('mediation', (seqs.mediation = (seqs.mediation ?? 0) + 1), 'InstalmentPaid', { obligationId: cured.settlementId }),
    ]);
    await sg.request('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: cured.id }, yiwuCourt);
    expect(await enforcementOf(cured.settlementId)).toHaveLength(0);
  });
});
