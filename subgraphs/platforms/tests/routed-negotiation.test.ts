import { DEMO, DISPUTE_LEFT_TRACK, DISPUTE_ROUTED, feedEvent, ROUTE_REFUSED, startTestSubgraph, TRACK_CASE_CLOSED, type DisputeRoutedPayload } from '@fengqiao/subgraph-kit';
import { platformsSubgraph } from '../src/definition.js';

/** A dispute routed to negotiation through the hub opens the platform negotiation for its order. */
let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(platformsSubgraph); });
afterAll(() => sg?.stop());

const P = DEMO.parties;
let seq = 0;
function routed(disputeId: string, overrides: Partial<DisputeRoutedPayload> = {}) {
  const payload: DisputeRoutedPayload = {
    routeId: `tle_route_${disputeId}`, track: 'NEGOTIATION', from: null, destinationId: null, regionCode: null, claimType: null,
    reason: 'Lanterns arrived crushed', title: 'Crushed lanterns', category: 'CONSUMER_PURCHASE', claimAmount: '86.00',
    claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, originOrderId: DEMO.orders.lanterns, undisputedFacts: [], ...overrides,
  };
  seq += 1;
  return feedEvent('disputes', seq, DISPUTE_ROUTED, { ...payload }, { disputeId, actor: { role: 'party', id: P.buyerLiNa } });
}

test('opens one negotiation for the order, however often the route is delivered', async () => {
  const event = routed('dsp_routed_1');
  expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1 });
  expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
  const opened = (await sg.events({ types: ['NegotiationOpened'] })).filter((e) => e.disputeId === 'dsp_routed_1');
  expect(opened).toHaveLength(1);
  expect(opened[0]!.payload).toMatchObject({ routeId: 'tle_route_dsp_routed_1', orderId: DEMO.orders.lanterns, requestedAmount: '86.00', platformId: DEMO.platforms.silkRoadMall });
  expect(opened[0]!.actor).toEqual({ role: 'party', id: P.buyerLiNa });
});

test('refuses, through the dispute, what cannot be negotiated on the platform; other tracks are not its business', async () => {
  await sg.deliver('disputes', [
    routed('dsp_routed_2', { originOrderId: null }),
    routed('dsp_routed_3', { claimantId: P.buyerZhangWei }),
    routed('dsp_routed_4', { track: 'MEDIATION' }),
  ]);
  const refusals = await sg.events({ types: [ROUTE_REFUSED] });
  expect(refusals.map((e) => [e.disputeId, e.payload.code])).toEqual([['dsp_routed_2', 'ORDER_REQUIRED'], ['dsp_routed_3', 'CLAIMANT_NOT_BUYER']]);
  const opened = (await sg.events({ types: ['NegotiationOpened'] })).map((e) => e.disputeId);
  expect(opened).not.toEqual(expect.arrayContaining(['dsp_routed_2', 'dsp_routed_3', 'dsp_routed_4']));
});

describe('the dispute left the platform for another track (DisputeLeftTrack)', () => {
  const platform = { role: 'platform' as const, sub: 'usr_srm_ops', org: DEMO.platforms.silkRoadMall };
  const NEGOTIATION = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { negotiation { id status ledger { kind amount from to } events { kind note actor { role id } } } } } }`;
  const negotiationOf = async (disputeId: string) => {
    const r = await sg.request(NEGOTIATION, { reps: [{ __typename: 'Dispute', id: disputeId }] }, { role: 'admin', sub: 'usr_admin', org: null });
    return r.data._entities[0].negotiation;
  };
  const REASON = 'the dispute was routed to litigation by the claimant: the platform took too long';
  function left(disputeId: string, over: Record<string, unknown> = {}) {
    seq += 1;
    return feedEvent('disputes', seq, DISPUTE_LEFT_TRACK, { track: 'NEGOTIATION', to: 'LITIGATION', routeId: `tle_route_left_${seq}`, reason: REASON, ...over }, {
      disputeId, actor: { role: 'party', id: P.buyerLiNa },
    });
  }

  test('an open negotiation with funds held ends ESCALATED with the reason; the funds go back to the merchant; once only', async () => {
    await sg.deliver('disputes', [routed('dsp_left_1')]);
    const opened = await negotiationOf('dsp_left_1');
    const held = await sg.request('mutation($id: ID!) { withholdMerchantFunds(id: $id, amount: "86.00") { status } }', { id: opened.id }, platform);
    expect(held.data.withholdMerchantFunds.status).toBe('FUNDS_WITHHELD');

    const event = left('dsp_left_1');
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1 });
    const ended = await negotiationOf('dsp_left_1');
    expect(ended.status).toBe('ESCALATED');
    expect(ended.ledger.at(-1)).toEqual({ kind: 'WITHHELD_FUNDS_RELEASED', amount: '86.00', from: `platform-escrow:${DEMO.platforms.silkRoadMall}`, to: `merchant:${P.merchantYiwuCrafts}` });
    expect(ended.events.at(-1)).toMatchObject({ kind: 'ESCALATED', note: `Ended: ${REASON}`, actor: { role: 'party', id: P.buyerLiNa } });
    const closed = (await sg.events({ types: [TRACK_CASE_CLOSED] })).filter((e) => e.disputeId === 'dsp_left_1');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.payload).toMatchObject({ track: 'NEGOTIATION', caseId: opened.id, fromStatus: 'FUNDS_WITHHELD', reason: REASON, routeId: event.payload.routeId, releasedAmount: '86.00' });

    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
    await sg.deliver('disputes', [left('dsp_left_1')]);
    expect((await sg.events({ types: [TRACK_CASE_CLOSED] })).filter((e) => e.disputeId === 'dsp_left_1')).toHaveLength(1);
  });

  test('an escalated negotiation, a resolved one or another track\'s departure are left alone', async () => {
    await sg.deliver('disputes', [routed('dsp_left_2')]);
    await sg.deliver('disputes', [left('dsp_left_2', { track: 'MEDIATION', to: 'LITIGATION' })]);
    expect((await negotiationOf('dsp_left_2')).status).toBe('OPEN');
    const n = await negotiationOf('dsp_left_2');
    await sg.request('mutation($id: ID!) { escalateNegotiation(id: $id, reason: "no answer") { status } }', { id: n.id }, platform);
    const before = (await negotiationOf('dsp_left_2')).events.length;
    await sg.deliver('disputes', [left('dsp_left_2', { to: 'MEDIATION' })]);
    const after = await negotiationOf('dsp_left_2');
    expect(after.status).toBe('ESCALATED');
    expect(after.events).toHaveLength(before);
  });
});
