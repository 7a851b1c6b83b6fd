import {
  DEMO, DISPUTE_LEFT_TRACK, DISPUTE_ROUTED, feedEvent, startTestSubgraph, TRACK_CASE_CLOSED, type Caller, type FeedEvent,
} from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from '../src/definition.js';

/**
 * disputes → mediation, DisputeLeftTrack: the dispute went to arbitration or court, so the
 * mediation still open for it ends, with the reason, and says so back (TrackCaseClosed).
 */
const ORG = DEMO.mediationOrganizations;
const P = DEMO.parties;
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const REASON = 'the dispute was routed to litigation by the claimant: the store stopped answering the mediator';

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(mediationSubgraph); });
afterAll(() => sg?.stop());

let seq = 0;
const newDispute = () => `dsp_leave_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
const claimant = { role: 'party', id: P.buyerLiNa };

function routed(disputeId: string): FeedEvent {
  const n = ++seq;
  return feedEvent('disputes', n, DISPUTE_ROUTED, {
    routeId: `rte_${n}`, track: 'MEDIATION', from: null, destinationId: ORG.yiwuMarketMediation, regionCode: null, claimType: null, reason: null,
    title: 'Unpaid toys', category: 'CONTRACT', claimAmount: '12000.00', claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, originOrderId: null, undisputedFacts: [],
  }, { aggregateType: 'Dispute', aggregateId: disputeId, disputeId, actor: claimant });
}

function left(disputeId: string, over: Record<string, unknown> = {}): FeedEvent {
  const n = ++seq;
  return feedEvent('disputes', n, DISPUTE_LEFT_TRACK, { track: 'MEDIATION', to: 'LITIGATION', routeId: `rte_${n}`, reason: REASON, ...over }, {
    aggregateType: 'Dispute', aggregateId: disputeId, disputeId, actor: claimant,
  });
}

const CASE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { mediation { id status withdrawalReason closedAt events { kind note actor { role id } } } } } }`;
async function mediationOf(disputeId: string): Promise<any> {
  const r = await sg.request(CASE, { reps: [{ __typename: 'Dispute', id: disputeId }] }, admin);
  expect(r.errors).toBeUndefined();
  return r.data._entities[0].mediation;
}
const closures = async (disputeId: string) => (await sg.events({ types: [TRACK_CASE_CLOSED] })).filter((e) => e.disputeId === disputeId);

async function inSession(disputeId: string) {
  await sg.deliver('disputes', [routed(disputeId)]);
  const c = await mediationOf(disputeId);
  // Accepted, a mediator assigned, the respondent reached: the case is where the mediator works on it.
  await sg.services.store.compareAndSetStatus(c.id, 'REFERRED', 'IN_SESSION', { mediatorId: DEMO.mediators.zhouLei, acknowledgedAt: new Date() });
  return c.id as string;
}

describe('the dispute left mediation', () => {
  test('an IN_SESSION case ends WITHDRAWN with the reason, and TrackCaseClosed tells the dispute\'s timeline', async () => {
    const disputeId = newDispute();
    const caseId = await inSession(disputeId);
    const event = left(disputeId);
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 1 });
    const c = await mediationOf(disputeId);
    expect(c).toMatchObject({ id: caseId, status: 'WITHDRAWN', withdrawalReason: REASON });
    expect(c.closedAt).not.toBeNull();
    expect(c.events.at(-1)).toMatchObject({ kind: TRACK_CASE_CLOSED, note: `Mediation ended: ${REASON}`, actor: { role: 'party', id: P.buyerLiNa } });
    const [closed, ...more] = await closures(disputeId);
    expect(more).toEqual([]);
    expect(closed!.payload).toMatchObject({ track: 'MEDIATION', caseId, fromStatus: 'IN_SESSION', reason: REASON, routeId: event.payload.routeId, mediatorId: DEMO.mediators.zhouLei });

    // Delivered twice, or a second departure: nothing is open any more, nothing happens.
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await sg.deliver('disputes', [left(disputeId)])).toMatchObject({ applied: 1 });
    expect(await closures(disputeId)).toHaveLength(1);
  });

  test('a referral not yet accepted ends the same way', async () => {
    const disputeId = newDispute();
    await sg.deliver('disputes', [routed(disputeId)]);
    await sg.deliver('disputes', [left(disputeId, { to: 'ARBITRATION', reason: 'the dispute was routed to arbitration by an administrator (usr_admin)' })]);
    expect(await mediationOf(disputeId)).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'the dispute was routed to arbitration by an administrator (usr_admin)' });
  });

  test('a settled case is not touched, nor a departure from another track', async () => {
    const settled = await mediationOf(DEMO.disputes.settledAndConfirmed);
    await sg.deliver('disputes', [left(DEMO.disputes.settledAndConfirmed)]);
    expect((await mediationOf(DEMO.disputes.settledAndConfirmed)).status).toBe(settled.status);

    const disputeId = newDispute();
    await inSession(disputeId);
    await sg.deliver('disputes', [left(disputeId, { track: 'NEGOTIATION', to: 'MEDIATION' })]);
    expect((await mediationOf(disputeId)).status).toBe('IN_SESSION');
    expect(await closures(disputeId)).toEqual([]);
  });

  test('a payload that breaks the contract is consumed and changes nothing', async () => {
    const disputeId = newDispute();
    await inSession(disputeId);
    const bad = left(disputeId, { reason: undefined, to: 'COURT' });
    const result = await sg.deliver('disputes', [bad]);
    expect(result.position).toBe(bad.cursor);
    expect((await mediationOf(disputeId)).status).toBe('IN_SESSION');
  });
});
