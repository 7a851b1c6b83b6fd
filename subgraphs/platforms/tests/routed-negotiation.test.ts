import { DEMO, DISPUTE_ROUTED, feedEvent, ROUTE_REFUSED, startTestSubgraph, type DisputeRoutedPayload } from '@fengqiao/subgraph-kit';
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
