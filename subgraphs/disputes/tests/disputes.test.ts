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

describe('evidence', () => {
  const SUBMIT = 'mutation($input: SubmitEvidenceInput!, $k: String!) { submitEvidence(input: $input, idempotencyKey: $k) { id sha256 submittedBy { id } } }';
  const sha256 = 'a'.repeat(64);
  const input = { disputeId: DEMO.disputes.filed, title: 'Photo of the crushed lanterns', sha256, mediaType: 'image/jpeg', sizeBytes: 48213 };

  test('a party submits evidence; it joins the dispute and its timeline', async () => {
    const r = await sg.request(SUBMIT, { input, k: 'evidence-lanterns-1' }, lina);
    expect(r.errors).toBeUndefined();
    expect(r.data.submitEvidence).toMatchObject({ sha256, submittedBy: { id: DEMO.parties.buyerLiNa } });
    const d = await sg.request(`{ dispute(id: "${DEMO.disputes.filed}") { evidence { sha256 } timeline { kind } } }`, {}, lina);
    expect(d.data.dispute.evidence).toEqual([{ sha256 }]);
    expect(d.data.dispute.timeline.map((e: { kind: string }) => e.kind)).toEqual(['FILED', 'EVIDENCE_SUBMITTED']);
  });

  test('a malformed hash is refused with the field named', async () => {
    const r = await sg.request(SUBMIT, { input: { ...input, sha256: 'abc' }, k: 'evidence-bad-hash-1' }, lina);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sha256' });
  });

  test('someone who is not a party to the dispute cannot even see it', async () => {
    const stranger = { role: 'party' as const, sub: DEMO.parties.buyerWangFang, org: null };
    const r = await sg.request(SUBMIT, { input, k: 'evidence-stranger-1' }, stranger);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('a closed dispute takes no more evidence', async () => {
    const zhang = { role: 'party' as const, sub: DEMO.parties.buyerZhangWei, org: null };
    const r = await sg.request(SUBMIT, { input: { ...input, disputeId: DEMO.disputes.withdrawn }, k: 'evidence-closed-1' }, zhang);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  });
});

describe('cursor pagination', () => {
  test('a party pages through only its own disputes', async () => {
    const brand = { role: 'party' as const, sub: DEMO.parties.rightsHolderBrand, org: null };
    const q = 'query($after: String) { disputes(first: 2, after: $after) { edges { node { id claimant { id } respondent { id } } } pageInfo { hasNextPage endCursor } } }';
    const first = await sg.request(q, {}, brand);
    const second = await sg.request(q, { after: first.data.disputes.pageInfo.endCursor }, brand);
    const ids = [...first.data.disputes.edges, ...second.data.disputes.edges].map((e: any) => e.node.id);
    expect(ids.sort()).toEqual([DEMO.disputes.inArbitration, DEMO.disputes.inMediation, DEMO.disputes.patent].sort());
    expect(second.data.disputes.pageInfo.hasNextPage).toBe(false);
  });

  test('page sizes outside 1..100 are refused', async () => {
    const r = await sg.request('{ disputes(first: 500) { edges { cursor } } }');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('one order, one open dispute per matter (same-matter.ts)', () => {
  const FILE = `mutation($k: String!, $input: FileDisputeInput!) { fileDispute(idempotencyKey: $k, input: $input) {
    id openDisputesOnSameOrder { id status title } } }`;
  const lanterns = (over: Record<string, unknown> = {}) => ({
    title: 'Lanterns broken again', description: 'The replacement lanterns arrived crushed too', category: 'CONSUMER_PURCHASE',
    respondentId: DEMO.parties.merchantYiwuCrafts, originOrderId: DEMO.orders.lanterns, claimAmount: '86.00', ...over,
  });

  test('a second dispute on the same order is accepted and names the one still open', async () => {
    // The seeded dsp_demo_filed: Li Na against Yiwu Festival Crafts over the lanterns order, FILED.
    const r = await sg.request(FILE, { k: 'same-order-000001', input: lanterns() }, lina);
    expect(r.errors).toBeUndefined();
    expect(r.data.fileDispute.openDisputesOnSameOrder).toEqual([{ id: DEMO.disputes.filed, status: 'FILED', title: 'Festival lanterns arrived broken' }]);
    // And the first one now names the second: whoever handles either sees both.
    const first = await sg.request(`{ dispute(id: "${DEMO.disputes.filed}") { openDisputesOnSameOrder { id } } }`, {}, lina);
    expect(first.data.dispute.openDisputesOnSameOrder.map((d: { id: string }) => d.id)).toContain(r.data.fileDispute.id);
  });

  test('another category, another order, or a dispute that is closed is no warning', async () => {
    const other = await sg.request(FILE, { k: 'same-order-000002', input: lanterns({ category: 'ONLINE_SERVICE' }) }, lina);
    expect(other.data.fileDispute.openDisputesOnSameOrder).toEqual([]);
    const noOrder = await sg.request(FILE, { k: 'same-order-000003', input: lanterns({ originOrderId: null }) }, lina);
    expect(noOrder.data.fileDispute.openDisputesOnSameOrder).toEqual([]);
    // dsp_demo_resolved_on_platform: Wang Fang's blender order, RESOLVED.
    const wangFang = { role: 'party' as const, sub: DEMO.parties.buyerWangFang, org: null };
    const afterResolved = await sg.request(FILE, { k: 'same-order-000004', input: lanterns({ respondentId: DEMO.parties.merchantGzElectronics, originOrderId: DEMO.orders.blender }) }, wangFang);
    expect(afterResolved.errors).toBeUndefined();
    expect(afterResolved.data.fileDispute.openDisputesOnSameOrder).toEqual([]);
  });
});
