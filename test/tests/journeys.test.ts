import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';

/**
 * A dispute's paths across tracks, driven through the gateway with each actor's own token,
 * as the parties, platform, mediation organisation, mediator, arbitrator and court would.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const P = DEMO.parties;
let keySeq = 0;
const key = (name: string) => `journey-${name}-${++keySeq}`;

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

async function as(role: Parameters<Hub['token']>[0], claims: { sub?: string; org?: string } = {}) {
  const token = await hub.token(role, claims);
  return <T = any>(query: string, variables: Record<string, unknown> = {}) => hub.query<T>(query, variables, token).then(ok);
}

async function file(claimant: string, respondent: string, extra: Record<string, unknown> = {}) {
  const party = await as('party', { sub: claimant });
  const input = { title: 'Journey dispute', description: 'Walked through every step', category: 'CONTRACT', respondentId: respondent, claimAmount: '12000.00', ...extra };
  return (await party(FILE_DISPUTE, { input, key: key('file') })).fileDispute.id as string;
}

describe('mediation → settlement → judicial confirmation → enforcement', () => {
  it('walks the whole path, each step by the actor allowed to take it', async () => {
    const disputeId = await file(P.buyerWangFang, P.merchantYiwuCrafts);
    const claimant = await as('party', { sub: P.buyerWangFang });
    const respondent = await as('party', { sub: P.merchantYiwuCrafts });
    const court = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });

    await claimant('mutation($id: ID!, $k: String!) { routeDispute(disputeId: $id, track: MEDIATION, idempotencyKey: $k) { status } }', { id: disputeId, k: key('route') });
    const referral = await court(`mutation($input: ReferToMediationInput!, $k: String!) { referToMediation(input: $input, idempotencyKey: $k) { id status } }`, {
      input: { disputeId, claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, category: 'CONTRACT', organizationId: DEMO.mediationOrganizations.yiwuMarketMediation },
      k: key('refer'),
    });
    const caseId = referral.referToMediation.id;
    expect(referral.referToMediation.status).toBe('REFERRED');
    expect((await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId })).acceptReferral.status).toBe('ACCEPTED');
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: VIRTUAL_NUMBER, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    await mediator('mutation($c: ID!, $k: String!, $at: DateTime!) { recordSession(caseId: $c, input: { stage: JOINT_MEETING, heldAt: $at, summary: "Both sides heard" }, idempotencyKey: $k) { status } }', { c: caseId, k: key('session'), at: new Date().toISOString() });
    await mediator('mutation($c: ID!, $k: String!) { draftSettlement(caseId: $c, input: { terms: "The merchant pays 9,000 yuan in two instalments.", instalments: [{ amount: "4500.00", dueDate: "2027-01-15" }, { amount: "4500.00", dueDate: "2027-02-15" }] }, idempotencyKey: $k) { status } }', { c: caseId, k: key('draft') });
    await claimant('mutation($c: ID!) { signSettlement(caseId: $c) { status } }', { c: caseId });
    const signed = await respondent('mutation($c: ID!) { signSettlement(caseId: $c) { status settlement { id contentHash signedAt } } }', { c: caseId });
    expect(signed.signSettlement.status).toBe('SETTLED');
    const settlement = signed.signSettlement.settlement;
    expect(settlement.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Immutable once both signed.
    const redraft = await hub.query('mutation($c: ID!, $k: String!) { draftSettlement(caseId: $c, input: { terms: "Less" }, idempotencyKey: $k) { status } }', { c: caseId, k: key('redraft') }, await hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation }));
    expect(redraft.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED' });

    const applied = await claimant(`mutation($input: ApplyForJudicialConfirmationInput!, $k: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $k) { id caseNumber status } }`, {
      input: { disputeId, claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, courtId: DEMO.courts.yiwu, settlementReference: settlement.id, settlementEffectiveAt: settlement.signedAt },
      k: key('confirm'),
    });
    expect(applied.applyForJudicialConfirmation.caseNumber).toMatch(/^\(\d{4}\)浙0782民特\d+号$/);
    const ruled = await court('mutation($id: ID!) { ruleOnJudicialConfirmation(id: $id, confirmed: true) { status } }', { id: applied.applyForJudicialConfirmation.id });
    expect(ruled.ruleOnJudicialConfirmation.status).toBe('CONFIRMED');

    const enforcement = await claimant(`mutation($input: ApplyForEnforcementInput!, $k: String!) { applyForEnforcement(input: $input, idempotencyKey: $k) { caseNumber status } }`, {
      input: { disputeId, basis: 'JUDICIAL_CONFIRMATION', basisReference: applied.applyForJudicialConfirmation.caseNumber, applicantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, courtId: DEMO.courts.yiwu, amount: '4500.00' },
      k: key('enforce'),
    });
    expect(enforcement.applyForEnforcement.caseNumber).toMatch(/执/);

    const overview = await claimant('query($id: ID!) { dispute(id: $id) { status track mediation { status settlement { contentHash } } judicialConfirmation { status } timeline { kind } } }', { id: disputeId });
    expect(overview.dispute).toMatchObject({ status: 'IN_MEDIATION', track: 'MEDIATION', mediation: { status: 'SETTLED', settlement: { contentHash: settlement.contentHash } }, judicialConfirmation: { status: 'CONFIRMED' } });
    expect(overview.dispute.timeline.map((e: any) => e.kind)).toEqual(['FILED', 'ROUTED']);
  });
});

describe('mediation → failure → litigation carrying the undisputed facts', () => {
  it('files the lawsuit cross-regionally and it is transferred to the competent court', async () => {
    const disputeId = await file(P.supplierCo, P.discreditedDebtor);
    const claimant = await as('party', { sub: P.supplierCo });
    const respondent = await as('party', { sub: P.discreditedDebtor });
    const court = await as('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
    const org = await as('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = await as('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });

    const caseId = (await court(`mutation($input: ReferToMediationInput!, $k: String!) { referToMediation(input: $input, idempotencyKey: $k) { id } }`, {
      input: { disputeId, claimantId: P.supplierCo, respondentId: P.discreditedDebtor, category: 'CONTRACT', organizationId: DEMO.mediationOrganizations.yiwuMarketMediation },
      k: key('refer'),
    })).referToMediation.id;
    await org('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId });
    await org('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei });
    await mediator('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: PHONE, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') });
    const terminated = await mediator('mutation($c: ID!, $k: String!) { terminateMediation(caseId: $c, input: { report: "No agreement on the price.", facts: ["2,000 toy sets were delivered on 2026-05-02.", "Nothing has been paid."] }, idempotencyKey: $k) { terminationReport { proposedFacts { id statement } } } }', { c: caseId, k: key('terminate') });
    const [delivered, unpaid] = terminated.terminateMediation.terminationReport.proposedFacts;
    await claimant('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: delivered.id });
    await claimant('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: unpaid.id });
    await respondent('mutation($c: ID!, $f: ID!) { confirmUndisputedFact(caseId: $c, factId: $f) { status } }', { c: caseId, f: delivered.id });
    const failed = await mediator('mutation($c: ID!) { closeAsFailed(caseId: $c) { status undisputedFacts { statement } } }', { c: caseId });
    expect(failed.closeAsFailed.status).toBe('FAILED');
    const facts = failed.closeAsFailed.undisputedFacts.map((f: any) => f.statement);
    expect(facts).toEqual([delivered.statement]);

    // Filed at the Guangzhou Internet Court; the competent court for a Yiwu contract dispute is Yiwu's.
    const lawsuit = await claimant(`mutation($input: FileLawsuitInput!, $k: String!) { fileLawsuit(input: $input, idempotencyKey: $k) { caseNumber status court { id } undisputedFacts transfers { from { id } to { id } } } }`, {
      input: { disputeId, claimantId: P.supplierCo, respondentId: P.discreditedDebtor, category: 'CONTRACT', claimType: 'unpaid price of goods', claimAmount: '126000.00', filedAtCourtId: DEMO.courts.guangzhouInternet, regionCode: '330782', undisputedFacts: facts },
      k: key('lawsuit'),
    });
    expect(lawsuit.fileLawsuit).toMatchObject({ status: 'FILED', court: { id: DEMO.courts.yiwu }, undisputedFacts: facts, transfers: [{ from: { id: DEMO.courts.guangzhouInternet }, to: { id: DEMO.courts.yiwu } }] });
    expect(lawsuit.fileLawsuit.caseNumber).toMatch(/^\(\d{4}\)浙0782民初\d+号$/);

    const recommendation = await claimant('query($id: ID!) { dispute(id: $id) { recommendation { track reasons { ruleId } } } }', { id: disputeId });
    expect(recommendation.dispute.recommendation.track).toBe('LITIGATION');
  });
});

describe('arbitration → award → enforcement', () => {
  it('files under an agreement binding both parties, and the award is enforced by a court', async () => {
    const disputeId = await file(P.rightsHolderBrand, P.copycatSeller);
    const admin = await as('admin');
    const claimant = await as('party', { sub: P.rightsHolderBrand });
    const arbitrator = await as('arbitrator', { sub: 'arbitrator-cietac', org: DEMO.arbitrationInstitutions.cietac });

    const agreement = await admin(`mutation($input: RecordArbitrationAgreementInput!, $k: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $k) { id } }`, {
      input: { partyIds: [P.rightsHolderBrand, P.copycatSeller], institutionId: DEMO.arbitrationInstitutions.cietac, source: 'CONTRACT', clauseText: 'Disputes go to CIETAC for arbitration.', signedAt: '2026-01-10T00:00:00Z' },
      k: key('agreement'),
    });
    const rec = await claimant('query($id: ID!) { dispute(id: $id) { recommendation { track } } }', { id: disputeId });
    expect(rec.dispute.recommendation.track).toBe('ARBITRATION');

    const filed = await claimant(`mutation($input: FileArbitrationInput!, $k: String!) { fileArbitration(input: $input, idempotencyKey: $k) { id caseNumber status } }`, {
      input: { disputeId, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, agreementId: agreement.recordArbitrationAgreement.id, claimAmount: '50000.00' },
      k: key('arbitrate'),
    });
    const caseId = filed.fileArbitration.id;
    await arbitrator('mutation($c: ID!) { appointTribunal(caseId: $c, arbitrators: ["Arbitrator Gao"]) { status } }', { c: caseId });
    await arbitrator('mutation($c: ID!) { startHearing(caseId: $c) { status } }', { c: caseId });
    const award = await arbitrator('mutation($c: ID!) { issueAward(caseId: $c, input: { summary: "The respondent pays 30,000 yuan.", amount: "30000.00" }) { status caseNumber } }', { c: caseId });
    expect(award.issueAward.status).toBe('AWARDED');

    const enforcement = await claimant(`mutation($input: ApplyForEnforcementInput!, $k: String!) { applyForEnforcement(input: $input, idempotencyKey: $k) { caseNumber basis } }`, {
      input: { disputeId, basis: 'ARBITRATION_AWARD', basisReference: award.issueAward.caseNumber, applicantId: P.rightsHolderBrand, respondentId: P.copycatSeller, courtId: DEMO.courts.nansha, amount: '30000.00' },
      k: key('enforce'),
    });
    expect(enforcement.applyForEnforcement).toMatchObject({ basis: 'ARBITRATION_AWARD', caseNumber: expect.stringMatching(/执/) });

    const overview = await claimant('query($id: ID!) { dispute(id: $id) { arbitration { status institution { id } } } }', { id: disputeId });
    expect(overview.dispute.arbitration).toEqual({ status: 'AWARDED', institution: { id: DEMO.arbitrationInstitutions.cietac } });
  });
});

describe('platform negotiation → resolved by consumer compensation', () => {
  it('withholds the merchant funds and pays the buyer once', async () => {
    const disputeId = await file(P.buyerLiNa, P.merchantYiwuCrafts, { category: 'CONSUMER_PURCHASE', originOrderId: DEMO.orders.lanterns, claimAmount: '86.00' });
    const buyer = await as('party', { sub: P.buyerLiNa });
    const merchant = await as('party', { sub: P.merchantYiwuCrafts });
    const platform = await as('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall });

    const rec = await buyer('query($id: ID!) { dispute(id: $id) { recommendation { track } } }', { id: disputeId });
    expect(rec.dispute.recommendation.track).toBe('NEGOTIATION');
    const opened = await buyer(`mutation($input: OpenNegotiationInput!, $k: String!) { openNegotiation(input: $input, idempotencyKey: $k) { id status } }`, {
      input: { disputeId, orderId: DEMO.orders.lanterns, claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, requestedAmount: '86.00', reason: 'Twelve lanterns arrived crushed' },
      k: key('negotiate'),
    });
    const id = opened.openNegotiation.id;
    await merchant('mutation($id: ID!) { respondToNegotiation(id: $id, accept: false, message: "Damaged in transit, not our fault") { status } }', { id });
    await platform('mutation($id: ID!) { withholdMerchantFunds(id: $id, amount: "86.00") { status } }', { id });
    const paid = await platform('mutation($id: ID!) { payConsumerCompensation(id: $id) { status ledger { kind amount } } }', { id });
    expect(paid.payConsumerCompensation.status).toBe('RESOLVED');
    const again = await hub.query('mutation($id: ID!) { payConsumerCompensation(id: $id) { status } }', { id }, await hub.token('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall }));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RESOLVED' });
    const overview = await buyer('query($id: ID!) { dispute(id: $id) { negotiation { status } } }', { id: disputeId });
    expect(overview.dispute.negotiation.status).toBe('RESOLVED');
  });
});
