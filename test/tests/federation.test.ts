import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { DISPUTE_OVERVIEW, DISPUTE_PAGE } from '../src/queries.js';

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
    expect(d).toMatchObject({ id: DEMO.disputes.settledAndConfirmed, status: 'SETTLED', track: 'MEDIATION' });
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

  it('refuses a cursor it did not issue with a typed error', async () => {
    const res = await hub.query(DISPUTE_PAGE, { first: 4, after: 'not-a-cursor' }, court);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
