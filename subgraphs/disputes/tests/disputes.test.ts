import { DEMO, startTestSubgraph } from '@fengqiao/subgraph-kit';
import { disputesSubgraph } from '../src/definition.js';

const lina = { role: 'party' as const, sub: DEMO.parties.buyerLiNa, org: null };
let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(disputesSubgraph); });
afterAll(() => sg?.stop());

test('lists seeded disputes', async () => {
  const r = await sg.request('{ disputes(first: 5) { edges { cursor node { id status claimant { id } timeline { kind } } } pageInfo { hasNextPage endCursor } } }');
  expect(r.errors).toBeUndefined();
  expect(r.data.disputes.edges).toHaveLength(5);
  expect(r.data.disputes.pageInfo.hasNextPage).toBe(true);
});

test('files once per idempotency key', async () => {
  const q = 'mutation($k: String!) { fileDispute(idempotencyKey: $k, input: { title: "t", description: "d", category: CONSUMER_PURCHASE, respondentId: "pty_x", claimAmount: "10.5" }) { id claimAmount status } }';
  const a = await sg.request(q, { k: 'key-00000001' }, lina);
  const b = await sg.request(q, { k: 'key-00000001' }, lina);
  expect(a.errors).toBeUndefined();
  expect(b.data.fileDispute.id).toBe(a.data.fileDispute.id);
  expect(a.data.fileDispute.claimAmount).toBe('10.50');
});
