import {
  chinaDate, DEMO, INSTALMENT_MISSED, INSTALMENT_PAID, instalmentMissedPayload, instalmentPaidPayload, OBLIGATION_PERFORMED, obligationPerformedPayload,
  startTestSubgraph, withStepUp, type Caller,
} from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from '../src/definition.js';
import { settlementHash } from '../src/mediation-manager.js';
import { DEMO_CASES, DEMO_SETTLEMENT_ID, DEMO_SETTLEMENT_INSTALMENTS, DEMO_SETTLEMENT_TERMS } from '../src/seed.js';
import { fromFen, instalmentStates, summarisePerformance, toFen } from '../src/settlement-performance.js';

const ORG = DEMO.mediationOrganizations;
const M = DEMO.mediators;
const P = DEMO.parties;

const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const court: Caller = { role: 'court', sub: 'usr_judge', org: DEMO.courts.guangzhouInternet };
const gzManager: Caller = { role: 'mediation_org', sub: 'usr_gz_case_mgr', org: ORG.gzInternetCourtDdr };
const yiwuManager: Caller = { role: 'mediation_org', sub: 'usr_yiwu_case_mgr', org: ORG.yiwuMarketMediation };
const chen: Caller = { role: 'mediator', sub: M.chenJing, org: ORG.gzInternetCourtDdr };
const zhou: Caller = { role: 'mediator', sub: M.zhouLei, org: ORG.yiwuMarketMediation };
const claimant: Caller = { role: 'party', sub: P.buyerLiNa, org: null };
const respondent: Caller = { role: 'party', sub: P.merchantGzElectronics, org: null };
const stranger: Caller = { role: 'party', sub: P.buyerWangFang, org: null };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(mediationSubgraph); });
afterAll(() => sg?.stop());

let seq = 0;
const key = (label: string) => `key-${label}-${++seq}-${Date.now()}`;
const DAY = 24 * 60 * 60 * 1000;
const yesterday = () => chinaDate(new Date(Date.now() - DAY));
const FAR = '2099-12-31';

const SETTLEMENT = `settlement { id contentHash signedAt instalments { number amount dueDate status paidAt missedAt }
  performance { status totalAmount paidAmount outstandingAmount overdueAmount instalmentsPaid instalmentsMissed nextDueDate performedAt } }`;
const CASE = `id status ${SETTLEMENT} events { kind actor { role id } note }`;
const PAY = `mutation($s: ID!, $n: Int!, $key: String!) { recordInstalmentPayment(settlementId: $s, number: $n, idempotencyKey: $key) { ${CASE} } }`;
const CASE_QUERY = `query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`;

async function ok(query: string, variables: Record<string, unknown>, caller: Caller): Promise<any> {
  const r = await sg.request(query, variables, caller);
  if (r.errors) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return Object.values(r.data)[0];
}
async function fails(query: string, variables: Record<string, unknown>, caller: Caller): Promise<Record<string, any>> {
  const r = await sg.request(query, variables, caller);
  expect(r.errors).toBeDefined();
  return { message: r.errors![0]!.message, ...r.errors![0]!.extensions };
}
/** A party as the gateway forwards it once it confirmed, with a code, signing the case's current draft. */
async function signing(caller: Caller, caseId: string): Promise<Caller> {
  const draft = await sg.services.store.settlementOfCase(caseId);
  return caller.role === 'party' && draft ? withStepUp(caller, 'SIGN_SETTLEMENT', caseId, draft.contentHash) : caller;
}
const pay = (settlementId: string, n: number, caller: Caller = claimant, k = key('pay')) => sg.request(PAY, { s: settlementId, n, key: k }, caller);

/** A case in session with Chen Jing, whose settlement has these instalments drafted; signed by `signers`. */
async function settlementWith(instalments: { amount: string; dueDate: string }[], signers: Caller[] = [claimant, respondent]): Promise<{ caseId: string; settlementId: string }> {
  const referred = await ok(`mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { id } }`, {
    input: { disputeId: `dsp_perf_${++seq}_${Math.random().toString(36).slice(2, 8)}`, claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE', organizationId: ORG.gzInternetCourtDdr },
    key: key('refer'),
  }, court);
  const id = referred.id;
  await ok('mutation($id: ID!) { acceptReferral(caseId: $id) { id } }', { id }, gzManager);
  await ok('mutation($id: ID!, $m: ID!) { assignMediator(caseId: $id, mediatorId: $m) { id } }', { id, m: M.chenJing }, gzManager);
  await ok('mutation($id: ID!, $key: String!) { recordContactAttempt(caseId: $id, reached: true, channel: VIRTUAL_NUMBER, idempotencyKey: $key) { id } }', { id, key: key('contact') }, chen);
  const drafted = await ok('mutation($id: ID!, $input: DraftSettlementInput!, $key: String!) { draftSettlement(caseId: $id, input: $input, idempotencyKey: $key) { settlement { id } } }', {
    id, input: { terms: `Refund in ${instalments.length} instalments`, instalments }, key: key('draft'),
  }, chen);
  for (const signer of signers) await ok('mutation($id: ID!) { signSettlement(caseId: $id) { id } }', { id }, await signing(signer, id));
  return { caseId: id, settlementId: drafted.settlement.id };
}

const eventsOf = async (caseId: string, type: string) => (await sg.services.store.eventsOfCases([caseId])).filter((e: any) => e.eventType === type);
const outboxSize = async () => (await sg.events()).length;

describe('following a sealed settlement', () => {
  test('a draft may carry a due date already past; sealing starts following every instalment, the content and its hash untouched', async () => {
    const instalments = [{ amount: '100.00', dueDate: yesterday() }, { amount: '250.50', dueDate: FAR }];
    const { caseId, settlementId } = await settlementWith(instalments, [claimant]);
    const draft = await ok(CASE_QUERY, { id: caseId }, admin);
    expect(draft.settlement.instalments).toEqual([
      { number: 1, amount: '100.00', dueDate: yesterday(), status: null, paidAt: null, missedAt: null },
      { number: 2, amount: '250.50', dueDate: FAR, status: null, paidAt: null, missedAt: null },
    ]);
    expect(draft.settlement.performance).toBeNull();

    const sealed = await ok('mutation($id: ID!) { signSettlement(caseId: $id) { ' + CASE + ' } }', { id: caseId }, await signing(respondent, caseId));
    expect(sealed.status).toBe('SETTLED');
    expect(sealed.settlement.instalments.map((i: any) => i.status)).toEqual(['DUE', 'DUE']);
    expect(sealed.settlement.performance).toEqual({
      status: 'ON_SCHEDULE', totalAmount: '350.50', paidAmount: '0.00', outstandingAmount: '350.50', overdueAmount: '0.00',
      instalmentsPaid: 0, instalmentsMissed: 0, nextDueDate: yesterday(), performedAt: null,
    });
    expect(sealed.settlement.contentHash).toBe(settlementHash('Refund in 2 instalments', instalments));
    const rows = await sg.services.store.performanceOfSettlements([settlementId]);
    expect(rows.map((r: any) => [r.number, r.dueDate, r.status])).toEqual([[1, yesterday(), 'DUE'], [2, FAR, 'DUE']]);
  });

  test('an agreement without instalments has no performance to follow', async () => {
    const { caseId, settlementId } = await settlementWith([]);
    const c = await ok(CASE_QUERY, { id: caseId }, admin);
    expect(c.settlement).toMatchObject({ instalments: [], performance: null });
    expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number', rule: 'UNKNOWN_INSTALMENT' });
  });
});

describe('the missed-instalment job', () => {
  test('marks a DUE instalment MISSED once its due date has passed in China, once, with the outstanding amount', async () => {
    const { caseId, settlementId } = await settlementWith([{ amount: '100.00', dueDate: yesterday() }, { amount: '200.00', dueDate: FAR }]);
    const marked = await sg.services.manager.markMissedInstalments();
    expect(marked).toBeGreaterThanOrEqual(1);
    const c = await ok(CASE_QUERY, { id: caseId }, claimant);
    expect(c.settlement.instalments.map((i: any) => i.status)).toEqual(['MISSED', 'DUE']);
    expect(c.settlement.instalments[0].missedAt).not.toBeNull();
    expect(c.settlement.performance).toMatchObject({ status: 'IN_DEFAULT', overdueAmount: '100.00', outstandingAmount: '300.00', instalmentsMissed: 1, nextDueDate: FAR });

    const [missed, ...more] = await eventsOf(caseId, INSTALMENT_MISSED);
    expect(more).toEqual([]);
    expect(instalmentMissedPayload.parse(missed!.payload)).toEqual({
      obligation: 'SETTLEMENT', obligationId: settlementId, creditorId: P.buyerLiNa, debtorId: P.merchantGzElectronics,
      instalmentId: `${settlementId}/1`, number: 1, amount: '100.00', dueDate: yesterday(), outstandingAmount: '300.00',
    });
    expect(missed).toMatchObject({ aggregateType: 'MediationCase', aggregateId: caseId, actorRole: 'admin', actorId: null });
    expect(c.events.at(-1)).toMatchObject({ kind: INSTALMENT_MISSED, actor: { role: 'admin', id: null } });

    // Again: nothing left to mark for this settlement.
    await sg.services.manager.markMissedInstalments();
    expect(await eventsOf(caseId, INSTALMENT_MISSED)).toHaveLength(1);
  });

  test('counts the day in China time: due 2030-01-01 is missed from 2030-01-01 16:00 UTC', async () => {
    const { caseId } = await settlementWith([{ amount: '10.00', dueDate: '2030-01-01' }]);
    await sg.services.manager.markMissedInstalments(new Date('2030-01-01T15:59:59Z'));
    expect((await ok(CASE_QUERY, { id: caseId }, admin)).settlement.instalments[0].status).toBe('DUE');
    await sg.services.manager.markMissedInstalments(new Date('2030-01-01T16:00:00Z'));
    expect((await ok(CASE_QUERY, { id: caseId }, admin)).settlement.instalments[0].status).toBe('MISSED');
  });

  test('two runs at the same time mark each instalment once', async () => {
    const { caseId } = await settlementWith([{ amount: '10.00', dueDate: '2031-03-01' }, { amount: '20.00', dueDate: '2031-03-02' }]);
    const now = new Date('2031-03-05T00:00:00Z');
    await Promise.all([sg.services.manager.markMissedInstalments(now), sg.services.manager.markMissedInstalments(now), sg.services.manager.markMissedInstalments(now)]);
    const missed = await eventsOf(caseId, INSTALMENT_MISSED);
    expect(missed.map((e: any) => e.payload.number).sort()).toEqual([1, 2]);
  });

  test('runs on its own clock when the subgraph runs its jobs', async () => {
    const running = await startTestSubgraph(mediationSubgraph, { jobs: { everyMs: 50 } });
    try {
      // The seeded settlement is performed; nothing of it may be marked.
      const rows = await running.services.store.performanceOfSettlements([DEMO_SETTLEMENT_ID]);
      const sealed = await running.services.store.transaction(async (store: any) => {
        await store.insertSettlements([{ id: 'sag_job_test', caseId: DEMO_CASES.withdrawn, terms: 't', instalments: [{ amount: '5.00', dueDate: yesterday() }], contentHash: settlementHash('t', [{ amount: '5.00', dueDate: yesterday() }]), signedAt: new Date() }]);
        await store.insertInstalmentPerformance([{ settlementId: 'sag_job_test', number: 1, dueDate: yesterday() }]);
        return 'sag_job_test';
      });
      let status = 'DUE';
      for (let i = 0; i < 400 && status === 'DUE'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await running.services.store.instalment(sealed, 1))!.status;
      }
      expect(status).toBe('MISSED');
      expect((await running.events({ types: [INSTALMENT_MISSED] })).map((e) => e.payload.obligationId)).toEqual(['sag_job_test']);
      expect((await running.services.store.performanceOfSettlements([DEMO_SETTLEMENT_ID])).map((r: any) => r.status)).toEqual(rows.map((r: any) => r.status));
    } finally {
      await running.stop();
    }
  }, 30_000);
});

describe('recording payments', () => {
  test('the claimant confirms receipt; a missed instalment can be paid late; the last payment performs the obligation', async () => {
    const { caseId, settlementId } = await settlementWith([{ amount: '100.00', dueDate: yesterday() }, { amount: '200.00', dueDate: FAR }]);
    await sg.services.manager.markMissedInstalments();

    const first = await ok(PAY, { s: settlementId, n: 1, key: key('p') }, claimant);
    expect(first.id).toBe(caseId);
    expect(first.settlement.instalments[0]).toMatchObject({ status: 'PAID', paidAt: expect.any(String), missedAt: expect.any(String) });
    expect(first.settlement.performance).toMatchObject({ status: 'ON_SCHEDULE', paidAmount: '100.00', outstandingAmount: '200.00', overdueAmount: '0.00', instalmentsPaid: 1, instalmentsMissed: 0 });
    const [paid] = await eventsOf(caseId, INSTALMENT_PAID);
    expect(instalmentPaidPayload.parse(paid!.payload)).toEqual({
      obligation: 'SETTLEMENT', obligationId: settlementId, creditorId: P.buyerLiNa, debtorId: P.merchantGzElectronics,
      instalmentId: `${settlementId}/1`, number: 1, amount: '100.00', dueDate: yesterday(), paidAt: first.settlement.instalments[0].paidAt,
    });
    expect(paid!.payload).toMatchObject({ late: true, caseId });
    expect(paid).toMatchObject({ actorRole: 'party', actorId: P.buyerLiNa });
    expect(await eventsOf(caseId, OBLIGATION_PERFORMED)).toEqual([]);

    const last = await ok(PAY, { s: settlementId, n: 2, key: key('p') }, chen);
    expect(last.settlement.performance).toMatchObject({ status: 'PERFORMED', paidAmount: '300.00', outstandingAmount: '0.00', instalmentsPaid: 2, nextDueDate: null, performedAt: last.settlement.instalments[1].paidAt });
    const performed = await eventsOf(caseId, OBLIGATION_PERFORMED);
    expect(performed).toHaveLength(1);
    expect(obligationPerformedPayload.parse(performed[0]!.payload)).toEqual({
      obligation: 'SETTLEMENT', obligationId: settlementId, creditorId: P.buyerLiNa, debtorId: P.merchantGzElectronics, totalAmount: '300.00', performedAt: last.settlement.performance.performedAt,
    });
    expect((await eventsOf(caseId, INSTALMENT_PAID))[1]!.payload).toMatchObject({ number: 2, late: false });
    expect(last.events.slice(-4).map((e: any) => e.kind)).toEqual([INSTALMENT_MISSED, INSTALMENT_PAID, INSTALMENT_PAID, OBLIGATION_PERFORMED]);
    // Published for other subgraphs (credit, courts) to read.
    const published = await sg.events({ types: [INSTALMENT_PAID, OBLIGATION_PERFORMED] });
    expect(published.filter((e) => e.payload.obligationId === settlementId).map((e) => e.type)).toEqual([INSTALMENT_PAID, INSTALMENT_PAID, OBLIGATION_PERFORMED]);

    // Performed: the content and its hash are as sealed.
    const after = await ok(CASE_QUERY, { id: caseId }, admin);
    expect(after.settlement.contentHash).toBe(settlementHash('Refund in 2 instalments', [{ amount: '100.00', dueDate: yesterday() }, { amount: '200.00', dueDate: FAR }]));
  });

  test('the organisation that handled the case may record a payment too', async () => {
    const { settlementId } = await settlementWith([{ amount: '1.00', dueDate: FAR }]);
    const c = await ok(PAY, { s: settlementId, n: 1, key: key('p') }, gzManager);
    expect(c.settlement.performance.status).toBe('PERFORMED');
  });

  test('paying twice is refused with the current state; a replayed key answers the first result', async () => {
    const { caseId, settlementId } = await settlementWith([{ amount: '50.00', dueDate: FAR }, { amount: '50.00', dueDate: FAR }]);
    const k = key('p');
    const once = await ok(PAY, { s: settlementId, n: 1, key: k }, claimant);
    const replay = await ok(PAY, { s: settlementId, n: 1, key: k }, claimant);
    expect(replay.settlement.instalments[0].paidAt).toBe(once.settlement.instalments[0].paidAt);
    expect(await eventsOf(caseId, INSTALMENT_PAID)).toHaveLength(1);
    expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, claimant)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAID' });
    expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAID' });
    expect(await fails(PAY, { s: settlementId, n: 2, key: k }, claimant)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await eventsOf(caseId, INSTALMENT_PAID)).toHaveLength(1);
    expect((await ok(CASE_QUERY, { id: caseId }, admin)).settlement.instalments[1].status).toBe('DUE');
  });

  test('the same instalment paid twice at once is paid once', async () => {
    const { caseId, settlementId } = await settlementWith([{ amount: '50.00', dueDate: FAR }]);
    const results = await Promise.all([pay(settlementId, 1, claimant), pay(settlementId, 1, chen), pay(settlementId, 1, gzManager)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions)).toEqual([
      expect.objectContaining({ code: 'INVALID_TRANSITION', currentState: 'PAID' }), expect.objectContaining({ code: 'INVALID_TRANSITION', currentState: 'PAID' }),
    ]);
    expect(await eventsOf(caseId, INSTALMENT_PAID)).toHaveLength(1);
    expect(await eventsOf(caseId, OBLIGATION_PERFORMED)).toHaveLength(1);
  });

  test('the last two instalments paid at once perform the obligation exactly once', async () => {
    const { caseId, settlementId } = await settlementWith([{ amount: '10.00', dueDate: FAR }, { amount: '20.00', dueDate: FAR }, { amount: '30.00', dueDate: FAR }]);
    await ok(PAY, { s: settlementId, n: 1, key: key('p') }, claimant);
    const results = await Promise.all([pay(settlementId, 2, claimant), pay(settlementId, 3, chen)]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(await eventsOf(caseId, INSTALMENT_PAID)).toHaveLength(3);
    const performed = await eventsOf(caseId, OBLIGATION_PERFORMED);
    expect(performed).toHaveLength(1);
    expect(performed[0]!.payload).toMatchObject({ totalAmount: '60.00' });
  });

  test('refusals are typed and write nothing', async () => {
    const { settlementId } = await settlementWith([{ amount: '80.00', dueDate: FAR }]);
    const draft = await settlementWith([{ amount: '80.00', dueDate: FAR }], [claimant]);
    const before = await outboxSize();
    const rowsBefore = await sg.services.store.performanceOfSettlements([settlementId, draft.settlementId]);

    expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, respondent)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('claimant confirms receipt') });
    for (const caller of [stranger, zhou, yiwuManager, court, admin]) {
      expect(await fails(PAY, { s: settlementId, n: 1, key: key('p') }, caller)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await fails(PAY, { s: 'sag_unknown', n: 1, key: key('p') }, claimant)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails(PAY, { s: settlementId, n: 0, key: key('p') }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number', rule: 'RANGE' });
    expect(await fails(PAY, { s: settlementId, n: 2, key: key('p') }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number', rule: 'UNKNOWN_INSTALMENT' });
    expect(await fails(PAY, { s: settlementId, n: 1, key: 'short' }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await fails(PAY, { s: draft.settlementId, n: 1, key: key('p') }, claimant)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'DRAFT' });
    expect(await fails(PAY, { s: draft.settlementId, n: 1, key: key('p') }, respondent)).toMatchObject({ code: 'FORBIDDEN' });

    expect(await outboxSize()).toBe(before);
    expect(await sg.services.store.performanceOfSettlements([settlementId, draft.settlementId])).toEqual(rowsBefore);
    expect(rowsBefore.map((r: any) => r.settlementId)).toEqual([settlementId]);
  });
});

describe('the seeded settled case', () => {
  test('was performed: the first instalment on time, the second missed and paid late', async () => {
    const c = await ok(`query($id: ID!) { mediationCase(id: $id) { ${SETTLEMENT} } }`, { id: DEMO_CASES.settledAndConfirmed }, admin);
    expect(c.settlement.contentHash).toBe(settlementHash(DEMO_SETTLEMENT_TERMS, DEMO_SETTLEMENT_INSTALMENTS));
    expect(c.settlement.instalments).toEqual([
      { number: 1, amount: '1800.00', dueDate: '2026-08-31', status: 'PAID', paidAt: '2026-08-29T07:20:00.000Z', missedAt: null },
      { number: 2, amount: '1800.00', dueDate: '2026-09-30', status: 'PAID', paidAt: '2026-10-09T03:00:00.000Z', missedAt: '2026-09-30T16:01:00.000Z' },
    ]);
    expect(c.settlement.performance).toEqual({
      status: 'PERFORMED', totalAmount: '3600.00', paidAmount: '3600.00', outstandingAmount: '0.00', overdueAmount: '0.00',
      instalmentsPaid: 2, instalmentsMissed: 0, nextDueDate: null, performedAt: '2026-10-09T03:00:00.000Z',
    });
  });
});

describe('the performance arithmetic', () => {
  test('counts in fen, never in floating point', () => {
    expect(fromFen(toFen('0.10') + toFen('0.20'))).toBe('0.30');
    expect(fromFen(toFen('1800') + toFen('0.5'))).toBe('1800.50');
    expect(() => toFen('1e3')).toThrow();
  });

  test('summarises the states', () => {
    const at = new Date('2026-01-02T00:00:00Z');
    const states = instalmentStates(
      [{ amount: '10.00', dueDate: '2026-01-01' }, { amount: '20.00', dueDate: '2026-02-01' }, { amount: '30.00', dueDate: '2026-03-01' }],
      [
        { settlementId: 's', number: 1, dueDate: '2026-01-01', status: 'MISSED', missedAt: at, paidAt: null, paymentRecordedBy: null, updatedAt: at },
        { settlementId: 's', number: 2, dueDate: '2026-02-01', status: 'PAID', missedAt: null, paidAt: at, paymentRecordedBy: 'party:x', updatedAt: at },
        { settlementId: 's', number: 3, dueDate: '2026-03-01', status: 'DUE', missedAt: null, paidAt: null, paymentRecordedBy: null, updatedAt: at },
      ],
    );
    expect(summarisePerformance(states)).toEqual({
      status: 'IN_DEFAULT', totalAmount: '60.00', paidAmount: '20.00', outstandingAmount: '40.00', overdueAmount: '10.00',
      instalmentsPaid: 1, instalmentsMissed: 1, nextDueDate: '2026-03-01', performedAt: null,
    });
    expect(summarisePerformance(instalmentStates([{ amount: '1.00', dueDate: '2026-01-01' }], []))).toBeNull();
  });
});
