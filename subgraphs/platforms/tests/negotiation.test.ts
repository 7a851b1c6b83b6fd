import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { sql } from 'drizzle-orm';
import { platformsSubgraph } from '../src/definition.js';
import type { PlatformServices } from '../src/services.js';

const P = DEMO.parties;
const O = DEMO.orders;
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const silkRoad: Caller = { role: 'platform', sub: 'usr_silk_road_ops', org: DEMO.platforms.silkRoadMall };
const pearlRiver: Caller = { role: 'platform', sub: 'usr_pearl_river_ops', org: DEMO.platforms.pearlRiver };
const yiwuGo: Caller = { role: 'platform', sub: 'usr_yiwu_go_ops', org: DEMO.platforms.yiwuGo };
const lina: Caller = { role: 'party', sub: P.buyerLiNa, org: null };
const zhangWei: Caller = { role: 'party', sub: P.buyerZhangWei, org: null };
const yiwuCraftsMerchant: Caller = { role: 'party', sub: P.merchantYiwuCrafts, org: null };
const gzMerchant: Caller = { role: 'party', sub: P.merchantGzElectronics, org: null };
const mediator: Caller = { role: 'mediator', sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, PlatformServices, any>>>;
// With TEST_DATABASE_URL these run on a PostgreSQL server, where the parallel payments really race.
beforeAll(async () => { sg = await startTestSubgraph(platformsSubgraph); });
afterAll(() => sg?.stop());

const FIELDS = `id status requestedAmount reason dispute { id } order { id amount } claimant { id } respondent { id }
  offers { accepted amount message actor { role id } at }
  ledger { kind amount from to actor { role id } at }
  events { kind actor { role id } at note }`;

const OPEN = `mutation($input: OpenNegotiationInput!, $key: String!) { openNegotiation(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const RESPOND = `mutation($id: ID!, $accept: Boolean!, $offer: Decimal, $msg: String!) { respondToNegotiation(id: $id, accept: $accept, offerAmount: $offer, message: $msg) { ${FIELDS} } }`;
const WITHHOLD = `mutation($id: ID!, $amount: Decimal!) { withholdMerchantFunds(id: $id, amount: $amount) { ${FIELDS} } }`;
const PAY = `mutation($id: ID!) { payConsumerCompensation(id: $id) { ${FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $reason: String!) { escalateNegotiation(id: $id, reason: $reason) { ${FIELDS} } }`;

let n = 0;
const fresh = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++n}`;

/** Orders, their buyers and merchants, for opening negotiations. */
interface OrderParties { orderId: string; claimantId: string; respondentId: string }
const lanterns: OrderParties = { orderId: O.lanterns, claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts }; // Silk Road Mall, 86.00, compensation offered
const headphones: OrderParties = { orderId: O.headphones, claimantId: P.buyerZhangWei, respondentId: P.merchantGzElectronics }; // Pearl River Shop, 399.00, no compensation

async function open(caller: Caller, base: OrderParties, extra: Partial<{ requestedAmount: string; reason: string; disputeId: string }> = {}) {
  const input = { disputeId: fresh('dsp_test'), requestedAmount: '86.00', reason: 'Lanterns arrived crushed; the LED candles do not light.', ...base, ...extra };
  const r = await sg.request(OPEN, { input, key: fresh('idem-open') }, caller);
  expect(r.errors).toBeUndefined();
  return r.data.openNegotiation as { id: string; dispute: { id: string }; status: string };
}

const ok = async (query: string, vars: Record<string, unknown>, caller: Caller) => {
  const r = await sg.request(query, vars, caller);
  expect(r.errors).toBeUndefined();
  return Object.values(r.data)[0] as any;
};
const fails = async (query: string, vars: Record<string, unknown>, caller: Caller) => {
  const r = await sg.request(query, vars, caller);
  expect(r.errors).toHaveLength(1);
  expect(r.data ?? null).toBeNull();
  return r.errors![0]!;
};

const outbox = (disputeId: string) => sg.services.store.outboxEvents(disputeId);
const sum = (entries: { kind: string; amount: string }[], kind: string) =>
  entries.filter((e) => e.kind === kind).reduce((s, e) => s + Math.round(Number(e.amount) * 100), 0);

async function counts() {
  const db = sg.database.db;
  const one = async (table: string) => ((await db.execute(sql.raw(`select count(*)::int as n from platforms.${table}`))) as any).rows[0].n as number;
  return {
    negotiations: await one('negotiations'),
    events: await one('negotiation_events'),
    offers: await one('negotiation_offers'),
    ledger: await one('negotiation_ledger'),
    outbox: await one('outbox'),
    keys: await one('idempotency_keys'),
  };
}

describe('consumer compensation (Fuzhou Jiunong v. Xunmeng)', () => {
  test('the merchant refuses, the platform withholds its funds and pays the consumer: resolved, ledger balanced', async () => {
    const neg = await open(silkRoad, lanterns);
    expect(neg.status).toBe('OPEN');
    const refused = await ok(RESPOND, { id: neg.id, accept: false, msg: 'The lanterns left our warehouse intact.' }, yiwuCraftsMerchant);
    expect(refused.status).toBe('MERCHANT_REFUSED');
    expect(refused.offers).toEqual([expect.objectContaining({ accepted: false, amount: null, actor: { role: 'party', id: P.merchantYiwuCrafts } })]);

    const held = await ok(WITHHOLD, { id: neg.id, amount: '86.00' }, silkRoad);
    expect(held.status).toBe('FUNDS_WITHHELD');
    expect(held.ledger).toEqual([
      expect.objectContaining({ kind: 'MERCHANT_FUNDS_WITHHELD', amount: '86.00', from: `merchant:${P.merchantYiwuCrafts}`, to: `platform-escrow:${DEMO.platforms.silkRoadMall}`, actor: { role: 'platform', id: silkRoad.sub } }),
    ]);

    const paid = await ok(PAY, { id: neg.id }, silkRoad);
    expect(paid.status).toBe('RESOLVED');
    expect(paid.ledger.map((e: any) => [e.kind, e.amount, e.to])).toEqual([
      ['MERCHANT_FUNDS_WITHHELD', '86.00', `platform-escrow:${DEMO.platforms.silkRoadMall}`],
      ['PAID_TO_CONSUMER', '86.00', `consumer:${P.buyerLiNa}`],
    ]);
    expect(sum(paid.ledger, 'MERCHANT_FUNDS_WITHHELD')).toBe(sum(paid.ledger, 'PAID_TO_CONSUMER'));
    expect(paid.events.map((e: any) => e.kind)).toEqual(['OPENED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD', 'CONSUMER_COMPENSATED']);
    expect(paid.events[0]).toMatchObject({ actor: { role: 'platform', id: silkRoad.sub }, note: expect.stringContaining('crushed'), at: expect.stringMatching(/^\d{4}-/) });

    const events = await outbox(neg.dispute.id);
    expect(events.map((e) => e.eventType)).toEqual(['NegotiationOpened', 'MerchantResponded', 'MerchantFundsWithheld', 'ConsumerCompensated']);
    for (const e of events) {
      expect(e).toMatchObject({ aggregateType: 'PlatformNegotiation', aggregateId: neg.id, disputeId: neg.dispute.id });
      expect(e.payload).toMatchObject({ disputeId: neg.dispute.id, negotiationId: neg.id });
    }
    expect(events[3]!.payload).toMatchObject({ amount: '86.00', consumerId: P.buyerLiNa, disputeOutcome: 'RESOLVED' });

    // Resolved means resolved: no second payment, no escalation afterwards.
    expect((await fails(PAY, { id: neg.id }, silkRoad)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });
    expect((await fails(ESCALATE, { id: neg.id, reason: 'too late' }, lina)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });
  });

  test('the platform may hold funds at once and pays back exactly what it holds, less than the order amount too', async () => {
    const neg = await open(silkRoad, lanterns, { requestedAmount: '40.00' });
    await ok(WITHHOLD, { id: neg.id, amount: '40.50' }, silkRoad);
    const paid = await ok(PAY, { id: neg.id }, silkRoad);
    expect(paid.ledger.map((e: any) => [e.kind, e.amount])).toEqual([['MERCHANT_FUNDS_WITHHELD', '40.50'], ['PAID_TO_CONSUMER', '40.50']]);
  });

  test('a platform without consumer compensation is refused with NO_CONSUMER_COMPENSATION, and nothing changes', async () => {
    const neg = await open(pearlRiver, headphones, { requestedAmount: '399.00' });
    await ok(RESPOND, { id: neg.id, accept: false, msg: 'Water damage, not a defect.' }, gzMerchant);
    const before = await counts();
    const err = await fails(WITHHOLD, { id: neg.id, amount: '100.00' }, pearlRiver);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NO_CONSUMER_COMPENSATION' });
    expect((await fails(PAY, { id: neg.id }, pearlRiver)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NO_CONSUMER_COMPENSATION' });
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { negotiation(id: $id) { status ledger { kind } } }`, { id: neg.id }, pearlRiver))).toEqual({ status: 'MERCHANT_REFUSED', ledger: [] });
  });

  test('withholding more than the order amount is refused', async () => {
    const neg = await open(silkRoad, lanterns, { requestedAmount: '258.00' }); // three times the price, asked for
    const before = await counts();
    const err = await fails(WITHHOLD, { id: neg.id, amount: '86.01' }, silkRoad);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount', rule: 'EXCEEDS_ORDER_AMOUNT' });
    expect((await fails(WITHHOLD, { id: neg.id, amount: '0.00' }, silkRoad)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await counts()).toEqual(before);
    expect((await ok(WITHHOLD, { id: neg.id, amount: '86.00' }, silkRoad)).status).toBe('FUNDS_WITHHELD');
  });

  test('paying before withholding is an INVALID_TRANSITION naming the current state', async () => {
    const neg = await open(silkRoad, lanterns);
    const err = await fails(PAY, { id: neg.id }, silkRoad);
    expect(err.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'OPEN' });
    await ok(RESPOND, { id: neg.id, accept: false, msg: 'No.' }, yiwuCraftsMerchant);
    expect((await fails(PAY, { id: neg.id }, silkRoad)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MERCHANT_REFUSED' });
    expect((await fails(RESPOND, { id: neg.id, accept: true, msg: 'Changed my mind' }, yiwuCraftsMerchant)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MERCHANT_REFUSED' });
  });

  test('two parallel payments: exactly one succeeds and the consumer is paid once', async () => {
    const neg = await open(silkRoad, lanterns);
    await ok(WITHHOLD, { id: neg.id, amount: '86.00' }, silkRoad);
    const results = await Promise.all([sg.request(PAY, { id: neg.id }, silkRoad), sg.request(PAY, { id: neg.id }, silkRoad)]);
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });
    const ledger = await sg.services.store.ledgerOf([neg.id]);
    expect(ledger.filter((e) => e.kind === 'PAID_TO_CONSUMER').map((e) => e.amount)).toEqual(['86.00']);
    expect((await outbox(neg.dispute.id)).filter((e) => e.eventType === 'ConsumerCompensated')).toHaveLength(1);
  });

  test('parallel payments through the service, and the compare-and-set itself, let only one through', async () => {
    const neg = await open(silkRoad, lanterns);
    await ok(WITHHOLD, { id: neg.id, amount: '50.00' }, silkRoad);
    const settled = await Promise.allSettled([1, 2, 3].map(() => sg.services.negotiations.pay(silkRoad, neg.id)));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')) {
      expect(s.reason.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });
    }
    expect(sum(await sg.services.store.ledgerOf([neg.id]), 'PAID_TO_CONSUMER')).toBe(5000);

    // The statement the guard rests on: a stale expected state updates nothing.
    const other = await open(silkRoad, lanterns);
    expect(await sg.services.store.compareAndSetStatus(other.id, 'OPEN', 'MERCHANT_REFUSED')).toMatchObject({ status: 'MERCHANT_REFUSED' });
    expect(await sg.services.store.compareAndSetStatus(other.id, 'OPEN', 'AGREED')).toBeUndefined();
  });
});

describe('merchant agreement', () => {
  test('the buyer opens, the merchant accepts with an amount: AGREED, and the platform settles', async () => {
    const neg = await open(lina, lanterns, { requestedAmount: '86.00' });
    const agreed = await ok(RESPOND, { id: neg.id, accept: true, offer: '60.00', msg: 'Refund of 60 for the crushed ones.' }, yiwuCraftsMerchant);
    expect(agreed).toMatchObject({ status: 'AGREED', claimant: { id: P.buyerLiNa }, respondent: { id: P.merchantYiwuCrafts }, order: { id: O.lanterns, amount: '86.00' } });
    expect(agreed.offers).toEqual([{ accepted: true, amount: '60.00', message: 'Refund of 60 for the crushed ones.', actor: { role: 'party', id: P.merchantYiwuCrafts }, at: expect.any(String) }]);
    expect(agreed.events.map((e: any) => e.kind)).toEqual(['OPENED', 'MERCHANT_ACCEPTED']);
    const events = await outbox(neg.dispute.id);
    expect(events.map((e) => [e.eventType, e.actorRole, e.actorId])).toEqual([['NegotiationOpened', 'party', P.buyerLiNa], ['MerchantResponded', 'party', P.merchantYiwuCrafts]]);
    expect(events[1]!.payload).toMatchObject({ disputeId: neg.dispute.id, accepted: true, offerAmount: '60.00', status: 'AGREED' });
    // Agreed is agreed: no compensation on top, no escalation.
    expect((await fails(WITHHOLD, { id: neg.id, amount: '10.00' }, silkRoad)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AGREED' });
    expect((await fails(ESCALATE, { id: neg.id, reason: 'x' }, silkRoad)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AGREED' });
  });

  test('accepting without an amount agrees to what was asked; offering more than asked, or an amount with a refusal, is bad input', async () => {
    const neg = await open(silkRoad, lanterns, { requestedAmount: '30.00' });
    expect((await fails(RESPOND, { id: neg.id, accept: true, offer: '30.01', msg: 'Here' }, yiwuCraftsMerchant)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'OFFER_EXCEEDS_REQUEST' });
    expect((await fails(RESPOND, { id: neg.id, accept: false, offer: '10.00', msg: 'No' }, yiwuCraftsMerchant)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offerAmount' });
    expect((await fails(RESPOND, { id: neg.id, accept: false, msg: '   ' }, yiwuCraftsMerchant)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
    const agreed = await ok(RESPOND, { id: neg.id, accept: true, msg: 'Agreed in full.' }, yiwuCraftsMerchant);
    expect(agreed.offers.map((o: any) => o.amount)).toEqual(['30.00']);
  });
});

describe('escalation to mediation', () => {
  test('the consumer does not accept the merchant\'s refusal: ESCALATED, with an outbox event for the mediation track', async () => {
    const neg = await open(zhangWei, headphones, { requestedAmount: '399.00' });
    await ok(RESPOND, { id: neg.id, accept: false, msg: 'Water damage, not a defect.' }, gzMerchant);
    const escalated = await ok(ESCALATE, { id: neg.id, reason: 'The platform offers no compensation and the merchant refuses.' }, zhangWei);
    expect(escalated.status).toBe('ESCALATED');
    expect(escalated.events.map((e: any) => e.kind)).toEqual(['OPENED', 'MERCHANT_REFUSED', 'ESCALATED']);
    const events = await outbox(neg.dispute.id);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ eventType: 'NegotiationEscalated', disputeId: neg.dispute.id, actorRole: 'party', actorId: P.buyerZhangWei });
    expect(last.payload).toMatchObject({ disputeId: neg.dispute.id, toTrack: 'MEDIATION', reason: 'The platform offers no compensation and the merchant refuses.', fromStatus: 'MERCHANT_REFUSED' });
    expect((await fails(ESCALATE, { id: neg.id, reason: 'again' }, zhangWei)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'ESCALATED' });
  });

  test('the merchant does not accept the platform\'s decision: withheld funds go back and the dispute moves on', async () => {
    const neg = await open(silkRoad, lanterns);
    await ok(RESPOND, { id: neg.id, accept: false, msg: 'Not counterfeit.' }, yiwuCraftsMerchant);
    await ok(WITHHOLD, { id: neg.id, amount: '86.00' }, silkRoad);
    const escalated = await ok(ESCALATE, { id: neg.id, reason: 'The merchant contests the compensation.' }, yiwuCraftsMerchant);
    expect(escalated.status).toBe('ESCALATED');
    expect(escalated.ledger.map((e: any) => [e.kind, e.amount, e.to])).toEqual([
      ['MERCHANT_FUNDS_WITHHELD', '86.00', `platform-escrow:${DEMO.platforms.silkRoadMall}`],
      ['WITHHELD_FUNDS_RELEASED', '86.00', `merchant:${P.merchantYiwuCrafts}`],
    ]);
    expect((await outbox(neg.dispute.id)).at(-1)!.payload).toMatchObject({ toTrack: 'MEDIATION', fromStatus: 'FUNDS_WITHHELD', releasedAmount: '86.00' });
  });

  test('the platform may decline at once; the merchant must answer before it can escalate', async () => {
    const neg = await open(silkRoad, lanterns);
    expect((await fails(ESCALATE, { id: neg.id, reason: 'Skip' }, yiwuCraftsMerchant)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'OPEN' });
    expect((await ok(ESCALATE, { id: neg.id, reason: 'Needs an expert on LED safety; the platform declines.' }, silkRoad)).status).toBe('ESCALATED');
    expect((await outbox(neg.dispute.id)).at(-1)).toMatchObject({ eventType: 'NegotiationEscalated', actorRole: 'platform' });
  });
});

describe('who may act', () => {
  test('another platform, another merchant, another buyer and other roles are refused', async () => {
    const neg = await open(silkRoad, lanterns);
    const before = await counts();
    const codeOf = async (q: string, v: Record<string, unknown>, c: Caller) => (await fails(q, v, c)).extensions?.code;
    // Opening: only the order's platform, its buyer, or an admin.
    const input = { disputeId: fresh('dsp_test'), requestedAmount: '86.00', reason: 'r', ...lanterns };
    expect(await codeOf(OPEN, { input, key: fresh('idem') }, pearlRiver)).toBe('FORBIDDEN');
    expect(await codeOf(OPEN, { input, key: fresh('idem') }, zhangWei)).toBe('FORBIDDEN');
    expect(await codeOf(OPEN, { input, key: fresh('idem') }, yiwuCraftsMerchant)).toBe('FORBIDDEN');
    expect(await codeOf(OPEN, { input, key: fresh('idem') }, mediator)).toBe('FORBIDDEN');
    expect(await codeOf(OPEN, { input, key: fresh('idem') }, anonymous)).toBe('UNAUTHENTICATED');
    // Answering: only the store's merchant.
    expect(await codeOf(RESPOND, { id: neg.id, accept: false, msg: 'no' }, gzMerchant)).toBe('FORBIDDEN');
    expect(await codeOf(RESPOND, { id: neg.id, accept: true, msg: 'yes' }, lina)).toBe('FORBIDDEN');
    expect(await codeOf(RESPOND, { id: neg.id, accept: true, msg: 'yes' }, silkRoad)).toBe('FORBIDDEN');
    // Money: only the store's platform.
    expect(await codeOf(WITHHOLD, { id: neg.id, amount: '10.00' }, yiwuGo)).toBe('FORBIDDEN');
    expect(await codeOf(WITHHOLD, { id: neg.id, amount: '10.00' }, pearlRiver)).toBe('FORBIDDEN');
    expect(await codeOf(WITHHOLD, { id: neg.id, amount: '10.00' }, lina)).toBe('FORBIDDEN');
    expect(await codeOf(WITHHOLD, { id: neg.id, amount: '10.00' }, admin)).toBe('FORBIDDEN');
    expect(await codeOf(PAY, { id: neg.id }, yiwuGo)).toBe('FORBIDDEN');
    // Escalating: the platform, the parties, an admin — not strangers.
    expect(await codeOf(ESCALATE, { id: neg.id, reason: 'x' }, pearlRiver)).toBe('FORBIDDEN');
    expect(await codeOf(ESCALATE, { id: neg.id, reason: 'x' }, gzMerchant)).toBe('FORBIDDEN');
    expect(await codeOf(ESCALATE, { id: neg.id, reason: 'x' }, zhangWei)).toBe('FORBIDDEN');
    expect(await codeOf(ESCALATE, { id: neg.id, reason: 'x' }, mediator)).toBe('FORBIDDEN');
    expect(await codeOf(PAY, { id: 'neg_missing' }, silkRoad)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { negotiation(id: $id) { status } }`, { id: neg.id }, admin)).status).toBe('OPEN');
    // An admin may open.
    expect((await open(admin, lanterns)).status).toBe('OPEN');
  });

  test('Dispute.negotiation: visible to those who may see the order, batched by dispute id', async () => {
    const a = await open(silkRoad, lanterns);
    const b = await open(pearlRiver, headphones, { requestedAmount: '399.00' });
    const Q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { id negotiation { id status order { id } } } } }`;
    const reps = [a.dispute.id, b.dispute.id, 'dsp_without_negotiation'].map((id) => ({ __typename: 'Dispute', id }));
    const seen = async (c: Caller) => ((await ok(Q, { reps }, c)) as any[]).map((d) => d.negotiation?.id ?? null);
    expect(await seen(admin)).toEqual([a.id, b.id, null]);
    expect(await seen(silkRoad)).toEqual([a.id, null, null]);
    expect(await seen(lina)).toEqual([a.id, null, null]);
    expect(await seen(gzMerchant)).toEqual([null, b.id, null]);
    expect(await seen(anonymous)).toEqual([null, null, null]);

    const before = sg.stats.statements;
    const many = Array.from({ length: 50 }, (_, i) => ({ __typename: 'Dispute', id: i % 2 ? a.dispute.id : `dsp_none_${i}` }));
    const r = await sg.request(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { negotiation { id events { kind } offers { amount } ledger { amount } } } } }`, { reps: many }, admin);
    expect(r.errors).toBeUndefined();
    // negotiations, then events, offers and ledger: one statement each, however many disputes.
    expect(sg.stats.statements - before).toBe(4);
  });

  test('the demo disputes on the platform track have their negotiations', async () => {
    const r = await ok(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { id negotiation { status requestedAmount offers { amount } } } } }`,
      { reps: [DEMO.disputes.negotiating, DEMO.disputes.resolvedOnPlatform].map((id) => ({ __typename: 'Dispute', id })) },
      admin,
    );
    expect(r.map((d: any) => d.negotiation)).toEqual([
      { status: 'OPEN', requestedAmount: '399.00', offers: [] },
      { status: 'AGREED', requestedAmount: '259.00', offers: [{ amount: '259.00' }] },
    ]);
  });
});

describe('opening', () => {
  test('a replay with the same idempotency key returns the same negotiation and stores nothing more', async () => {
    const input = { disputeId: fresh('dsp_test'), requestedAmount: '86.00', reason: 'Broken on arrival', ...lanterns };
    const key = fresh('idem-replay');
    const first = await ok(OPEN, { input, key }, lina);
    const after = await counts();
    const again = await ok(OPEN, { input, key }, lina);
    expect(again.id).toBe(first.id);
    expect(await counts()).toEqual(after);
    expect((await outbox(input.disputeId)).map((e) => e.eventType)).toEqual(['NegotiationOpened']);
    // Same key, other input: refused; another key for the same dispute: a conflict.
    expect((await fails(OPEN, { input: { ...input, reason: 'Other' }, key }, lina)).extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await fails(OPEN, { input, key: fresh('idem-other') }, lina)).extensions).toMatchObject({ code: 'CONFLICT', negotiationId: first.id });
    expect(await counts()).toEqual(after);
  });

  test('bad input is refused and nothing is stored', async () => {
    const before = await counts();
    const base = { disputeId: fresh('dsp_test'), requestedAmount: '86.00', reason: 'Broken', ...lanterns };
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ ...base, requestedAmount: '0.00' }, 'requestedAmount'],
      [{ ...base, reason: '  ' }, 'reason'],
      [{ ...base, disputeId: '' }, 'disputeId'],
      [{ ...base, claimantId: P.buyerZhangWei }, 'claimantId', 'CLAIMANT_NOT_BUYER'],
      [{ ...base, respondentId: P.merchantGzElectronics }, 'respondentId', 'RESPONDENT_NOT_MERCHANT'],
    ];
    for (const [input, field, rule] of cases) {
      const err = await fails(OPEN, { input, key: fresh('idem-bad') }, silkRoad);
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, ...(rule ? { rule } : {}) });
    }
    expect((await fails(OPEN, { input: base, key: 'short' }, silkRoad)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'IDEMPOTENCY_KEY_FORMAT' });
    expect((await fails(OPEN, { input: { ...base, orderId: 'ord_missing' }, key: fresh('idem-bad') }, silkRoad)).extensions?.code).toBe('NOT_FOUND');
    // The Decimal scalar refuses a float before any resolver runs.
    expect((await sg.request(OPEN, { input: { ...base, requestedAmount: '1.005' }, key: fresh('idem-bad') }, silkRoad)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    expect(await outbox(base.disputeId)).toEqual([]);
  });
});
