import { createServer, type Server, type Socket } from 'node:net';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { DISPUTE_OVERVIEW } from '../src/queries.js';

describe('when a subgraph is down', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub?.stop());

  it('returns the data of the others and an error naming the failed subgraph', async () => {
    const court = await hub.token('court', { org: DEMO.courts.yiwu });
    await hub.stopSubgraph('credit');
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.mediationFailedToCourt }, court);
    expect(res.data.dispute).toMatchObject({ id: DEMO.disputes.mediationFailedToCourt, status: 'IN_LITIGATION' });
    expect(res.data.dispute.claimant.name).toEqual(expect.any(String));
    expect(res.data.dispute.litigation.court.name).toEqual(expect.any(String));
    expect(res.data.dispute.claimant.credit).toBeNull();
    const error = res.errors?.find((e) => e.extensions?.serviceName === 'credit');
    expect(error?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(error?.message).toContain('credit');
    expect(JSON.stringify(res.errors)).not.toContain('127.0.0.1');
  });
});

describe('when the identity subgraph is down', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub?.stop());

  it('still returns the dispute with its cases; only the parties are missing', async () => {
    const court = await hub.token('court', { org: DEMO.courts.yiwu });
    await hub.stopSubgraph('identity');
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.settledAndConfirmed }, court);
    expect(res.data.dispute).toMatchObject({ status: 'RESOLVED', claimant: null, respondent: null, mediation: { status: 'SETTLED' }, judicialConfirmation: { status: 'CONFIRMED' } });
    expect(res.errors?.every((e) => e.extensions?.serviceName === 'identity')).toBe(true);
  });
});

describe('when a subgraph hangs', () => {
  let hub: Hub;
  let blackHole: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers, like a subgraph stuck on a lock.
    blackHole = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
    const port = (blackHole.address() as import('node:net').AddressInfo).port;
    hub = await startHub({ subgraphUrlOverrides: { courts: `http://127.0.0.1:${port}/graphql` }, subgraphTimeoutMs: 500 });
  });
  afterAll(async () => {
    await hub?.stop();
    sockets.forEach((s) => s.destroy());
    blackHole?.close();
  });

  it('gives up after the timeout and still answers with the rest', async () => {
    const court = await hub.token('court', { org: DEMO.courts.yiwu });
    const res = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.settledAndConfirmed }, court);
    expect(res.data.dispute.mediation.status).toBe('SETTLED');
    expect(res.data.dispute.judicialConfirmation).toBeNull();
    expect(res.errors?.find((e) => e.extensions?.serviceName === 'courts')?.extensions?.code).toBe('SUBGRAPH_TIMEOUT');
  });
});
