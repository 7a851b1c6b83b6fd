import { DEMO, DISPUTE_ROUTED, feedEvent, ROUTE_REFUSED, routeRefusedPayload, startTestSubgraph, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from '../src/definition.js';

const ORG = DEMO.mediationOrganizations;
const P = DEMO.parties;
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(mediationSubgraph); });
afterAll(() => sg?.stop());

// Cursors must grow across the whole file: the consumer skips anything at or before its position.
let seq = 0;
const newDispute = () => `dsp_route_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

function routed(disputeId: string, over: Record<string, unknown> = {}, actor = { role: 'platform', id: 'usr_srm_ops' }): FeedEvent {
  const n = ++seq;
  return feedEvent('disputes', n, DISPUTE_ROUTED, {
    routeId: `rte_${n}`, track: 'MEDIATION', from: 'NEGOTIATION', destinationId: ORG.gzInternetCourtDdr, regionCode: null, claimType: null,
    reason: 'The merchant did not answer on the platform', title: 'Headphones never arrived', category: 'CONSUMER_PURCHASE', claimAmount: '399.00',
    claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, originOrderId: null, undisputedFacts: [], ...over,
  }, { aggregateType: 'Dispute', aggregateId: disputeId, disputeId, actor });
}

const DISPUTE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { mediation { id status category organization { id } claimant { id } respondent { id } events { kind actor { role id } note } } } } }`;
async function mediationOf(disputeId: string): Promise<any> {
  const r = await sg.request(DISPUTE, { reps: [{ __typename: 'Dispute', id: disputeId }] }, admin);
  expect(r.errors).toBeUndefined();
  return r.data._entities[0].mediation;
}
async function refusalsOf(routeId: string) {
  return (await sg.events({ types: [ROUTE_REFUSED] })).filter((e) => e.payload.routeId === routeId);
}
async function referralsOf(disputeId: string) {
  return (await sg.events({ types: ['MediationReferred'] })).filter((e) => e.disputeId === disputeId);
}

describe('a dispute routed to mediation', () => {
  test('opens a REFERRED case at the destination, acted by the router, its referral naming the route', async () => {
    const disputeId = newDispute();
    const event = routed(disputeId);
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1, skipped: 0, position: event.cursor });
    const c = await mediationOf(disputeId);
    expect(c).toMatchObject({ status: 'REFERRED', category: 'CONSUMER_PURCHASE', organization: { id: ORG.gzInternetCourtDdr }, claimant: { id: P.buyerLiNa }, respondent: { id: P.merchantGzElectronics } });
    expect(c.events).toEqual([expect.objectContaining({ kind: 'MediationReferred', actor: { role: 'platform', id: 'usr_srm_ops' } })]);
    const [referred, ...more] = await referralsOf(disputeId);
    expect(more).toEqual([]);
    expect(referred!.payload).toMatchObject({ routeId: event.payload.routeId, caseId: c.id, disputeId, organizationId: ORG.gzInternetCourtDdr, claimantId: P.buyerLiNa });
    expect(await refusalsOf(event.payload.routeId as string)).toEqual([]);

    // Delivered again (a relay retry): already consumed, nothing happens twice.
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await referralsOf(disputeId)).toHaveLength(1);
  });

  test('the case manager takes it from there like any referral', async () => {
    const disputeId = newDispute();
    await sg.deliver('disputes', [routed(disputeId)]);
    const c = await mediationOf(disputeId);
    const manager: Caller = { role: 'mediation_org', sub: 'usr_gz_case_mgr', org: ORG.gzInternetCourtDdr };
    const r = await sg.request('mutation($id: ID!) { acceptReferral(caseId: $id) { status } }', { id: c.id }, manager);
    expect(r).toEqual({ data: { acceptReferral: { status: 'ACCEPTED' } } });
  });

  test('a referral by mutation carries no route id', async () => {
    const disputeId = newDispute();
    const r = await sg.request('mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { id } }', {
      input: { disputeId, claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE', organizationId: ORG.gzInternetCourtDdr }, key: `key-${disputeId}`,
    }, { role: 'court', sub: 'usr_judge', org: DEMO.courts.guangzhouInternet });
    expect(r.errors).toBeUndefined();
    const [referred] = await referralsOf(disputeId);
    expect(referred!.payload).not.toHaveProperty('routeId');
  });

  test('without a destination the hub chooses an organisation with mediators for the category, not a cross-border centre', async () => {
    // Yiwu and the Hong Kong / Macao centre both have consumer-purchase mediators; the route does not say a party is from there.
    const consumer = newDispute();
    await sg.deliver('disputes', [routed(consumer, { destinationId: null })]);
    const c = await mediationOf(consumer);
    expect(c.organization.id).toBe(ORG.yiwuMarketMediation);
    expect(c.events[0].note).toMatch(/chosen by the hub: has 1 mediator experienced in CONSUMER_PURCHASE disputes/);

    const trademark = newDispute();
    await sg.deliver('disputes', [routed(trademark, { destinationId: null, category: 'TRADEMARK' })]);
    expect((await mediationOf(trademark)).organization.id).toBe(ORG.gzInternetCourtDdr);
  });

  test('a route to another track is not ours', async () => {
    const disputeId = newDispute();
    const event = routed(disputeId, { track: 'ARBITRATION', destinationId: DEMO.arbitrationInstitutions.guangzhou });
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1 });
    expect(await mediationOf(disputeId)).toBeNull();
    expect(await refusalsOf(event.payload.routeId as string)).toEqual([]);
  });
});

describe('a route that cannot be carried out is refused', () => {
  async function expectRefused(event: FeedEvent, code: string) {
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1, position: event.cursor });
    const refusals = await refusalsOf(event.payload.routeId as string);
    expect(refusals).toHaveLength(1);
    expect(routeRefusedPayload.parse(refusals[0]!.payload)).toEqual({ routeId: event.payload.routeId, track: 'MEDIATION', code, message: expect.any(String) });
    expect(refusals[0]).toMatchObject({ aggregateType: 'Dispute', aggregateId: event.disputeId, disputeId: event.disputeId, actor: event.actor });
    return refusals[0]!;
  }

  test('an unknown organisation', async () => {
    const disputeId = newDispute();
    const refusal = await expectRefused(routed(disputeId, { destinationId: 'mor_nowhere' }), 'UNKNOWN_ORGANIZATION');
    expect(refusal.payload.message).toContain('mor_nowhere');
    expect(await mediationOf(disputeId)).toBeNull();
    expect(await referralsOf(disputeId)).toEqual([]);
  });

  test('a dispute already in mediation keeps its case', async () => {
    const disputeId = newDispute();
    await sg.deliver('disputes', [routed(disputeId)]);
    const first = await mediationOf(disputeId);
    await expectRefused(routed(disputeId, { destinationId: ORG.yiwuMarketMediation }), 'ALREADY_IN_MEDIATION');
    expect(await mediationOf(disputeId)).toMatchObject({ id: first.id, organization: { id: ORG.gzInternetCourtDdr } });
    expect(await referralsOf(disputeId)).toHaveLength(1);
  });

  test('content the referral rules reject: an unknown category, the same party on both sides', async () => {
    await expectRefused(routed(newDispute(), { category: 'SPACE_LAW' }), 'INVALID_ROUTE');
    await expectRefused(routed(newDispute(), { respondentId: P.buyerLiNa }), 'INVALID_ROUTE');
  });

  test('a payload off the contract, when it still names its route', async () => {
    const disputeId = newDispute();
    const event = routed(disputeId);
    delete (event.payload as Record<string, unknown>).claimantId;
    await expectRefused(event, 'INVALID_ROUTE');
    expect(await mediationOf(disputeId)).toBeNull();
  });

  test('a payload without a route id cannot be answered: consumed, nothing written, later routes still handled', async () => {
    const broken = routed(newDispute());
    delete (broken.payload as Record<string, unknown>).routeId;
    const disputeId = newDispute();
    const next = routed(disputeId);
    const before = (await sg.events()).length;
    expect(await sg.deliver('disputes', [broken, next])).toMatchObject({ applied: 2, position: next.cursor });
    expect((await sg.events()).length).toBe(before + 1);
    expect(await mediationOf(disputeId)).toMatchObject({ status: 'REFERRED' });
  });

  test('a route racing a referral by mutation: one case, and the loser is refused', async () => {
    const disputeId = newDispute();
    const route = routed(disputeId);
    const [, byMutation] = await Promise.all([
      sg.deliver('disputes', [route]),
      sg.services.manager.refer(
        { role: 'court', sub: 'usr_judge', org: null },
        { disputeId, claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE', organizationId: ORG.yiwuMarketMediation },
        `key-race-${disputeId}`,
      ).then(() => null, (err: any) => err),
    ]);
    const referrals = await referralsOf(disputeId);
    expect(referrals).toHaveLength(1);
    const refused = await refusalsOf(route.payload.routeId as string);
    if (referrals[0]!.payload.routeId === route.payload.routeId) {
      expect(byMutation).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(refused).toEqual([]);
    } else {
      expect(byMutation).toBeNull();
      expect(refused.map((e) => e.payload.code)).toEqual(['ALREADY_IN_MEDIATION']);
    }
  });
});
