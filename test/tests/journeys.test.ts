import { chinaDate, DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';
import { actAsParty } from '../src/step-up.js';

/**
 * A dispute's paths across tracks, through the gateway with each actor's own token. A
 * dispute is filed once and routed: the subgraph owning each track opens the case from the
 * route, and what happens there comes back to the dispute — nothing is filed again.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const P = DEMO.parties;
let keySeq = 0;
const key = (name: string) => `journey-${name}-${++keySeq}`;
const yesterday = () => chinaDate(new Date(Date.now() - 24 * 3600 * 1000));
const nextMonth = () => chinaDate(new Date(Date.now() + 30 * 24 * 3600 * 1000));

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

type Actor = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;
/** A party confirms its legal acts (signing, applying for confirmation) with a code, as a client does (test/src/step-up.ts). */
async function as(role: Parameters<Hub['token']>[0], claims: { sub?: string; org?: string } = {}): Promise<Actor> {
  const token = await hub.token(role, claims);
  if (role === 'party') return <T = any>(query: string, variables: Record<string, unknown> = {}) => actAsParty<T>(hub, query, variables, token).then(ok);
  return <T = any>(query: string, variables: Record<string, unknown> = {}) => hub.query<T>(query, variables, token).then(ok);
}

async function file(claimant: string, respondent: string, extra: Record<string, unknown> = {}) {
  const party = await as('party', { sub: claimant });
  const input = { title: 'Journey dispute', description: 'Walked through every step', category: 'CONTRACT', respondentId: respondent, claimAmount: '12000.00', ...extra };
  return (await party(FILE_DISPUTE, { input, key: key('file') })).fileDispute.id as string;
}

const ROUTE = 'mutation($id: ID!, $track: Track!, $dest: RouteDestinationInput, $k: String!) { routeDispute(disputeId: $id, track: $track, destination: $dest, idempotencyKey: $k) { status track } }';
const DISPUTE = `query($id: ID!) { dispute(id: $id) {
  status track
  undisputedFacts { statement }
  timeline { kind summary track actor { role id } }
  negotiation { id status }
  mediation { id status settlement { id contentHash signedAt instalments { number status } } }
  arbitration { id caseNumber status }
  litigation { caseNumber status court { id } undisputedFacts transfers { from { id } to { id } } }
  judicialConfirmation { id caseNumber status }
} }`;

/** Reads the dispute as `actor` until `done` holds. */
const awaitDispute = (actor: Actor, id: string, done: (d: any) => boolean, what: string) =>
  eventually(async () => (await actor(DISPUTE, { id })).dispute, done, what);
const kinds = (d: any) => d.timeline.map((e: any) => e.kind);
/** The dispute has heard back that its case was opened (so the body handling it may read it). */
const caseOpened = (d: any) => kinds(d).includes('CASE_OPENED');

describe('platform negotiation → resolved on the platform', () => {
  it('opens the negotiation from the route, and the compensation resolves the dispute', async () => {
    const disputeId = await file(P.buyerLiNa, P.merchantYiwuCrafts, { category: 'CONSUMER_PURCHASE', originOrderId: DEMO.orders.lanterns, claimAmount: '86.00' });
    const buyer = await as('party', { sub: P.buyerLiNa });
    const merchant = await as('party', { sub: P.merchantYiwuCrafts });
    const platform = await as('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall });

    expect((await buyer('query($id: ID!) { dispute(id: $id) { recommendation { track } } }', { id: disputeId })).dispute.recommendation.track).toBe('NEGOTIATION');
    expect((await buyer(ROUTE, { id: disputeId, track: 'NEGOTIATION', k: key('route') })).routeDispute).toEqual({ status: 'NEGOTIATING', track: 'NEGOTIATION' });
    const opened = await awaitDispute(buyer, disputeId, (d) => !!d.negotiation && caseOpened(d), 'the negotiation to open');
    expect(kinds(opened)).toEqual(['FILED', 'ROUTED', 'CASE_OPENED']);
    const id = opened.negotiation.id;

    await merchant('mutation($id: ID!) { respondToNegotiation(id: $id, accept: false, message: "Damaged in transit, not our fault") { status } }', { id });
    await platform('mutation($id: ID!) { withholdMerchantFunds(id: $id, amount: "86.00") { status } }', { id });
    expect((await platform('mutation($id: ID!) { payConsumerCompensation(id: $id) { status } }', { id })).payConsumerCompensation.status).toBe('RESOLVED');
    const again = await hub.query('mutation($id: ID!) { payConsumerCompensation(id: $id) { status } }', { id }, await hub.token('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall }));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });

    const resolved = await awaitDispute(buyer, disputeId, (d) => d.status === 'RESOLVED', 'the dispute to be resolved on the platform');
    expect(resolved.timeline.at(-1)).toMatchObject({ kind: 'STATUS_CHANGED', actor: { role: 'platform' } });
  });

  it('a refused negotiation goes on to mediation by itself', async () => {
    const disputeId = await file(P.buyerZhangWei, P.merchantGzElectronics, { category: 'CONSUMER_PURCHASE', originOrderId: DEMO.orders.headphones, claimAmount: '399.00' });
    const buyer = await as('party', { sub: P.buyerZhangWei });
    const merchant = await as('party', { sub: P.merchantGzElectronics });
    await buyer(ROUTE, { id: disputeId, track: 'NEGOTIATION', k: key('route') });
    const id = (await awaitDispute(buyer, disputeId, (d) => !!d.negotiation && caseOpened(d), 'the negotiation to open')).negotiation.id;
    await merchant('mutation($id: ID!) { respondToNegotiation(id: $id, accept: false, message: "Used item, no refund") { status } }', { id });
    await buyer('mutation($id: ID!) { escalateNegotiation(id: $id, reason: "The merchant refuses any refund") { status } }', { id });
    const mediated = await awaitDispute(buyer, disputeId, (d) => d.mediation?.status === 'REFERRED' && kinds(d).at(-1) === 'CASE_OPENED', 'the mediation referral');
    expect(mediated).toMatchObject({ status: 'IN_MEDIATION', track: 'MEDIATION' });
    expect(kinds(mediated)).toEqual(['FILED', 'ROUTED', 'CASE_OPENED', 'CASE_PROGRESS', 'ROUTED', 'CASE_OPENED']);
  });
});

describe('mediation → settlement → judicial confirmation → instalments → enforcement on default', () => {
  it('walks the whole path, each step by the actor allowed to take it', async () => {
    const disputeId = await file(P.buyerWangFang, P.merchantYiwuCrafts);
    const claimant = await as('party', { sub: P.buyerWangFang });
    const respondent = await as('party', { sub: P.merchantYiwuCrafts });
    const court = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });

    await claimant(ROUTE, { id: disputeId, track: 'MEDIATION', dest: { bodyId: DEMO.mediationOrganizations.yiwuMarketMediation }, k: key('route') });
    const referred = await awaitDispute(claimant, disputeId, (d) => d.mediation?.status === 'REFERRED' && caseOpened(d), 'the referral');
    const caseId = referred.mediation.id;
    // The organisation now handles the dispute, so it may read it.
    expect((await org(DISPUTE, { id: disputeId })).dispute.status).toBe('IN_MEDIATION');

    expect((await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId })).acceptReferral.status).toBe('ACCEPTED');
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: VIRTUAL_NUMBER, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    await mediator('mutation($c: ID!, $k: String!, $at: DateTime!) { recordSession(caseId: $c, input: { stage: JOINT_MEETING, heldAt: $at, summary: "Both sides heard" }, idempotencyKey: $k) { status } }', { c: caseId, k: key('session'), at: new Date().toISOString() });
    // The first instalment fell due yesterday: the draft was agreed days before it was signed.
    await mediator('mutation($c: ID!, $k: String!, $i: [InstalmentInput!]) { draftSettlement(caseId: $c, input: { terms: "The merchant pays 9,000 yuan in two instalments.", instalments: $i }, idempotencyKey: $k) { status } }', {
      c: caseId, k: key('draft'), i: [{ amount: '4500.00', dueDate: yesterday() }, { amount: '4500.00', dueDate: nextMonth() }],
    });
    await claimant('mutation($c: ID!) { signSettlement(caseId: $c) { status } }', { c: caseId });
    const signed = await respondent('mutation($c: ID!) { signSettlement(caseId: $c) { status settlement { id contentHash signedAt } } }', { c: caseId });
    expect(signed.signSettlement.status).toBe('SETTLED');
    const settlement = signed.signSettlement.settlement;

    const redraft = await hub.query('mutation($c: ID!, $k: String!) { draftSettlement(caseId: $c, input: { terms: "Less" }, idempotencyKey: $k) { status } }', { c: caseId, k: key('redraft') }, await hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation }));
    expect(redraft.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED' });
    await awaitDispute(claimant, disputeId, (d) => d.status === 'SETTLED', 'the dispute to be settled');

    const applied = await claimant(`mutation($input: ApplyForJudicialConfirmationInput!, $k: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $k) { id caseNumber status } }`, {
      input: { disputeId, claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, courtId: DEMO.courts.yiwu, settlementReference: settlement.id, settlementEffectiveAt: settlement.signedAt },
      k: key('confirm'),
    });
    expect(applied.applyForJudicialConfirmation.caseNumber).toMatch(/^\(\d{4}\)浙0782民特\d+号$/);
    expect((await court('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: applied.applyForJudicialConfirmation.id })).ruleOnJudicialConfirmation.status).toBe('CONFIRMED');

    // Yesterday's instalment is missed; the confirmed settlement is enforced without anyone applying.
    const enforced = await awaitDispute(claimant, disputeId, (d) => d.status === 'IN_ENFORCEMENT', 'enforcement on the missed instalment');
    expect(enforced.mediation.settlement.instalments).toEqual([{ number: 1, status: 'MISSED' }, { number: 2, status: 'DUE' }]);
    expect(enforced.timeline.map((e: any) => e.summary)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Instalment 1 \(4500\.00 yuan, due \d{4}-\d{2}-\d{2}\) missed; 9000\.00 yuan outstanding/),
      expect.stringMatching(/^Enforcement applied for \(\(\d{4}\)浙0782执\d+号\)/),
    ]));

    // Paid late, and then in full: the settlement is performed and the dispute resolved.
    for (const number of [1, 2]) {
      await claimant('mutation($s: ID!, $n: Int!, $k: String!) { recordInstalmentPayment(settlementId: $s, number: $n, idempotencyKey: $k) { id } }', { s: settlement.id, n: number, k: key('paid') });
    }
    const resolved = await awaitDispute(claimant, disputeId, (d) => d.status === 'RESOLVED', 'the performed settlement to resolve the dispute');
    expect(resolved.judicialConfirmation.status).toBe('CONFIRMED');
  });
});

describe('mediation → failure → litigation carrying the undisputed facts', () => {
  it('files the lawsuit cross-regionally from the route and it is transferred to the competent court', async () => {
    const disputeId = await file(P.supplierCo, P.discreditedDebtor, { claimAmount: '126000.00' });
    const claimant = await as('party', { sub: P.supplierCo });
    const respondent = await as('party', { sub: P.discreditedDebtor });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });

    await claimant(ROUTE, { id: disputeId, track: 'MEDIATION', dest: { bodyId: DEMO.mediationOrganizations.yiwuMarketMediation }, k: key('route') });
    const caseId = (await awaitDispute(claimant, disputeId, (d) => !!d.mediation && caseOpened(d), 'the referral')).mediation.id;
    await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId });
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: PHONE, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    const terminated = await mediator('mutation($c: ID!, $k: String!) { terminateMediation(caseId: $c, input: { report: "No agreement on the price.", facts: ["2,000 toy sets were delivered on 2026-05-02.", "Nothing has been paid."] }, idempotencyKey: $k) { terminationReport { proposedFacts { id statement } } } }', { c: caseId, k: key('terminate') });
    const [delivered, unpaid] = terminated.terminateMediation.terminationReport.proposedFacts;
    await claimant('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: delivered.id });
    await claimant('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: unpaid.id });
    await respondent('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: delivered.id });
    expect((await mediator('mutation($c: ID!) { closeAsFailed(caseId: $c) { status } }', { c: caseId })).closeAsFailed.status).toBe('FAILED');

    // Only the fact both parties confirmed becomes the dispute's own.
    const failed = await awaitDispute(claimant, disputeId, (d) => d.status === 'UNRESOLVED', 'the failed mediation to reach the dispute');
    expect(failed.undisputedFacts).toEqual([{ statement: delivered.statement }]);
    const rec = await claimant('query($id: ID!) { dispute(id: $id) { recommendation { track reasons { ruleId } } } }', { id: disputeId });
    expect(rec.dispute.recommendation.track).toBe('LITIGATION');
    expect(rec.dispute.recommendation.reasons.map((r: any) => r.ruleId)).toContain('MEDIATION_FAILED_GOES_TO_COURT');

    // Filed at the Guangzhou Internet Court; the competent court for a Yiwu contract dispute is Yiwu's.
    await claimant(ROUTE, { id: disputeId, track: 'LITIGATION', dest: { bodyId: DEMO.courts.guangzhouInternet, regionCode: '330782', claimType: 'unpaid price of goods' }, k: key('sue') });
    const sued = await awaitDispute(claimant, disputeId, (d) => !!d.litigation && kinds(d).filter((k: string) => k === 'CASE_OPENED').length === 2, 'the lawsuit');
    expect(sued.litigation).toMatchObject({
      status: 'FILED', court: { id: DEMO.courts.yiwu }, undisputedFacts: [delivered.statement],
      transfers: [{ from: { id: DEMO.courts.guangzhouInternet }, to: { id: DEMO.courts.yiwu } }],
    });
    expect(sued.litigation.caseNumber).toMatch(/^\(\d{4}\)浙0782民初\d+号$/);
    expect(sued).toMatchObject({ status: 'IN_LITIGATION', track: 'LITIGATION' });
    // The competent court now handles the dispute and may read it.
    const yiwuCourt = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    expect((await yiwuCourt(DISPUTE, { id: disputeId })).dispute.undisputedFacts).toEqual([{ statement: delivered.statement }]);
  });
});

describe('mediation in session → routed to litigation: no case is left behind', () => {
  it('ends the open mediation with the reason once the lawsuit is filed, and both timelines say so', async () => {
    const disputeId = await file(P.supplierCo, P.merchantYiwuCrafts, { claimAmount: '12000.00' });
    const claimant = await as('party', { sub: P.supplierCo });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });
    await claimant(ROUTE, { id: disputeId, track: 'MEDIATION', dest: { bodyId: DEMO.mediationOrganizations.yiwuMarketMediation }, k: key('route') });
    const caseId = (await awaitDispute(claimant, disputeId, (d) => !!d.mediation && caseOpened(d), 'the referral')).mediation.id;
    await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId });
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    const reached = await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: PHONE, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    expect(reached.recordContactAttempt.status).toBe('IN_SESSION');

    const why = 'The store stopped answering the mediator';
    const routed = await claimant('mutation($id: ID!, $dest: RouteDestinationInput, $why: String, $k: String!) { routeDispute(disputeId: $id, track: LITIGATION, destination: $dest, reason: $why, idempotencyKey: $k) { status } }', {
      id: disputeId, dest: { bodyId: DEMO.courts.yiwu, regionCode: '330782', claimType: 'unpaid price of goods' }, why, k: key('sue'),
    });
    expect(routed.routeDispute.status).toBe('IN_LITIGATION');

    const reason = `the dispute was routed to litigation by the claimant: ${why}`;
    const ended = await awaitDispute(claimant, disputeId, (d) => d.mediation?.status === 'WITHDRAWN' && d.timeline.some((e: any) => e.summary.startsWith('Mediation ended')), 'the mediation to end');
    // The dispute's side: it is in court, and its timeline says why the mediation ended.
    expect(ended).toMatchObject({ status: 'IN_LITIGATION', track: 'LITIGATION', litigation: { status: 'FILED', court: { id: DEMO.courts.yiwu } } });
    expect(ended.timeline.at(-1)).toMatchObject({ kind: 'CASE_PROGRESS', summary: `Mediation ended: ${reason}`, track: 'LITIGATION' });
    // The mediation's side: the case is closed with the reason, and its own timeline records it.
    const c = (await org('query($id: ID!) { dispute(id: $id) { mediation { id status withdrawalReason closedAt events { kind note } } } }', { id: disputeId })).dispute.mediation;
    expect(c).toMatchObject({ id: caseId, status: 'WITHDRAWN', withdrawalReason: reason, closedAt: expect.any(String) });
    expect(c.events.at(-1)).toEqual({ kind: 'TrackCaseClosed', note: `Mediation ended: ${reason}` });
    // The mediator can no longer act on it.
    const late = await hub.query('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: PHONE, idempotencyKey: $k) { status } }', { c: caseId, k: key('late') },
      await hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation }));
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  });

  it('the court fee for a claim is public reference data, asked without signing in', async () => {
    const anonymous = await hub.query('{ contract: litigationFeeEstimate(category: CONTRACT, claimAmount: "12000.00") { min max basis setByProvince } patent: litigationFeeEstimate(category: PATENT) { min max basis source setByProvince } }');
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data).toMatchObject({
      contract: { min: '100.00', max: '100.00', basis: 'PROPERTY_SCALE', setByProvince: false },
      patent: { min: '500.00', max: '1000.00', basis: 'INTELLECTUAL_PROPERTY_PER_CASE', setByProvince: true },
    });
    expect((anonymous.data as any).patent.source).toContain('art. 13(3)');
  });
});

describe('arbitration → award → enforcement', () => {
  it('files from the route under the agreement binding both parties; a missed award instalment is enforced by a court', async () => {
    const disputeId = await file(P.rightsHolderBrand, P.copycatSeller, { category: 'TRADEMARK', claimAmount: '50000.00' });
    const admin = await as('admin');
    const claimant = await as('party', { sub: P.rightsHolderBrand });
    const arbitrator = await as('arbitrator', { sub: 'arbitrator-cietac', org: DEMO.arbitrationInstitutions.cietac });

    await admin(`mutation($input: RecordArbitrationAgreementInput!, $k: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $k) { id } }`, {
      input: { partyIds: [P.rightsHolderBrand, P.copycatSeller], institutionId: DEMO.arbitrationInstitutions.cietac, source: 'CONTRACT', clauseText: 'Disputes go to CIETAC for arbitration.', signedAt: '2026-01-10T00:00:00Z' },
      k: key('agreement'),
    });
    const rec = await claimant('query($id: ID!) { dispute(id: $id) { recommendation { track } } }', { id: disputeId });
    expect(rec.dispute.recommendation.track).toBe('ARBITRATION');

    await claimant(ROUTE, { id: disputeId, track: 'ARBITRATION', k: key('route') });
    const filed = await awaitDispute(claimant, disputeId, (d) => !!d.arbitration && caseOpened(d), 'the arbitration case');
    expect(filed.arbitration.status).toBe('FILED');
    const caseId = filed.arbitration.id;
    await arbitrator('mutation($c: ID!) { appointTribunal(caseId: $c, arbitrators: ["Arbitrator Gao"]) { status } }', { c: caseId });
    await arbitrator('mutation($c: ID!) { startHearing(caseId: $c) { status } }', { c: caseId });
    // The claimant asked for enforcement at the Nansha court, where the respondent's assets are.
    const award = await arbitrator('mutation($c: ID!, $i: [AwardInstalmentInput!], $court: ID) { issueAward(caseId: $c, input: { summary: "The respondent pays 30,000 yuan.", amount: "30000.00", instalments: $i, enforcementCourtId: $court }) { status caseNumber } }', {
      c: caseId, court: DEMO.courts.nansha, i: [{ dueOn: yesterday(), amount: '10000.00' }, { dueOn: nextMonth(), amount: '20000.00' }],
    });
    expect(award.issueAward.status).toBe('AWARDED');
    await awaitDispute(claimant, disputeId, (d) => ['DECIDED', 'IN_ENFORCEMENT'].includes(d.status), 'the award to decide the dispute');

    const enforced = await awaitDispute(claimant, disputeId, (d) => d.status === 'IN_ENFORCEMENT', 'enforcement of the award on the missed instalment');
    expect(enforced.timeline.map((e: any) => e.summary)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Instalment 1 \(10000\.00 yuan, due \d{4}-\d{2}-\d{2}\) missed/),
      expect.stringMatching(/^Enforcement applied for \(.*执\d+号\)/),
    ]));
  });

  it('without an agreement the route is refused and the dispute goes back where it was', async () => {
    const disputeId = await file(P.buyerLiNa, P.copycatSeller, { category: 'TRADEMARK' });
    const claimant = await as('party', { sub: P.buyerLiNa });
    expect((await claimant(ROUTE, { id: disputeId, track: 'ARBITRATION', k: key('route') })).routeDispute.status).toBe('IN_ARBITRATION');
    const refused = await awaitDispute(claimant, disputeId, (d) => kinds(d).includes('ROUTE_REFUSED'), 'the refusal');
    expect(refused).toMatchObject({ status: 'FILED', track: null, arbitration: null });
    expect(refused.timeline.at(-1).summary).toContain('NO_ARBITRATION_AGREEMENT');
  });
});
