import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { DISPUTE_PAGE, FILE_DISPUTE } from '../src/queries.js';

let hub: Hub;
let court: string;
beforeAll(async () => {
  hub = await startHub({ background: false });
  court = await hub.token('court', { org: DEMO.courts.yiwu });
  const parties = Object.values(DEMO.parties);
  const orders = Object.values(DEMO.orders);
  for (let i = 0; i < 100; i++) {
    const res = await hub.query(FILE_DISPUTE, {
      key: `batching-${i}-of-100`,
      input: {
        title: `Bulk dispute ${i}`, description: 'Filed to measure batching', category: 'CONSUMER_PURCHASE', claimAmount: `${100 + i}.00`,
        claimantId: parties[i % parties.length], respondentId: parties[(i + 1) % parties.length], originOrderId: orders[i % orders.length],
      },
    }, court);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
});
afterAll(() => hub?.stop());

function snapshot() {
  return Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, { requests: s.traffic.graphqlRequests, statements: s.stats.statements }]));
}

async function cost(first: number) {
  const before = snapshot();
  const res = await hub.query(DISPUTE_PAGE, { first }, court);
  expect(res.errors).toBeUndefined();
  expect(res.data.disputes.edges).toHaveLength(first);
  const after = snapshot();
  return Object.fromEntries(Object.keys(after).map((name) => [name, {
    requests: after[name]!.requests - before[name]!.requests,
    statements: after[name]!.statements - before[name]!.statements,
  }]));
}

describe('reading 100 disputes with every nested field', () => {
  it('costs the same number of subgraph requests and SQL statements as reading 5', async () => {
    const five = await cost(5);
    const hundred = await cost(100);
    // Requests follow the query plan, so they cannot depend on N at all.
    expect(Object.fromEntries(Object.entries(hundred).map(([n, c]) => [n, c.requests]))).toEqual(Object.fromEntries(Object.entries(five).map(([n, c]) => [n, c.requests])));
    for (const [name, c] of Object.entries(hundred)) {
      // One fetch per query-plan step that touches the subgraph: no subgraph is in more than two steps of this plan.
      expect({ name, requests: c.requests <= 2 }).toEqual({ name, requests: true });
      // One statement per entity type read there (plus one batched access-log insert where personal data is read);
      // on a server a loader may fire once more when two batches it depends on return in different ticks.
      expect({ name, statements: c.statements <= 6 }).toEqual({ name, statements: true });
    }
    expect(hundred.disputes!.statements).toBe(3); // page, timelines, evidence
  });
});
