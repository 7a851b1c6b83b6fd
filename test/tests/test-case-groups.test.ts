import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';

/**
 * Model (test-case) litigation through the gateway (seed 000 §6.1; white paper: the parties of
 * similar cases audit one test case online). Three buyers sue the same merchant over the same
 * claim at the same court; the court hears one of the cases as the test case, the others'
 * parties audit it, and once it is judged the rest of the group is offered case-guided
 * mediation with the judgment attached. Each actor uses its own token.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const P = DEMO.parties;
const C = DEMO.courts;
const RESPONDENT = P.merchantYiwuCrafts;
const CLAIMANTS = [P.buyerLiNa, P.buyerZhangWei, P.buyerWangFang] as const;
/** A party to none of the grouped cases. */
const STRANGER = P.copycatSeller;
const CLAIM_TYPE = 'refund of price';
const HEARING = 'The lanterns delivered were not the ones listed: the listing photos show silk, the goods are paper.';
const JUDGMENT = 'The respondent refunds the price and pays three times the price as punitive damages.';

let keySeq = 0;
const key = (name: string) => `test-case-group-${name}-${++keySeq}`;

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

/** A caller with its own token: `send` answers the raw response (for refusals), `run` the data. */
async function as(role: Parameters<Hub['token']>[0], claims: { sub?: string; org?: string } = {}) {
  const token = await hub.token(role, claims);
  const send = <T = any>(query: string, variables: Record<string, unknown> = {}) => hub.query<T>(query, variables, token);
  const run = <T = any>(query: string, variables: Record<string, unknown> = {}) => send<T>(query, variables).then(ok);
  return { send, run };
}

const FILE_LAWSUIT = /* GraphQL */ `
  mutation($input: FileLawsuitInput!, $k: String!) {
    fileLawsuit(input: $input, idempotencyKey: $k) { id caseNumber status court { id } transfers { from { id } } }
  }
`;
const FORM_GROUP = /* GraphQL */ `
  mutation($input: FormTestCaseGroupInput!, $k: String!) {
    formTestCaseGroup(input: $input, idempotencyKey: $k) { id court { id } testCase { id } members { id } offers { judgmentSummary } }
  }
`;
const CASE = 'query($id: ID!) { litigationCase(id: $id) { id caseNumber status hearingRecord judgmentSummary } }';
const GROUP = /* GraphQL */ `
  query($id: ID!) {
    testCaseGroup(id: $id) {
      id
      testCase { id caseNumber hearingRecord judgmentSummary }
      members { id }
      offers { case { id } judgmentSummary offeredAt }
    }
  }
`;
/** A party's own dispute, and through its lawsuit the group's test case: disputes → courts in one request. */
const DISPUTE_VIEW = /* GraphQL */ `
  query($id: ID!) {
    dispute(id: $id) {
      id
      litigation {
        id status
        events { kind detail }
        testCaseGroup { testCase { id hearingRecord judgmentSummary } offers { case { id } judgmentSummary } }
      }
    }
  }
`;

function refusal(res: GraphQLResponse) {
  expect(res.data?.[Object.keys(res.data ?? {})[0] ?? ''] ?? null).toBeNull();
  return res.errors?.[0]?.extensions;
}

describe('test-case groups: one case heard, similar cases audit it and are offered case-guided mediation', () => {
  it('groups three similar lawsuits, lets the other parties audit the test case, and offers them mediation with the judgment', async () => {
    const court = await as('court', { sub: 'judge-yiwu', org: C.yiwu });
    const otherCourt = await as('court', { sub: 'judge-gz-internet', org: C.guangzhouInternet });
    const stranger = await as('party', { sub: STRANGER });
    const claimants = await Promise.all(CLAIMANTS.map((sub) => as('party', { sub })));

    // Each buyer files the dispute once, then a lawsuit over it at the Yiwu court, for itself.
    const disputeIds: string[] = [];
    const caseIds: string[] = [];
    for (const [i, claimant] of claimants.entries()) {
      const filed = await claimant.run(FILE_DISPUTE, {
        input: { title: 'Paper lanterns sold as silk', description: 'The listing said silk; paper lanterns arrived.', category: 'CONSUMER_PURCHASE', respondentId: RESPONDENT, claimAmount: '860.00' },
        key: key(`dispute-${i}`),
      });
      disputeIds.push(filed.fileDispute.id);
      const lawsuit = await claimant.run(FILE_LAWSUIT, {
        input: {
          disputeId: filed.fileDispute.id, claimantId: CLAIMANTS[i], respondentId: RESPONDENT, category: 'CONSUMER_PURCHASE',
          claimType: CLAIM_TYPE, claimAmount: '860.00', filedAtCourtId: C.yiwu, regionCode: '330782',
        },
        k: key(`lawsuit-${i}`),
      });
      // Yiwu has no Internet court: an online purchase there stays with the basic court, untransferred.
      expect(lawsuit.fileLawsuit).toMatchObject({ status: 'FILED', court: { id: C.yiwu }, transfers: [] });
      expect(lawsuit.fileLawsuit.caseNumber).toMatch(/^\(\d{4}\)浙0782民初\d+号$/);
      caseIds.push(lawsuit.fileLawsuit.id);
    }
    const [testCaseId, secondId, thirdId] = caseIds as [string, string, string];
    const [testClaimant, second, third] = claimants;

    // Only the court that holds the cases groups them.
    const input = { caseIds, testCaseId };
    expect(refusal(await second!.send(FORM_GROUP, { input, k: key('group-by-party') }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(await otherCourt.send(FORM_GROUP, { input, k: key('group-by-other-court') }))).toMatchObject({ code: 'FORBIDDEN' });

    const formed = (await court.run(FORM_GROUP, { input, k: key('group') })).formTestCaseGroup;
    expect(formed).toMatchObject({ court: { id: C.yiwu }, testCase: { id: testCaseId }, offers: [] });
    expect(formed.members.map((m: any) => m.id).sort()).toEqual([...caseIds].sort());
    const groupId = formed.id as string;
    // A case cannot join a second group.
    const regroup = await court.send(FORM_GROUP, { input: { caseIds: [secondId, thirdId], testCaseId: secondId }, k: key('regroup') });
    expect(refusal(regroup)).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ALREADY_GROUPED' });

    // The court hears the test case; nobody else may act on it.
    expect(refusal(await otherCourt.send('mutation($c: ID!) { scheduleTrial(caseId: $c) { status } }', { c: testCaseId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(await stranger.send('mutation($c: ID!) { scheduleTrial(caseId: $c) { status } }', { c: testCaseId }))).toMatchObject({ code: 'NOT_FOUND' });
    await court.run('mutation($c: ID!) { scheduleTrial(caseId: $c) { status } }', { c: testCaseId });
    const heard = await court.run('mutation($c: ID!, $r: String!) { recordHearing(caseId: $c, record: $r) { status hearingRecord } }', { c: testCaseId, r: HEARING });
    expect(heard.recordHearing).toEqual({ status: 'IN_TRIAL', hearingRecord: HEARING });

    // The parties of the other cases audit the test case and its hearing record…
    for (const member of [second!, third!]) {
      const read = await member.run(CASE, { id: testCaseId });
      expect(read.litigationCase).toMatchObject({ id: testCaseId, status: 'IN_TRIAL', hearingRecord: HEARING });
      const group = (await member.run(GROUP, { id: groupId })).testCaseGroup;
      expect(group.testCase).toMatchObject({ id: testCaseId, hearingRecord: HEARING });
    }
    // …through their own dispute too, across the gateway (disputes → courts).
    const viaDispute = await second!.run(DISPUTE_VIEW, { id: disputeIds[1] });
    expect(viaDispute.dispute.litigation).toMatchObject({ id: secondId, testCaseGroup: { testCase: { id: testCaseId, hearingRecord: HEARING } } });
    // They see the test case and their own case, not each other's.
    const secondsGroup = (await second!.run(GROUP, { id: groupId })).testCaseGroup;
    expect(secondsGroup.members.map((m: any) => m.id).sort()).toEqual([testCaseId, secondId].sort());
    expect((await second!.run(CASE, { id: thirdId })).litigationCase).toBeNull();
    // The respondent is a party to every case of the group.
    const respondent = await as('party', { sub: RESPONDENT });
    expect((await respondent.run(GROUP, { id: groupId })).testCaseGroup.members).toHaveLength(3);

    // A party outside the group sees neither the test case, its hearing record, nor the group.
    expect((await stranger.run(CASE, { id: testCaseId })).litigationCase).toBeNull();
    expect((await stranger.run(GROUP, { id: groupId })).testCaseGroup).toBeNull();
    // A platform sees no court cases at all.
    const platform = await as('platform', { sub: 'ops-silk-road', org: DEMO.platforms.silkRoadMall });
    expect((await platform.run(CASE, { id: testCaseId })).litigationCase).toBeNull();

    // Auditing is reading: a member party may not judge the test case (refused, nothing changes).
    const byParty = await second!.send('mutation($c: ID!, $s: String!) { recordJudgment(caseId: $c, summary: $s) { status } }', { c: testCaseId, s: JUDGMENT });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refusal(byParty)?.code);
    expect((await court.run(CASE, { id: testCaseId })).litigationCase).toMatchObject({ status: 'IN_TRIAL', judgmentSummary: null });
    const judged = await court.run('mutation($c: ID!, $s: String!) { recordJudgment(caseId: $c, summary: $s) { status judgmentSummary } }', { c: testCaseId, s: JUDGMENT });
    expect(judged.recordJudgment).toEqual({ status: 'JUDGED', judgmentSummary: JUDGMENT });
    // Judged once: a second judgment is a wrong move, answered with the state it is in.
    const again = await court.send('mutation($c: ID!, $s: String!) { recordJudgment(caseId: $c, summary: $s) { status } }', { c: testCaseId, s: JUDGMENT });
    expect(refusal(again)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'JUDGED' });

    // The rest of the group is offered case-guided mediation with the judgment attached; the test case is not.
    const offers = (await court.run(GROUP, { id: groupId })).testCaseGroup.offers;
    expect(offers.map((o: any) => o.case.id).sort()).toEqual([secondId, thirdId].sort());
    for (const offer of offers) {
      expect(offer.judgmentSummary).toBe(JUDGMENT);
      expect(new Date(offer.offeredAt).getTime()).not.toBeNaN();
    }
    // Each member party finds its offer, and the judged test case, from its own dispute.
    for (const [member, disputeId, caseId] of [[second!, disputeIds[1], secondId], [third!, disputeIds[2], thirdId]] as const) {
      const view = (await member.run(DISPUTE_VIEW, { id: disputeId })).dispute.litigation;
      expect(view.status).toBe('FILED');
      expect(view.testCaseGroup.testCase).toMatchObject({ id: testCaseId, judgmentSummary: JUDGMENT });
      expect(view.testCaseGroup.offers).toContainEqual({ case: { id: caseId }, judgmentSummary: JUDGMENT });
      const offered = view.events.filter((e: any) => e.kind === 'CASE_GUIDED_MEDIATION_OFFERED');
      expect(offered).toHaveLength(1);
      expect(offered[0].detail).toContain(JUDGMENT);
      expect(view.events.map((e: any) => e.kind)).toEqual(['FILED', 'GROUPED_WITH_TEST_CASE', 'CASE_GUIDED_MEDIATION_OFFERED']);
    }
    // The test case's own claimant gets no offer: its case was decided.
    const own = (await testClaimant!.run(DISPUTE_VIEW, { id: disputeIds[0] })).dispute.litigation;
    expect(own.status).toBe('JUDGED');
    expect(own.events.map((e: any) => e.kind)).not.toContain('CASE_GUIDED_MEDIATION_OFFERED');
    // Still nothing for the party outside the group.
    expect((await stranger.run(GROUP, { id: groupId })).testCaseGroup).toBeNull();
  });
});
