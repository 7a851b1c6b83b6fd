import { eq, sql } from 'drizzle-orm';
import {
  DEMO, INSTALMENT_MISSED, INSTALMENT_PAID, instalmentMissedPayload, instalmentPaidPayload, OBLIGATION_PERFORMED, obligationPerformedPayload,
  startTestSubgraph, type Caller,
} from '@fengqiao/subgraph-kit';
import { arbitrationEvents, awardInstalments, idempotencyKeys, outbox } from '../src/db/schema.js';
import { arbitrationSubgraph } from '../src/definition.js';

const A = DEMO.arbitrationInstitutions;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const party = (id: string) => as('party', id);
const gzac = as('arbitrator', 'usr_arb_gz', A.guangzhou);
const admin = as('admin', 'usr_admin');

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(arbitrationSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;

const AWARD_FIELDS = 'id status award { amount performedAt enforcementCourtId instalments { number dueOn amount status paidAt } } events { kind actorRole actorId detail }';
const PAY = `mutation($id: ID!, $n: Int!, $key: String!) { recordAwardPayment(caseId: $id, number: $n, idempotencyKey: $key) { ${AWARD_FIELDS} } }`;
const CASE = `query($id: ID!) { arbitrationCase(id: $id) { ${AWARD_FIELDS} } }`;
const AWARD = `mutation($id: ID!, $input: IssueAwardInput!) { issueAward(caseId: $id, input: $input) { ${AWARD_FIELDS} } }`;

function ok(r: { errors?: unknown; data?: any }) {
  expect(r.errors).toBeUndefined();
  return r.data;
}

/** A case in HEARING at the Guangzhou Arbitration Commission between two fresh parties. */
async function caseInHearing(on = sg) {
  const claimant = uniq('pty_c');
  const respondent = uniq('pty_r');
  const agreementId = ok(await on.request(`mutation($input: RecordArbitrationAgreementInput!, $key: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $key) { id } }`, {
    input: { partyIds: [claimant, respondent], institutionId: A.guangzhou, source: 'CONTRACT', clauseText: 'Disputes go to the Guangzhou Arbitration Commission.', signedAt: '2026-01-10T02:00:00.000Z' },
    key: uniq('key-agr'),
  }, admin)).recordArbitrationAgreement.id;
  const disputeId = uniq('dsp');
  const id = ok(await on.request(`mutation($input: FileArbitrationInput!, $key: String!) { fileArbitration(input: $input, idempotencyKey: $key) { id } }`, {
    input: { disputeId, claimantId: claimant, respondentId: respondent, agreementId, claimAmount: '30000.00' }, key: uniq('key-arb'),
  }, party(claimant))).fileArbitration.id as string;
  ok(await on.request(`mutation($id: ID!) { appointTribunal(caseId: $id, arbitrators: ["Li Ming"]) { id } }`, { id }, gzac));
  ok(await on.request(`mutation($id: ID!) { startHearing(caseId: $id) { id } }`, { id }, gzac));
  return { id, disputeId, claimant, respondent };
}

const SCHEDULE = [
  { dueOn: '2020-01-31', amount: '10000.00' }, // already past when the award is made
  { dueOn: '2099-02-28', amount: '10000.00' },
  { dueOn: '2099-03-31', amount: '10000.00' },
];

async function awarded(instalments: { dueOn: string; amount: string }[] | null = SCHEDULE, extra: Record<string, unknown> = {}, on = sg) {
  const c = await caseInHearing(on);
  const amount = instalments ? instalments.reduce((s, i) => s + Number(i.amount), 0).toFixed(2) : '30000.00';
  const award = ok(await on.request(AWARD, { id: c.id, input: { summary: 'The respondent pays the claimant.', amount, instalments, ...extra } }, gzac)).issueAward;
  return { ...c, award };
}

const outboxOf = async (caseId: string, type?: string) =>
  (await db().select().from(outbox).where(eq(outbox.aggregateId, caseId)).orderBy(outbox.seq)).filter((e: any) => !type || e.eventType === type);

async function counts() {
  const one = async (t: any) => (await db().select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { instalments: await one(awardInstalments), events: await one(arbitrationEvents), outbox: await one(outbox), keys: await one(idempotencyKeys) };
}

describe('an award\'s instalments', () => {
  test('are followed from the award: numbered, DUE, a due date in the past accepted', async () => {
    const { award } = await awarded();
    expect(award.status).toBe('AWARDED');
    expect(award.award.instalments).toEqual(SCHEDULE.map((s, i) => ({ number: i + 1, ...s, status: 'DUE', paidAt: null })));
    expect(award.award.performedAt).toBeNull();
  });

  test('an award without a schedule has nothing to follow', async () => {
    const { id, claimant, award } = await awarded(null);
    expect(award.award.instalments).toBeNull();
    const r = await sg.request(PAY, { id, n: 1, key: uniq('key-pay') }, party(claimant));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number', rule: 'UNKNOWN_INSTALMENT' });
  });

  test('a date that does not exist is refused and nothing is written', async () => {
    const c = await caseInHearing();
    const before = await counts();
    const r = await sg.request(AWARD, { id: c.id, input: { summary: 'x', amount: '100.00', instalments: [{ dueOn: '2027-02-30', amount: '100.00' }] } }, gzac);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'instalments.0.dueOn' });
    expect(await counts()).toEqual(before);
    expect(ok(await sg.request(CASE, { id: c.id }, gzac)).arbitrationCase.status).toBe('HEARING');
  });
});

describe('the missed-instalment clock', () => {
  test('marks a DUE instalment past its date MISSED once, with what is still outstanding and the enforcement court', async () => {
    const { id, disputeId, claimant, respondent } = await awarded(SCHEDULE, { enforcementCourtId: DEMO.courts.guangzhouIp });
    expect(await sg.services.workflow.markMissedInstalments()).toBeGreaterThanOrEqual(1);
    const c = ok(await sg.request(CASE, { id }, party(claimant))).arbitrationCase;
    expect(c.award.instalments.map((i: any) => i.status)).toEqual(['MISSED', 'DUE', 'DUE']);
    expect(c.award.enforcementCourtId).toBe(DEMO.courts.guangzhouIp);
    expect(c.events.at(-1)).toMatchObject({ kind: 'INSTALMENT_MISSED', actorRole: 'admin', actorId: 'system:arbitration-clock' });

    const [missed, ...more] = await outboxOf(id, INSTALMENT_MISSED);
    expect(more).toEqual([]);
    expect(missed.disputeId).toBe(disputeId);
    expect(instalmentMissedPayload.parse(missed.payload)).toEqual({
      obligation: 'AWARD', obligationId: id, creditorId: claimant, debtorId: respondent,
      instalmentId: expect.stringMatching(/^ain_/), number: 1, amount: '10000.00', dueDate: '2020-01-31', outstandingAmount: '30000.00',
      enforcementCourtId: DEMO.courts.guangzhouIp,
    });

    // Nothing new to mark: a second run changes nothing.
    const before = await counts();
    await sg.services.workflow.markMissedInstalments();
    expect(await outboxOf(id, INSTALMENT_MISSED)).toHaveLength(1);
    expect((await counts()).outbox).toBe(before.outbox);
  });

  test('counts days in China: due 2099-02-28 is missed from 1 March 00:00 in Beijing (28 Feb 16:00 UTC)', async () => {
    const { id } = await awarded([{ dueOn: '2099-02-28', amount: '500.00' }]);
    await sg.services.workflow.markMissedInstalments(new Date('2099-02-28T23:59:59+08:00'));
    expect(await outboxOf(id, INSTALMENT_MISSED)).toHaveLength(0);
    await sg.services.workflow.markMissedInstalments(new Date('2099-03-01T00:00:00+08:00'));
    expect(await outboxOf(id, INSTALMENT_MISSED)).toHaveLength(1);
  });

  test('two runs at once mark each instalment once', async () => {
    const { id } = await awarded([{ dueOn: '2020-05-01', amount: '100.00' }, { dueOn: '2020-06-01', amount: '100.00' }]);
    await Promise.all([sg.services.workflow.markMissedInstalments(), sg.services.workflow.markMissedInstalments()]);
    const missed = await outboxOf(id, INSTALMENT_MISSED);
    expect(missed.map((e: any) => e.payload.number).sort()).toEqual([1, 2]);
    expect(missed.every((e: any) => e.payload.outstandingAmount === '200.00')).toBe(true);
  });

  test('runs on its own as a job of the subgraph', async () => {
    const running = await startTestSubgraph(arbitrationSubgraph, { jobs: { everyMs: 50 } });
    try {
      const c = await awarded([{ dueOn: '2021-01-01', amount: '700.00' }], {}, running);
      const deadline = Date.now() + 5000;
      let status = 'DUE';
      while (status === 'DUE' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        status = ok(await running.request(CASE, { id: c.id }, gzac)).arbitrationCase.award.instalments[0].status;
      }
      expect(status).toBe('MISSED');
    } finally {
      await running.stop();
    }
  });
});

describe('recording payments', () => {
  test('the creditor records each instalment; a missed one may be paid late; the last one performs the award', async () => {
    const { id, disputeId, claimant, respondent } = await awarded();
    await sg.services.workflow.markMissedInstalments();
    const one = ok(await sg.request(PAY, { id, n: 2, key: uniq('key-pay') }, party(claimant))).recordAwardPayment;
    expect(one.award.instalments.map((i: any) => i.status)).toEqual(['MISSED', 'PAID', 'DUE']);
    expect(one.award.instalments[1].paidAt).toEqual(expect.any(String));
    expect(one.award.performedAt).toBeNull();
    const [paid] = await outboxOf(id, INSTALMENT_PAID);
    expect(paid.disputeId).toBe(disputeId);
    expect(instalmentPaidPayload.parse(paid.payload)).toMatchObject({
      obligation: 'AWARD', obligationId: id, creditorId: claimant, debtorId: respondent, number: 2, amount: '10000.00', dueDate: '2099-02-28',
      paidAt: one.award.instalments[1].paidAt,
    });

    ok(await sg.request(PAY, { id, n: 1, key: uniq('key-pay') }, party(claimant)));
    expect(await outboxOf(id, OBLIGATION_PERFORMED)).toHaveLength(0);
    const last = ok(await sg.request(PAY, { id, n: 3, key: uniq('key-pay') }, gzac)).recordAwardPayment;
    expect(last.award.instalments.every((i: any) => i.status === 'PAID')).toBe(true);
    expect(last.award.performedAt).toBe(last.award.instalments[2].paidAt);
    expect(last.events.slice(-2).map((e: any) => e.kind)).toEqual(['INSTALMENT_PAID', 'AWARD_PERFORMED']);
    const performed = await outboxOf(id, OBLIGATION_PERFORMED);
    expect(performed).toHaveLength(1);
    expect(obligationPerformedPayload.parse(performed[0].payload)).toEqual({
      obligation: 'AWARD', obligationId: id, creditorId: claimant, debtorId: respondent, totalAmount: '30000.00', performedAt: last.award.performedAt,
    });
    expect((await outboxOf(id)).map((e: any) => e.eventType)).toEqual([
      'ArbitrationFiled', 'TribunalAppointed', 'HearingStarted', 'AwardIssued', INSTALMENT_MISSED, INSTALMENT_PAID, INSTALMENT_PAID, INSTALMENT_PAID, OBLIGATION_PERFORMED,
    ]);
  });

  test('a replay answers the same; a paid instalment cannot be paid again; the key with another instalment is refused', async () => {
    const { id, claimant } = await awarded();
    const key = uniq('key-pay');
    ok(await sg.request(PAY, { id, n: 3, key }, party(claimant)));
    const before = await counts();
    const replay = ok(await sg.request(PAY, { id, n: 3, key }, party(claimant))).recordAwardPayment;
    expect(replay.award.instalments[2].status).toBe('PAID');
    expect(await counts()).toEqual(before);
    expect((await sg.request(PAY, { id, n: 3, key: uniq('key-pay') }, party(claimant))).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAID' });
    expect((await sg.request(PAY, { id, n: 2, key }, party(claimant))).errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
    expect(await outboxOf(id, INSTALMENT_PAID)).toHaveLength(1);
  });

  test('only the creditor or the institution records a payment; others are refused and nothing changes', async () => {
    const { id, respondent } = await awarded();
    const before = await counts();
    for (const [caller, code] of [
      [party(respondent), 'FORBIDDEN'], // the debtor's word is not a receipt
      [admin, 'FORBIDDEN'],
      [as('court', 'usr_judge', DEMO.courts.yiwu), 'FORBIDDEN'],
      [as('arbitrator', 'usr_arb_sh', A.shanghai), 'NOT_FOUND'],
      [party('pty_stranger'), 'NOT_FOUND'],
    ] as [Caller, string][]) {
      expect((await sg.request(PAY, { id, n: 1, key: uniq('key-pay') }, caller)).errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  test('bad input: no such instalment, a non-positive number, a case not awarded, a case that does not exist', async () => {
    const { id, claimant } = await awarded();
    const hearing = await caseInHearing();
    const before = await counts();
    expect((await sg.request(PAY, { id, n: 4, key: uniq('key-pay') }, party(claimant))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number', rule: 'UNKNOWN_INSTALMENT' });
    expect((await sg.request(PAY, { id, n: 0, key: uniq('key-pay') }, party(claimant))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number' });
    expect((await sg.request(PAY, { id, n: 1, key: 'short' }, party(claimant))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect((await sg.request(PAY, { id: hearing.id, n: 1, key: uniq('key-pay') }, party(hearing.claimant))).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'HEARING' });
    expect((await sg.request(PAY, { id: 'arc_nope', n: 1, key: uniq('key-pay') }, gzac)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  test('the last two instalments paid at once: the award is performed exactly once', async () => {
    const { id, claimant } = await awarded([{ dueOn: '2099-01-01', amount: '1.00' }, { dueOn: '2099-02-01', amount: '2.00' }]);
    const rs = await Promise.all([1, 2].map((i) => sg.request(PAY, { id, n: i, key: uniq('key-pay') }, party(claimant))));
    expect(rs.every((r) => !r.errors)).toBe(true);
    expect(await outboxOf(id, INSTALMENT_PAID)).toHaveLength(2);
    expect(await outboxOf(id, OBLIGATION_PERFORMED)).toHaveLength(1);
  });

  test('the same instalment paid twice at once: one succeeds, the other is INVALID_TRANSITION', async () => {
    const { id, claimant } = await awarded();
    const rs = await Promise.all([1, 2].map(() => sg.request(PAY, { id, n: 2, key: uniq('key-pay') }, party(claimant))));
    expect(rs.filter((r) => !r.errors)).toHaveLength(1);
    expect(rs.find((r) => r.errors)!.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAID' });
    expect(await outboxOf(id, INSTALMENT_PAID)).toHaveLength(1);
  });
});
