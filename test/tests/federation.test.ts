import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { DISPUTE_OVERVIEW, DISPUTE_PAGE, FILE_DISPUTE } from '../src/queries.js';

let hub: Hub;
let court: string;
beforeAll(async () => {
  hub = await startHub();
  court = await hub.token('court', { sub: 'judge-yiwu', org: DEMO.courts.yiwu });
});
afterAll(() => hub?.stop());

describe('one query across the federated graph', () => {
  it('runs on the storage CI asked for', async () => {
    const expected = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    for (const sg of Object.values(hub.subgraphs)) {
      const ready = await fetch(sg.url.replace('/graphql', '/readyz'));
      expect(await ready.json()).toEqual({ status: 'ready', storage: expected });
    }
  });

  it('returns parties, credit, order, mediation and judicial confirmation of a settled dispute', async () => {
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.settledAndConfirmed }, court);
    expect(res.errors).toBeUndefined();
    const d = res.data.dispute;
    expect(d).toMatchObject({ id: DEMO.disputes.settledAndConfirmed, status: 'RESOLVED', track: 'MEDIATION' });
    // identity + credit
    expect(d.claimant).toMatchObject({ id: DEMO.parties.hkTrader, kind: 'NATURAL_PERSON', credit: { discredited: false } });
    expect(d.claimant.name).toEqual(expect.any(String));
    expect(d.respondent).toMatchObject({ id: DEMO.parties.merchantYiwuCrafts, kind: 'ORGANIZATION' });
    // platforms
    expect(d.origin).toMatchObject({ id: DEMO.orders.phoneCase, amount: '4800.00', store: { name: expect.any(String), platform: { name: expect.any(String) } } });
    // mediation
    expect(d.mediation).toMatchObject({ status: 'SETTLED', organization: { name: expect.any(String) }, mediator: { name: expect.any(String) } });
    expect(d.mediation.settlement.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // courts
    expect(d.judicialConfirmation).toMatchObject({ status: 'CONFIRMED', caseNumber: expect.stringMatching(/^\(2026\)浙0782民特\d+号$/), court: { name: expect.any(String) } });
    expect(d.timeline.length).toBeGreaterThanOrEqual(4);
  });

  it('carries a failed mediation into litigation, with a discredited respondent', async () => {
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.mediationFailedToCourt }, court);
    expect(res.errors).toBeUndefined();
    const d = res.data.dispute;
    expect(d.status).toBe('IN_LITIGATION');
    expect(d.mediation.status).toBe('FAILED');
    expect(d.litigation).toMatchObject({ caseNumber: expect.stringMatching(/^\(2026\)浙0782民初\d+号$/), court: { name: expect.any(String) } });
    expect(d.respondent.credit.discredited).toBe(true);
  });

  it('returns the arbitration case where the dispute has one', async () => {
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.inArbitration }, court);
    expect(res.errors).toBeUndefined();
    expect(res.data.dispute.arbitration).toMatchObject({ caseNumber: expect.any(String), institution: { name: expect.any(String) } });
    expect(res.data.dispute.litigation).toBeNull();
  });

  it('pages through all disputes with Relay cursors, newest first, without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await hub.query(DISPUTE_PAGE, { first: 4, after }, court);
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.disputes.edges.map((e: any) => e.node.id));
      if (!res.data.disputes.pageInfo.hasNextPage) break;
      after = res.data.disputes.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(Object.values(DEMO.disputes)));
    expect(seen[0]).toBe(DEMO.disputes.filed); // filed most recently
  });

  it('recommends a track for each seeded dispute from facts owned by six other subgraphs', async () => {
    const q = 'query($id: ID!) { dispute(id: $id) { recommendation { track alternatives advice reasons { ruleId explanation source } court { id name hearsPatentCases } } } }';
    const rec = async (id: string) => {
      const res = await hub.query(q, { id }, court);
      expect(res.errors).toBeUndefined();
      return res.data.dispute.recommendation;
    };
    // arbitration: the supply contract's clause (Shanghai)
    const arbitration = await rec(DEMO.disputes.inArbitration);
    expect(arbitration).toMatchObject({ track: 'ARBITRATION', reasons: [{ ruleId: 'ARBITRATION_AGREEMENT_EXCLUDES_COURT' }] });
    expect(arbitration.alternatives).not.toContain('LITIGATION');
    // platforms: the platform's terms name an arbitration institution, which does not bind a consumer
    const underTerms = await rec(DEMO.disputes.negotiating);
    expect(underTerms.track).toBe('MEDIATION');
    expect(underTerms.reasons.map((r: any) => r.ruleId)).toEqual(['PLATFORM_TERMS_DO_NOT_BIND_CONSUMER', 'MEDIATION_FIRST']);
    expect(underTerms.alternatives).toEqual(expect.arrayContaining(['ARBITRATION', 'LITIGATION']));
    expect(underTerms.court).toEqual({ id: 'crt_gz_internet', name: '广州互联网法院', hearsPatentCases: false });
    // platforms: consumer compensation on the lanterns' platform
    expect(await rec(DEMO.disputes.filed)).toMatchObject({ track: 'NEGOTIATION', reasons: [{ ruleId: 'CONSUMER_COMPENSATION_FIRST' }] });
    // mediation + credit: failed mediation, discredited respondent
    const failed = await rec(DEMO.disputes.mediationFailedToCourt);
    expect(failed.track).toBe('LITIGATION');
    expect(failed.reasons.map((r: any) => r.ruleId)).toEqual(['MEDIATION_FAILED_GOES_TO_COURT', 'DISCREDITED_RESPONDENT_CONFIRM_SETTLEMENT']);
    expect(failed.advice).toContain('JUDICIAL_CONFIRMATION');
    // a resolved dispute has no track left to recommend
    expect(await rec(DEMO.disputes.settledAndConfirmed)).toBeNull();
    // identity: a claimant from Hong Kong (the seeded one's only dispute is resolved: a new one)
    const filed = await hub.query(FILE_DISPUTE, {
      key: 'federation-hk-claimant',
      input: { title: 'Second batch of phone cases', description: 'Again the wrong colour.', category: 'CONSUMER_PURCHASE', claimantId: DEMO.parties.hkTrader, respondentId: DEMO.parties.merchantYiwuCrafts },
    }, await hub.token('admin'));
    expect(filed.errors).toBeUndefined();
    expect((await rec(filed.data.fileDispute.id)).advice).toContain('FACILITATIVE_MEDIATOR');
    // disputes + identity + courts: a patent dispute needs a court that can hear it; courts finds
    // it from the category and the respondent's region (identity: registered in Jieyang, Guangdong)
    const patent = await rec(DEMO.disputes.patent);
    expect(patent.reasons.map((r: any) => r.ruleId)).toContain('PATENT_NEEDS_COMPETENT_COURT');
    expect(patent.advice).toContain('PATENT_COURT');
    expect(patent.court).toEqual({ id: DEMO.courts.guangzhouIp, name: '广州知识产权法院', hearsPatentCases: true });
    expect(patent.reasons.find((r: any) => r.ruleId === 'PATENT_NEEDS_COMPETENT_COURT').explanation).toContain('广州知识产权法院');
    // the facts behind it stay inside the hub
    const hidden = await hub.query('query($id: ID!) { dispute(id: $id) { respondentRegionCode competentCourtId } }', { id: DEMO.disputes.patent }, court);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a cursor it did not issue with a typed error', async () => {
    const res = await hub.query(DISPUTE_PAGE, { first: 4, after: 'not-a-cursor' }, court);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
