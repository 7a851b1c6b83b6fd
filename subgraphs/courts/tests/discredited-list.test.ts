import { eq, sql } from 'drizzle-orm';
import {
  DEBTOR_DELISTED, DEBTOR_DISCREDITED, debtorDelistedPayload, debtorDiscreditedPayload, DEMO, feedEvent, OBLIGATION_PERFORMED, startTestSubgraph, withStepUp,
  type Caller, type FeedEvent,
} from '@fengqiao/subgraph-kit';
import { discreditedListings, enforcementCases, idempotencyKeys, outbox } from '../src/db/schema.js';
import { applicationHash } from '../src/court-workflow.js';
import { courtsSubgraph } from '../src/definition.js';

const C = DEMO.courts;
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
/** A party as the gateway forwards it once it confirmed this very application with a code. */
const applying = (caller: Caller, application: Parameters<typeof applicationHash>[0] & { settlementReference: string }) =>
  withStepUp(caller, 'APPLY_FOR_JUDICIAL_CONFIRMATION', application.settlementReference, applicationHash(application));
const yiwuCourt = as('court', 'usr_judge_yw', C.yiwu);
const nanshaCourt = as('court', 'usr_judge_ns', C.nansha);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(courtsSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
const seqs: Record<string, number> = {};
function from(source: 'mediation' | 'arbitration', type: string, payload: Record<string, unknown>, disputeId: string | null = null): FeedEvent {
  seqs[source] = (seqs[source] ?? 0) + 1;
  return feedEvent(source, seqs[source]!, type, payload, { disputeId, aggregateId: String(payload.obligationId) });
}

const CASE_FIELDS = `id caseNumber status concludedAt respondentId
  discreditedListing { id debtorId ground statement listedAt removedAt removalReason }
  events { kind actorRole actorId detail }`;
const APPLY = `mutation($input: ApplyForEnforcementInput!, $key: String!) { applyForEnforcement(input: $input, idempotencyKey: $key) { ${CASE_FIELDS} } }`;
const LIST = `mutation($input: ListDiscreditedDebtorInput!, $key: String!) { listDiscreditedDebtor(input: $input, idempotencyKey: $key) { ${CASE_FIELDS} } }`;
const PERFORMED = `mutation($id: ID!, $key: String!) { recordEnforcementPerformed(enforcementCaseId: $id, idempotencyKey: $key) { ${CASE_FIELDS} } }`;
const CASE = `query($id: ID!) { enforcementCase(id: $id) { ${CASE_FIELDS} } }`;

/** An enforcement of a judgment given elsewhere, recorded by the Yiwu court. */
async function enforcement(overrides: Record<string, unknown> = {}) {
  const input = {
    disputeId: uniq('dsp'), basis: 'JUDGMENT', basisReference: '(2025)浙0782民初99号', applicantId: uniq('pty_creditor'), respondentId: uniq('pty_debtor'),
    courtId: C.yiwu, amount: '86500.00', ...overrides,
  };
  const r = await sg.request(APPLY, { input, key: uniq('key-enf') }, yiwuCourt);
  expect(r.errors).toBeUndefined();
  return { ...r.data.applyForEnforcement, input };
}

const listing = (enforcementCaseId: string, extra: Record<string, unknown> = {}) => ({
  enforcementCaseId, ground: 'REFUSES_DESPITE_ABILITY', statement: 'Has a bank balance of 120,000 yuan and refuses to pay the 86,500 yuan judged.', ...extra,
});

async function list(enforcementCaseId: string, caller: Caller = yiwuCourt, extra: Record<string, unknown> = {}, key = uniq('key-list')) {
  return sg.request(LIST, { input: listing(enforcementCaseId, extra), key }, caller);
}

const outboxOf = async (aggregateId: string): Promise<any[]> => db().select().from(outbox).where(eq(outbox.aggregateId, aggregateId)).orderBy(outbox.seq);
async function counts() {
  const one = async (t: any) => (await db().select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { listings: await one(discreditedListings), outbox: await one(outbox), keys: await one(idempotencyKeys), cases: await one(enforcementCases) };
}

describe('listing a discredited judgment debtor', () => {
  test('the enforcing court lists the debtor of its case; the listing is public with the case and published to credit', async () => {
    const enf = await enforcement();
    const r = await list(enf.id);
    expect(r.errors).toBeUndefined();
    const c = r.data.listDiscreditedDebtor;
    expect(c).toMatchObject({
      status: 'APPLIED', concludedAt: null,
      discreditedListing: { debtorId: enf.input.respondentId, ground: 'REFUSES_DESPITE_ABILITY', removedAt: null, removalReason: null, statement: expect.stringContaining('refuses to pay') },
    });
    expect(c.events.map((e: any) => e.kind)).toEqual(['ENFORCEMENT_APPLIED', 'DEBTOR_LISTED']);
    expect(c.events[1]).toMatchObject({ actorRole: 'court', actorId: 'usr_judge_yw' });

    const published = (await outboxOf(enf.id)).filter((e) => e.eventType === DEBTOR_DISCREDITED);
    expect(published).toHaveLength(1);
    expect(debtorDiscreditedPayload.parse(published[0].payload)).toEqual({
      listingId: c.discreditedListing.id, enforcementCaseId: enf.id, caseNumber: enf.caseNumber, courtId: C.yiwu, debtorId: enf.input.respondentId,
      ground: 'REFUSES_DESPITE_ABILITY', statement: c.discreditedListing.statement, listedAt: c.discreditedListing.listedAt,
    });
    expect(published[0].disputeId).toBe(enf.input.disputeId);

    // The debtor sees its own listing; so does another court.
    expect((await sg.request(CASE, { id: enf.id }, as('party', enf.input.respondentId))).data.enforcementCase.discreditedListing.id).toBe(c.discreditedListing.id);
    expect((await sg.request(CASE, { id: enf.id }, nanshaCourt)).data.enforcementCase.discreditedListing.ground).toBe('REFUSES_DESPITE_ABILITY');
  });

  test('an idempotency key replays the listing; the same key with other input is refused', async () => {
    const enf = await enforcement();
    const key = uniq('key-list');
    const first = await list(enf.id, yiwuCourt, {}, key);
    const again = await list(enf.id, yiwuCourt, {}, key);
    expect(again.errors).toBeUndefined();
    expect(again.data.listDiscreditedDebtor.discreditedListing.id).toBe(first.data.listDiscreditedDebtor.discreditedListing.id);
    const other = await list(enf.id, yiwuCourt, { ground: 'EVADES_ENFORCEMENT' }, key);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect((await outboxOf(enf.id)).filter((e) => e.eventType === DEBTOR_DISCREDITED)).toHaveLength(1);
  });

  test('a listed debtor is not listed again in the same case: CONFLICT, nothing stored', async () => {
    const enf = await enforcement();
    const first = await list(enf.id);
    const before = await counts();
    const r = await list(enf.id, yiwuCourt, { ground: 'VIOLATES_CONSUMPTION_RESTRICTION' });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'enforcementCaseId', listingId: first.data.listDiscreditedDebtor.discreditedListing.id });
    expect(await counts()).toEqual(before);
  });

  test.each([
    ['an empty statement', (id: string) => listing(id, { statement: '   ' }), 'BAD_USER_INPUT', 'statement'],
    ['a statement of more than 2000 characters', (id: string) => listing(id, { statement: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'statement'],
    ['an empty case id', () => listing(' '), 'BAD_USER_INPUT', 'enforcementCaseId'],
    ['a ground the provisions do not know', (id: string) => listing(id, { ground: 'OWES_MONEY' }), 'BAD_USER_INPUT', undefined],
    ['an unknown enforcement case', () => listing('enf_nope'), 'NOT_FOUND', undefined],
  ])('%s is refused and stores nothing', async (_, input, code, field) => {
    const enf = await enforcement();
    const before = await counts();
    const r = await sg.request(LIST, { input: input(enf.id), key: uniq('key-list') }, yiwuCourt);
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(r.errors?.[0]?.extensions).toMatchObject({ field, rule: 'INPUT_SHAPE' });
    expect(await counts()).toEqual(before);
  });

  test.each([
    ['another court', nanshaCourt],
    ['an admin', as('admin', 'usr_admin')],
    ['the creditor', null],
    ['a platform', as('platform', 'usr_ops', DEMO.platforms.silkRoadMall)],
  ])('%s may not list the debtor (FORBIDDEN, nothing stored)', async (_, caller) => {
    const enf = await enforcement();
    const before = await counts();
    const r = await list(enf.id, caller ?? as('party', enf.input.applicantId));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  test('anonymous callers get UNAUTHENTICATED', async () => {
    const enf = await enforcement();
    expect((await list(enf.id, as('anonymous', null))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('performance of a judgment recorded by the court', () => {
  test('concludes the enforcement and removes the listing in one step, publishing DebtorDelisted', async () => {
    const enf = await enforcement();
    const listed = (await list(enf.id)).data.listDiscreditedDebtor.discreditedListing;
    const key = uniq('key-perf');
    const r = await sg.request(PERFORMED, { id: enf.id, key }, yiwuCourt);
    expect(r.errors).toBeUndefined();
    const c = r.data.recordEnforcementPerformed;
    expect(c).toMatchObject({ status: 'CONCLUDED', discreditedListing: { id: listed.id, removalReason: 'PERFORMED' } });
    expect(c.concludedAt).toBe(c.discreditedListing.removedAt);
    expect(c.events.map((e: any) => e.kind)).toEqual(['ENFORCEMENT_APPLIED', 'DEBTOR_LISTED', 'ENFORCEMENT_CONCLUDED', 'DEBTOR_DELISTED']);

    const types = (await outboxOf(enf.id)).map((e) => e.eventType);
    expect(types).toEqual(['EnforcementApplied', DEBTOR_DISCREDITED, 'EnforcementConcluded', DEBTOR_DELISTED]);
    const delisted = (await outboxOf(enf.id)).find((e) => e.eventType === DEBTOR_DELISTED);
    expect(debtorDelistedPayload.parse(delisted.payload)).toEqual({
      listingId: listed.id, enforcementCaseId: enf.id, caseNumber: enf.caseNumber, debtorId: enf.input.respondentId, reason: 'PERFORMED', removedAt: c.concludedAt,
    });

    // The same key answers the same result; another key finds the case concluded.
    const before = await counts();
    expect((await sg.request(PERFORMED, { id: enf.id, key }, yiwuCourt)).data.recordEnforcementPerformed.status).toBe('CONCLUDED');
    const twice = await sg.request(PERFORMED, { id: enf.id, key: uniq('key-perf') }, yiwuCourt);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CONCLUDED' });
    // Performed: there is no ground left to list the debtor on.
    const relist = await list(enf.id);
    expect(relist.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CONCLUDED' });
    expect(await counts()).toEqual(before);
  });

  test('an enforcement that was never listed concludes without a delisting', async () => {
    const enf = await enforcement();
    const r = await sg.request(PERFORMED, { id: enf.id, key: uniq('key-perf') }, yiwuCourt);
    expect(r.data.recordEnforcementPerformed).toMatchObject({ status: 'CONCLUDED', discreditedListing: null });
    expect((await outboxOf(enf.id)).map((e) => e.eventType)).toEqual(['EnforcementApplied', 'EnforcementConcluded']);
  });

  test('only the enforcing court records it, and only for a judgment; refusals store nothing', async () => {
    const enf = await enforcement();
    await list(enf.id);
    const award = await enforcement({ basis: 'ARBITRATION_AWARD', basisReference: uniq('arc') });
    const before = await counts();
    for (const caller of [nanshaCourt, as('admin', 'usr_admin'), as('party', enf.input.respondentId)]) {
      expect((await sg.request(PERFORMED, { id: enf.id, key: uniq('key-perf') }, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const r = await sg.request(PERFORMED, { id: award.id, key: uniq('key-perf') }, yiwuCourt);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'enforcementCaseId', rule: 'PERFORMED_THROUGH_OBLIGATION' });
    expect((await sg.request(PERFORMED, { id: 'enf_nope', key: uniq('key-perf') }, yiwuCourt)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sg.request(PERFORMED, { id: enf.id, key: 'short' }, yiwuCourt)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await counts()).toEqual(before);
    expect((await sg.request(CASE, { id: enf.id }, yiwuCourt)).data.enforcementCase).toMatchObject({ status: 'APPLIED', discreditedListing: { removedAt: null } });
  });
});

describe('performance of a settlement or award (ObligationPerformed)', () => {
  /** A settlement confirmed by the Yiwu court whose missed instalment opened an enforcement case. */
  async function enforcedSettlement() {
    const [claimant, respondent, settlementId, disputeId] = [uniq('pty_c'), uniq('pty_r'), uniq('sag'), uniq('dsp')];
    const application = { disputeId, claimantId: claimant, respondentId: respondent, courtId: C.yiwu, settlementReference: settlementId, settlementEffectiveAt: new Date().toISOString() };
    const applied = await sg.request(`mutation($input: ApplyForJudicialConfirmationInput!, $key: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $key) { id caseNumber } }`, {
      input: application,
      key: uniq('key-jcf'),
    }, applying(as('party', claimant), application));
    await sg.request('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: applied.data.applyForJudicialConfirmation.id }, yiwuCourt);
    await sg.deliver('mediation', [from('mediation', 'InstalmentMissed', {
      obligation: 'SETTLEMENT', obligationId: settlementId, creditorId: claimant, debtorId: respondent, instalmentId: uniq('ins'), number: 1, amount: '1000.00', dueDate: '2026-08-31', outstandingAmount: '2000.00',
    }, disputeId)]);
    const [row] = await db().select().from(enforcementCases).where(eq(enforcementCases.obligationId, settlementId));
    return { claimant, respondent, settlementId, disputeId, enforcementCaseId: row.id as string, confirmationCaseNumber: applied.data.applyForJudicialConfirmation.caseNumber as string };
  }
  const performed = (obligation: 'SETTLEMENT' | 'AWARD', obligationId: string, creditorId: string, debtorId: string) => ({
    obligation, obligationId, creditorId, debtorId, totalAmount: '2000.00', performedAt: new Date().toISOString(),
  });

  test('concludes the settlement\'s enforcement cases and removes the listing, exactly once', async () => {
    const s = await enforcedSettlement();
    await list(s.enforcementCaseId);
    // The creditor had also applied itself on the confirmation: that case is concluded as well.
    const manual = await enforcement({ disputeId: s.disputeId, basis: 'JUDICIAL_CONFIRMATION', basisReference: s.confirmationCaseNumber, applicantId: s.claimant, respondentId: s.respondent });
    const event = from('mediation', OBLIGATION_PERFORMED, performed('SETTLEMENT', s.settlementId, s.claimant, s.respondent), s.disputeId);
    expect(await sg.deliver('mediation', [event])).toMatchObject({ applied: 1 });

    const auto = (await sg.request(CASE, { id: s.enforcementCaseId }, yiwuCourt)).data.enforcementCase;
    expect(auto).toMatchObject({ status: 'CONCLUDED', discreditedListing: { removalReason: 'PERFORMED' } });
    expect(auto.events.slice(-2)).toEqual([
      expect.objectContaining({ kind: 'ENFORCEMENT_CONCLUDED', actorRole: 'admin', actorId: 'system:courts', detail: expect.stringContaining(`settlement agreement ${s.settlementId} was performed in full`) }),
      expect.objectContaining({ kind: 'DEBTOR_DELISTED' }),
    ]);
    expect((await sg.request(CASE, { id: manual.id }, yiwuCourt)).data.enforcementCase).toMatchObject({ status: 'CONCLUDED', discreditedListing: null });
    const delisted = (await outboxOf(s.enforcementCaseId)).filter((e) => e.eventType === DEBTOR_DELISTED);
    expect(delisted).toHaveLength(1);
    expect(delisted[0].payload).toMatchObject({ debtorId: s.respondent, reason: 'PERFORMED' });

    // Redelivered (a relay retry): the consumer's position is past it, nothing changes.
    const before = await counts();
    expect(await sg.deliver('mediation', [event])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await counts()).toEqual(before);
  });

  test('concludes an award\'s enforcement (opened on a missed instalment at the court the award names)', async () => {
    const [arc, winner, loser] = [uniq('arc'), uniq('pty_w'), uniq('pty_l')];
    await sg.deliver('arbitration', [from('arbitration', 'InstalmentMissed', {
      obligation: 'AWARD', obligationId: arc, creditorId: winner, debtorId: loser, instalmentId: uniq('ins'), number: 1, amount: '10000.00', dueDate: '2026-08-31', outstandingAmount: '30000.00', enforcementCourtId: C.nansha,
    }, uniq('dsp'))]);
    const [row] = await db().select().from(enforcementCases).where(eq(enforcementCases.obligationId, arc));
    expect((await list(row.id, nanshaCourt, { ground: 'EVADES_ENFORCEMENT' })).errors).toBeUndefined();
    await sg.deliver('arbitration', [from('arbitration', OBLIGATION_PERFORMED, performed('AWARD', arc, winner, loser))]);
    expect((await sg.request(CASE, { id: row.id }, nanshaCourt)).data.enforcementCase).toMatchObject({ status: 'CONCLUDED', discreditedListing: { removalReason: 'PERFORMED' } });
  });

  test('leaves alone what the performance does not concern, and refuses a payload that breaks the contract', async () => {
    const s = await enforcedSettlement();
    await list(s.enforcementCaseId);
    const before = await counts();
    const r = await sg.deliver('mediation', [
      // Another debtor of the same settlement id: not this debtor's enforcement.
      from('mediation', OBLIGATION_PERFORMED, performed('SETTLEMENT', s.settlementId, s.claimant, uniq('pty_other'))),
      // An award announced by mediation is not a settlement.
      from('mediation', OBLIGATION_PERFORMED, performed('AWARD', s.settlementId, s.claimant, s.respondent)),
      from('mediation', OBLIGATION_PERFORMED, { obligation: 'SETTLEMENT', obligationId: s.settlementId }),
    ]);
    expect(r).toMatchObject({ applied: 3 });
    expect(r.failed).toBeUndefined();
    expect(await counts()).toEqual(before);
    expect((await sg.request(CASE, { id: s.enforcementCaseId }, yiwuCourt)).data.enforcementCase).toMatchObject({ status: 'APPLIED', discreditedListing: { removedAt: null } });
  });
});

describe('a dispute\'s enforcement cases', () => {
  test('are read with the dispute, for whoever may see them', async () => {
    const enf = await enforcement();
    await list(enf.id);
    const Q = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Dispute { enforcementCases { id caseNumber discreditedListing { ground } } } } }';
    const r = await sg.request(Q, { r: [{ __typename: 'Dispute', id: enf.input.disputeId }] }, as('party', enf.input.applicantId));
    expect(r.data._entities[0].enforcementCases).toEqual([{ id: enf.id, caseNumber: enf.caseNumber, discreditedListing: { ground: 'REFUSES_DESPITE_ABILITY' } }]);
    const stranger = await sg.request(Q, { r: [{ __typename: 'Dispute', id: enf.input.disputeId }] }, as('party', 'pty_stranger'));
    expect(stranger.data._entities[0].enforcementCases).toEqual([]);
  });
});
