import { sql } from 'drizzle-orm';
import { DEMO, feedEvent, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { disputesSubgraph } from '../src/definition.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(disputesSubgraph); });
afterAll(() => sg?.stop());

const lina: Caller = { role: 'party', sub: DEMO.parties.buyerLiNa, org: null };
const merchant: Caller = { role: 'party', sub: DEMO.parties.merchantYiwuCrafts, org: null };
const ROUTE = 'mutation($id: ID!, $track: Track!, $k: String!, $reason: String) { routeDispute(disputeId: $id, track: $track, reason: $reason, idempotencyKey: $k) { id status track timeline { kind track actor { role id } } } }';

/** The routes published for a dispute (its participants events are counted separately). */
async function outboxFor(disputeId: string, type = 'DisputeRouted') {
  const r: any = await sg.database.db.execute(sql`select event_type, payload from disputes.outbox where dispute_id = ${disputeId} and event_type = ${type} order by seq`);
  return r.rows as { event_type: string; payload: any }[];
}

async function fileAs(caller: Caller, key: string) {
  const r = await sg.request('mutation($k: String!) { fileDispute(idempotencyKey: $k, input: { title: "Broken lamp", description: "Arrived broken", category: CONSUMER_PURCHASE, respondentId: "pty_demo_merchant_yiwu_crafts", claimAmount: "99" }) { id } }', { k: key }, caller);
  return r.data.fileDispute.id as string;
}

test('the claimant routes a filed dispute; the route is on the timeline and in the outbox, once', async () => {
  const id = await fileAs(lina, 'route-file-0001');
  const first = await sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'route-0001', reason: 'The platform compensates buyers' }, lina);
  expect(first.errors).toBeUndefined();
  expect(first.data.routeDispute).toMatchObject({ status: 'NEGOTIATING', track: 'NEGOTIATION' });
  expect(first.data.routeDispute.timeline.at(-1)).toEqual({ kind: 'ROUTED', track: 'NEGOTIATION', actor: { role: 'party', id: DEMO.parties.buyerLiNa } });
  const replay = await sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'route-0001', reason: 'The platform compensates buyers' }, lina);
  expect(replay.data.routeDispute.timeline).toHaveLength(2);
  const events = await outboxFor(id);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ event_type: 'DisputeRouted', payload: { track: 'NEGOTIATION', claimantId: DEMO.parties.buyerLiNa } });
});

test('filing tells identity who the parties are; a body taking the case tells it again, once', async () => {
  const id = await fileAs(lina, 'route-file-participants');
  expect(await outboxFor(id, 'DisputeParticipantsChanged')).toEqual([
    { event_type: 'DisputeParticipantsChanged', payload: { claimantId: DEMO.parties.buyerLiNa, respondentId: DEMO.parties.merchantYiwuCrafts, handlingBodies: [] } },
  ]);
  await sg.request(ROUTE, { id, track: 'MEDIATION', k: 'route-participants' }, lina);
  const org = DEMO.mediationOrganizations.yiwuMarketMediation;
  const referred = (seq: number) => feedEvent('mediation', seq, 'MediationReferred', { organizationId: org }, { disputeId: id });
  expect((await sg.deliver('mediation', [referred(9001)])).failed).toBeUndefined();
  // The same body again (a second referral event) changes nothing and says nothing.
  expect((await sg.deliver('mediation', [referred(9002)])).failed).toBeUndefined();
  const events = await outboxFor(id, 'DisputeParticipantsChanged');
  expect(events).toHaveLength(2);
  expect(events[1]!.payload).toEqual({ claimantId: DEMO.parties.buyerLiNa, respondentId: DEMO.parties.merchantYiwuCrafts, handlingBodies: [org] });
});

test('a wrong move is refused with the current state, and nothing is written', async () => {
  const id = await fileAs(lina, 'route-file-0002');
  await sg.request(ROUTE, { id, track: 'MEDIATION', k: 'route-0002a' }, lina);
  const again = await sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'route-0002b' }, lina);
  expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_MEDIATION' });
  expect(await outboxFor(id)).toHaveLength(1);
});

test('the respondent may not choose the track', async () => {
  const id = await fileAs(lina, 'route-file-0003');
  const r = await sg.request(ROUTE, { id, track: 'LITIGATION', k: 'route-0003' }, merchant);
  expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('two concurrent routes of one dispute cannot both succeed', async () => {
  const id = await fileAs(lina, 'route-file-0004');
  const results = await Promise.all([
    sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'route-0004a' }, lina),
    sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'route-0004b' }, lina),
  ]);
  expect(results.filter((r) => !r.errors)).toHaveLength(1);
  expect(results.find((r) => r.errors)?.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
  expect(await outboxFor(id)).toHaveLength(1);
});
