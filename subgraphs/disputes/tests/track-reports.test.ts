import { eq } from 'drizzle-orm';
import { DEMO, DISPUTE_LEFT_TRACK, DISPUTE_ROUTED, feedEvent, startTestSubgraph, TRACK_CASE_CLOSED, type Caller } from '@fengqiao/subgraph-kit';
import { disputes } from '../src/db/schema.js';
import { disputesSubgraph } from '../src/definition.js';

/**
 * What the subgraphs owning the tracks report back, delivered as the relay delivers it:
 * each event changes the dispute once, in the order published.
 */
let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(disputesSubgraph); });
afterAll(() => sg?.stop());

const lina: Caller = { role: 'party', sub: DEMO.parties.buyerLiNa, org: null };
const ROUTE = 'mutation($id: ID!, $track: Track!, $k: String!, $dest: RouteDestinationInput) { routeDispute(disputeId: $id, track: $track, destination: $dest, idempotencyKey: $k) { status } }';
const VIEW = 'query($id: ID!) { dispute(id: $id) { status track undisputedFacts { statement agreedIn { id } } timeline { kind summary track actor { role id } } } }';
const seqs: Record<string, number> = {};
const from = (source: string, type: string, payload: Record<string, unknown>, actor: { role: string; id: string | null } = { role: 'mediator', id: DEMO.mediators.zhouLei }) => {
  seqs[source] = (seqs[source] ?? 0) + 1;
  return feedEvent(source, seqs[source]!, type, payload, { actor, aggregateId: String(payload.caseId ?? payload.disputeId) });
};

async function file(key: string) {
  const r = await sg.request('mutation($k: String!) { fileDispute(idempotencyKey: $k, input: { title: "Unpaid toys", description: "2,000 sets delivered, not paid", category: CONTRACT, respondentId: "pty_demo_merchant_yiwu_crafts", claimAmount: "12000" }) { id } }', { k: key }, lina);
  return r.data.fileDispute.id as string;
}
const view = async (id: string) => (await sg.request(VIEW, { id }, lina)).data.dispute;
const routedEvents = async () => sg.events({ types: [DISPUTE_ROUTED] });

test('a case opened from the route is recorded; failure leaves the facts with the dispute, and they travel to court', async () => {
  const id = await file('reports-1');
  await sg.request(ROUTE, { id, track: 'MEDIATION', k: 'reports-1-route' }, lina);
  const route = (await routedEvents()).at(-1)!;
  const routeId = route.payload.routeId as string;

  const referred = from('mediation', 'MediationReferred', { caseId: 'mca_1', disputeId: id, organizationId: DEMO.mediationOrganizations.yiwuMarketMediation, routeId, note: 'Referred to Yiwu' });
  expect(await sg.deliver('mediation', [referred])).toMatchObject({ applied: 1 });
  // Delivered again (a relay retry): nothing more happens.
  expect(await sg.deliver('mediation', [referred])).toMatchObject({ applied: 0, skipped: 1 });

  const org: Caller = { role: 'mediation_org', sub: 'case-manager', org: DEMO.mediationOrganizations.yiwuMarketMediation };
  expect((await sg.request(VIEW, { id }, org)).data.dispute.status).toBe('IN_MEDIATION');

  await sg.deliver('mediation', [from('mediation', 'MediationFailed', {
    caseId: 'mca_1', disputeId: id, undisputedFacts: [{ id: 'f1', statement: '2,000 sets were delivered on 2026-05-02.' }],
  })]);
  const failed = await view(id);
  expect(failed.status).toBe('UNRESOLVED');
  expect(failed.undisputedFacts).toEqual([{ statement: '2,000 sets were delivered on 2026-05-02.', agreedIn: { id: 'mca_1' } }]);
  expect(failed.timeline.map((e: any) => e.kind)).toEqual(['FILED', 'ROUTED', 'CASE_OPENED', 'STATUS_CHANGED']);
  expect(failed.timeline[2]).toMatchObject({ summary: 'Referred to Yiwu', track: 'MEDIATION', actor: { role: 'mediator', id: DEMO.mediators.zhouLei } });

  const refused = await sg.request(ROUTE, { id, track: 'LITIGATION', k: 'reports-1-court' }, lina);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'destination.bodyId', rule: 'COURT_REQUIRED' });
  await sg.request(ROUTE, { id, track: 'LITIGATION', k: 'reports-1-court2', dest: { bodyId: DEMO.courts.guangzhouInternet, regionCode: '330782', claimType: 'unpaid price' } }, lina);
  const toCourt = (await routedEvents()).at(-1)!;
  expect(toCourt.payload).toMatchObject({
    track: 'LITIGATION', from: 'MEDIATION', destinationId: DEMO.courts.guangzhouInternet, regionCode: '330782', claimType: 'unpaid price',
    undisputedFacts: [{ statement: '2,000 sets were delivered on 2026-05-02.', agreedIn: 'mca_1' }],
  });
});

test('a refused route puts the dispute back where it was', async () => {
  const id = await file('reports-2');
  await sg.request(ROUTE, { id, track: 'ARBITRATION', k: 'reports-2-route' }, lina);
  expect((await view(id)).status).toBe('IN_ARBITRATION');
  const routeId = (await routedEvents()).at(-1)!.payload.routeId;
  await sg.deliver('arbitration', [from('arbitration', 'RouteRefused', { disputeId: id, routeId, track: 'ARBITRATION', code: 'NO_ARBITRATION_AGREEMENT', message: 'No agreement binds both parties' }, { role: 'party', id: DEMO.parties.buyerLiNa })]);
  const back = await view(id);
  expect(back).toMatchObject({ status: 'FILED', track: null });
  expect(back.timeline.at(-1)).toMatchObject({ kind: 'ROUTE_REFUSED', track: 'ARBITRATION' });
  expect(back.timeline.at(-1).summary).toContain('NO_ARBITRATION_AGREEMENT');
  // A stale refusal (for a route no longer current) changes nothing but the record.
  await sg.request(ROUTE, { id, track: 'MEDIATION', k: 'reports-2-route2' }, lina);
  await sg.deliver('arbitration', [from('arbitration', 'RouteRefused', { disputeId: id, routeId, track: 'ARBITRATION', code: 'NO_ARBITRATION_AGREEMENT', message: 'again' })]);
  expect((await view(id)).status).toBe('IN_MEDIATION');
});

test('a refused platform negotiation moves on to mediation by itself; outcomes follow the dispute', async () => {
  const id = await file('reports-3');
  await sg.request(ROUTE, { id, track: 'NEGOTIATION', k: 'reports-3-route' }, lina);
  const platform = { role: 'platform', id: 'platform-ops' };
  await sg.deliver('platforms', [
    from('platforms', 'NegotiationOpened', { disputeId: id, platformId: DEMO.platforms.silkRoadMall, routeId: 'x' }, platform),
    from('platforms', 'MerchantResponded', { disputeId: id, accepted: false }, platform),
    from('platforms', 'NegotiationEscalated', { disputeId: id, reason: 'merchant refused' }, platform),
  ]);
  const escalated = await view(id);
  expect(escalated).toMatchObject({ status: 'IN_MEDIATION', track: 'MEDIATION' });
  expect(escalated.timeline.at(-1)).toMatchObject({ kind: 'ROUTED', track: 'MEDIATION', actor: { role: 'platform' } });
  expect((await routedEvents()).at(-1)!.payload).toMatchObject({ track: 'MEDIATION', from: 'NEGOTIATION' });

  await sg.deliver('mediation', [
    from('mediation', 'MediationSettled', { caseId: 'mca_3', disputeId: id }),
    from('mediation', 'InstalmentMissed', { disputeId: id, obligation: 'SETTLEMENT', obligationId: 'msa_3', creditorId: 'a', debtorId: 'b', instalmentId: 'i1', number: 1, amount: '50.00', dueDate: '2026-11-01', outstandingAmount: '99.00' }),
  ]);
  expect((await view(id)).status).toBe('SETTLED');
  await sg.deliver('courts', [from('courts', 'EnforcementApplied', { disputeId: id, courtId: DEMO.courts.yiwu, caseNumber: '(2026)浙0782执1号' }, { role: 'court', id: 'judge' })]);
  expect((await view(id)).status).toBe('IN_ENFORCEMENT');
  await sg.deliver('mediation', [from('mediation', 'ObligationPerformed', { disputeId: id, obligation: 'SETTLEMENT', obligationId: 'msa_3', creditorId: 'a', debtorId: 'b', totalAmount: '99.00', performedAt: new Date().toISOString() })]);
  const resolved = await view(id);
  expect(resolved.status).toBe('RESOLVED');
  expect(resolved.timeline.map((e: any) => e.summary)).toEqual(expect.arrayContaining([
    expect.stringContaining('Instalment 1 (50.00 yuan, due 2026-11-01) missed'),
    expect.stringContaining('Enforcement applied for'),
  ]));
});

test('a judgment performed in enforcement, as the court records it, resolves the dispute', async () => {
  const id = await file('reports-4');
  await sg.request(ROUTE, { id, track: 'LITIGATION', k: 'reports-4-route', dest: { bodyId: DEMO.courts.yiwu } }, lina);
  await sg.deliver('courts', [
    from('courts', 'JudgmentRecorded', { disputeId: id, caseNumber: '(2026)浙0782民初9号' }, { role: 'court', id: 'judge' }),
    from('courts', 'EnforcementApplied', { disputeId: id, courtId: DEMO.courts.yiwu, caseNumber: '(2026)浙0782执9号' }, { role: 'court', id: 'judge' }),
  ]);
  expect((await view(id)).status).toBe('IN_ENFORCEMENT');
  await sg.deliver('courts', [from('courts', 'EnforcementConcluded', { disputeId: id, caseNumber: '(2026)浙0782执9号', reason: 'PERFORMED' }, { role: 'court', id: 'judge' })]);
  const resolved = await view(id);
  expect(resolved.status).toBe('RESOLVED');
  expect(resolved.timeline.at(-1).summary).toContain('Enforcement concluded: performed in full ((2026)浙0782执9号)');
});

describe('no orphaned cases: the case on the track a dispute leaves is asked to end', () => {
  const leftEvents = async () => sg.events({ types: [DISPUTE_LEFT_TRACK] });
  const leftFor = async (id: string) => (await leftEvents()).filter((e) => e.disputeId === id);
  const mediationFor = async (id: string, key: string) => {
    await sg.request(ROUTE, { id, track: 'MEDIATION', k: `${key}-mediate` }, lina);
    const routeId = (await routedEvents()).at(-1)!.payload.routeId;
    await sg.deliver('mediation', [
      from('mediation', 'MediationReferred', { caseId: `mca_${key}`, disputeId: id, organizationId: DEMO.mediationOrganizations.yiwuMarketMediation, routeId }),
      from('mediation', 'MediatorAssigned', { caseId: `mca_${key}`, disputeId: id, mediatorId: DEMO.mediators.zhouLei }),
    ]);
  };

  test('routed from IN_MEDIATION to litigation: once the lawsuit is filed, DisputeLeftTrack names mediation and who routed it why', async () => {
    const id = await file('orphans-1');
    await mediationFor(id, 'orphans-1');
    const withReason = 'mutation($id: ID!, $k: String!, $dest: RouteDestinationInput, $why: String) { routeDispute(disputeId: $id, track: LITIGATION, destination: $dest, reason: $why, idempotencyKey: $k) { status } }';
    const routed = await sg.request(withReason, { id, k: 'orphans-1-court', dest: { bodyId: DEMO.courts.yiwu }, why: 'the store stopped answering the mediator' }, lina);
    expect(routed.errors).toBeUndefined();
    // Asked for, not yet taken: the mediation stays open.
    expect(await leftFor(id)).toEqual([]);
    const routeId = (await routedEvents()).at(-1)!.payload.routeId;
    await sg.deliver('courts', [from('courts', 'LawsuitFiled', { caseId: 'lit_leave_1', disputeId: id, courtId: DEMO.courts.yiwu, caseNumber: '(2026)浙0782民初77号', routeId }, { role: 'party', id: DEMO.parties.buyerLiNa })]);
    const [left] = await leftFor(id);
    expect(left!.payload).toEqual({
      track: 'MEDIATION', to: 'LITIGATION', routeId,
      reason: 'the dispute was routed to litigation by the claimant: the store stopped answering the mediator',
    });

    // Mediation answers that it closed its case: the timeline says so, the status stays, the mediator no longer follows.
    await sg.deliver('mediation', [from('mediation', TRACK_CASE_CLOSED, {
      caseId: 'mca_leave-1', disputeId: id, track: 'MEDIATION', fromStatus: 'IN_SESSION', reason: left!.payload.reason, routeId,
    }, { role: 'party', id: DEMO.parties.buyerLiNa })]);
    const after = await view(id);
    expect(after.status).toBe('IN_LITIGATION');
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'CASE_PROGRESS', summary: 'Mediation ended: the dispute was routed to litigation by the claimant: the store stopped answering the mediator' });
    const [row] = await (sg.database.db as any).select().from(disputes).where(eq(disputes.id, id));
    expect(row.assignedMediatorId).toBeNull();
  });

  test('a refused route leaves the old case alone: the dispute goes back to it', async () => {
    const id = await file('orphans-2');
    await mediationFor(id, 'orphans-2');
    await sg.request(ROUTE, { id, track: 'ARBITRATION', k: 'orphans-2-arb' }, lina);
    const routeId = (await routedEvents()).at(-1)!.payload.routeId;
    await sg.deliver('arbitration', [from('arbitration', 'RouteRefused', { disputeId: id, routeId, track: 'ARBITRATION', code: 'NO_ARBITRATION_AGREEMENT', message: 'No agreement' })]);
    expect((await view(id)).status).toBe('IN_MEDIATION');
    expect(await leftFor(id)).toEqual([]);
  });

  test('a court that refers its lawsuit to mediation keeps the lawsuit; a lawsuit filed directly moves the dispute off mediation', async () => {
    const id = await file('orphans-3');
    await sg.request(ROUTE, { id, track: 'LITIGATION', k: 'orphans-3-court', dest: { bodyId: DEMO.courts.yiwu } }, lina);
    const toCourt = (await routedEvents()).at(-1)!.payload.routeId;
    await sg.deliver('courts', [from('courts', 'LawsuitFiled', { caseId: 'lit_leave_3', disputeId: id, courtId: DEMO.courts.yiwu, routeId: toCourt }, { role: 'party', id: DEMO.parties.buyerLiNa })]);
    const judge: Caller = { role: 'court', sub: 'usr_judge_yw', org: DEMO.courts.yiwu };
    await sg.request(ROUTE, { id, track: 'MEDIATION', k: 'orphans-3-refer' }, judge);
    const referral = (await routedEvents()).at(-1)!.payload.routeId;
    await sg.deliver('mediation', [from('mediation', 'MediationReferred', { caseId: 'mca_leave_3', disputeId: id, organizationId: DEMO.mediationOrganizations.yiwuMarketMediation, routeId: referral })]);
    expect((await view(id)).status).toBe('IN_MEDIATION');
    expect(await leftFor(id)).toEqual([]);

    const other = await file('orphans-4');
    await mediationFor(other, 'orphans-4');
    await sg.deliver('courts', [from('courts', 'LawsuitFiled', { caseId: 'lit_leave_4', disputeId: other, courtId: DEMO.courts.yiwu, caseNumber: '(2026)浙0782民初78号' }, { role: 'court', id: 'usr_judge_yw' })]);
    expect((await view(other)).status).toBe('IN_LITIGATION');
    const [left] = await leftFor(other);
    expect(left!.payload).toMatchObject({ track: 'MEDIATION', to: 'LITIGATION', routeId: null, reason: 'the dispute went to litigation: Lawsuit (2026)浙0782民初78号 filed by a court (usr_judge_yw)' });
  });

  test('a dispute in arbitration cannot be routed away, so no arbitration case is ever left open behind it', async () => {
    const id = await file('orphans-5');
    await sg.request(ROUTE, { id, track: 'ARBITRATION', k: 'orphans-5-arb' }, lina);
    for (const track of ['MEDIATION', 'LITIGATION', 'NEGOTIATION']) {
      const r = await sg.request(ROUTE, { id, track, k: `orphans-5-${track}`, dest: track === 'LITIGATION' ? { bodyId: DEMO.courts.yiwu } : null }, lina);
      expect(r.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    }
  });
});
