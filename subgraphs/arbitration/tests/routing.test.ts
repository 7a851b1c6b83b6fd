import { eq, sql } from 'drizzle-orm';
import {
  DEMO, feedEvent, ROUTE_REFUSED, routeRefusedPayload, startTestSubgraph, type Caller, type FeedEvent,
} from '@fengqiao/subgraph-kit';
import { arbitrationCases, idempotencyKeys, outbox } from '../src/db/schema.js';
import { arbitrationSubgraph } from '../src/definition.js';

const A = DEMO.arbitrationInstitutions;
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(arbitrationSubgraph); });
afterAll(() => sg?.stop());

let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
let seq = 0;

const RECORD = `mutation($input: RecordArbitrationAgreementInput!, $key: String!) { recordArbitrationAgreement(input: $input, idempotencyKey: $key) { id } }`;
const CASE_OF_DISPUTE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { arbitration {
  id caseNumber status claimAmount institution { id } agreement { id } events { kind actorRole actorId detail } } } } }`;

async function agreement(partyIds: string[], institutionId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await sg.request(RECORD, {
    input: { partyIds, institutionId, source: 'CONTRACT', clauseText: 'Disputes under this contract go to arbitration.', signedAt: '2026-01-10T02:00:00.000Z', ...extra },
    key: uniq('key-agr'),
  }, admin);
  expect(r.errors).toBeUndefined();
  return r.data.recordArbitrationAgreement.id;
}

function routed(payload: Record<string, unknown>, disputeId: string | null, actor = { role: 'party', id: String(payload.claimantId) }): FeedEvent {
  return feedEvent('disputes', ++seq, 'DisputeRouted', payload, { disputeId, actor, aggregateType: 'Dispute', aggregateId: disputeId ?? 'none' });
}

const route = (claimantId: string, respondentId: string, overrides: Record<string, unknown> = {}) => ({
  routeId: uniq('rte'), track: 'ARBITRATION', from: 'NEGOTIATION', destinationId: null, regionCode: null, claimType: null, reason: 'The contract has an arbitration clause',
  title: 'Unpaid supply contract', category: 'CONTRACT', claimAmount: '30000.00', claimantId, respondentId, originOrderId: null, undisputedFacts: [],
  ...overrides,
});

async function caseOf(disputeId: string) {
  const r = await sg.request(CASE_OF_DISPUTE, { reps: [{ __typename: 'Dispute', id: disputeId }] });
  expect(r.errors).toBeUndefined();
  return r.data._entities[0].arbitration;
}

/**
 * Read from the outbox table, not the feed: on a shared PostgreSQL server the feed holds an
 * event back while any older transaction (another test's) is still open.
 */
const outboxOf = async (type: string): Promise<any[]> => (sg.database.db as any).select().from(outbox).where(eq(outbox.eventType, type)).orderBy(outbox.seq);

async function refusalFor(routeId: string) {
  return (await outboxOf(ROUTE_REFUSED)).filter((e) => e.payload.routeId === routeId).map((e) => ({ ...e, payload: routeRefusedPayload.parse(e.payload) }));
}

async function filedEventsFor(caseId: string) {
  return (await outboxOf('ArbitrationFiled')).filter((e) => e.aggregateId === caseId);
}

const counts = async () => {
  const db = sg.database.db as any;
  const one = async (t: any) => (await db.select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { cases: await one(arbitrationCases), keys: await one(idempotencyKeys) };
};

describe('a dispute routed to arbitration', () => {
  test('is filed under the agreement binding both parties, with the claim amount, the router as actor and the route id', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    const agreementId = await agreement([c, r], A.guangzhou);
    const disputeId = uniq('dsp');
    const payload = route(c, r);
    const result = await sg.deliver('disputes', [routed(payload, disputeId)]);
    expect(result).toMatchObject({ applied: 1, skipped: 0 });
    expect(result.failed).toBeUndefined();

    const filed = await caseOf(disputeId);
    expect(filed).toMatchObject({ status: 'FILED', claimAmount: '30000.00', institution: { id: A.guangzhou }, agreement: { id: agreementId } });
    expect(filed.events).toEqual([{ kind: 'FILED', actorRole: 'party', actorId: c, detail: `Under agreement ${agreementId}, on route ${payload.routeId}` }]);
    const [event] = await filedEventsFor(filed.id);
    expect(event).toMatchObject({ disputeId, actorRole: 'party', actorId: c, payload: { caseId: filed.id, routeId: payload.routeId, institutionId: A.guangzhou, claimAmount: '30000.00' } });
    expect(await refusalFor(payload.routeId)).toEqual([]);
  });

  test('without a claim amount the case is filed at 0.00; a court may route too', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    await agreement([c, r], A.shenzhen);
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route(c, r, { claimAmount: null }), disputeId, { role: 'court', id: 'usr_judge' })]);
    const filed = await caseOf(disputeId);
    expect(filed).toMatchObject({ claimAmount: '0.00', institution: { id: A.shenzhen } });
    expect(filed.events[0]).toMatchObject({ actorRole: 'court', actorId: 'usr_judge' });
  });

  test('a destination institution picks the agreement naming it', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    const shanghai = await agreement([c, r], A.shanghai, { signedAt: '2025-01-10T02:00:00.000Z' });
    await agreement([c, r], A.cietac);
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route(c, r, { destinationId: A.shanghai }), disputeId)]);
    expect(await caseOf(disputeId)).toMatchObject({ institution: { id: A.shanghai }, agreement: { id: shanghai } });
  });

  test.each([
    ['no agreement binds both parties', async (c: string, r: string) => { await agreement([c, uniq('pty_other')], A.guangzhou); return {}; }, 'NO_ARBITRATION_AGREEMENT'],
    ['the destination is not the institution the agreement names', async (c: string, r: string) => { await agreement([c, r], A.guangzhou); return { destinationId: A.cietac }; }, 'NO_ARBITRATION_AGREEMENT'],
    ['the only agreement was made for another dispute', async (c: string, r: string) => { await agreement([c, r], A.guangzhou, { disputeId: 'dsp_elsewhere' }); return {}; }, 'NO_ARBITRATION_AGREEMENT'],
    ['the destination is no institution at all', async (c: string, r: string) => { await agreement([c, r], A.guangzhou); return { destinationId: 'arb_nope' }; }, 'UNKNOWN_INSTITUTION'],
    ['the claim amount is not an amount', async (c: string, r: string) => { await agreement([c, r], A.guangzhou); return { claimAmount: '-5' }; }, 'INPUT_SHAPE'],
  ])('is refused when %s: a RouteRefused event, nothing filed', async (_, prepare, code) => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    const overrides = await prepare(c, r);
    const before = await counts();
    const payload = route(c, r, overrides);
    const disputeId = uniq('dsp');
    const result = await sg.deliver('disputes', [routed(payload, disputeId)]);
    expect(result).toMatchObject({ applied: 1 });
    expect(await counts()).toEqual(before);
    expect(await caseOf(disputeId)).toBeNull();
    const refusals = await refusalFor(payload.routeId);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ eventType: 'RouteRefused', disputeId, payload: { routeId: payload.routeId, track: 'ARBITRATION', code } });
    expect(refusals[0]!.payload.message).not.toHaveLength(0);
  });

  test('a dispute already in arbitration is refused with CONFLICT', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    await agreement([c, r], A.guangzhou);
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route(c, r), disputeId)]);
    const second = route(c, r);
    await sg.deliver('disputes', [routed(second, disputeId)]);
    expect((await refusalFor(second.routeId))[0]?.payload.code).toBe('CONFLICT');
  });

  test('a route is filed once: a redelivered event is skipped, the same route in a later event changes nothing', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    await agreement([c, r], A.guangzhou);
    const disputeId = uniq('dsp');
    const payload = route(c, r);
    const event = routed(payload, disputeId);
    await sg.deliver('disputes', [event]);
    const filed = await caseOf(disputeId);
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await sg.deliver('disputes', [routed(payload, disputeId)])).toMatchObject({ applied: 1 });
    expect((await caseOf(disputeId)).id).toBe(filed.id);
    expect(await filedEventsFor(filed.id)).toHaveLength(1);
    expect(await refusalFor(payload.routeId)).toEqual([]);
  });

  test('other tracks are not this subgraph\'s: consumed, nothing done', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    await agreement([c, r], A.guangzhou);
    const before = await counts();
    const payload = route(c, r, { track: 'MEDIATION' });
    expect(await sg.deliver('disputes', [routed(payload, uniq('dsp'))])).toMatchObject({ applied: 1 });
    expect(await counts()).toEqual(before);
    expect(await refusalFor(payload.routeId)).toEqual([]);
  });

  test('a payload that breaks the contract is refused (EVENT_CONTRACT) rather than retried for ever', async () => {
    const payload = { routeId: uniq('rte'), track: 'ARBITRATION', claimantId: 'pty_x' };
    const result = await sg.deliver('disputes', [routed(payload, uniq('dsp'))]);
    expect(result).toMatchObject({ applied: 1 });
    expect(result.failed).toBeUndefined();
    expect((await refusalFor(payload.routeId))[0]?.payload.code).toBe('EVENT_CONTRACT');
    // Without even a route id there is nobody to answer: consumed and logged.
    expect(await sg.deliver('disputes', [routed({ nonsense: true }, null)])).toMatchObject({ applied: 1 });
  });

  test('a route without a dispute is refused', async () => {
    const [c, r] = [uniq('pty_c'), uniq('pty_r')];
    await agreement([c, r], A.guangzhou);
    const payload = route(c, r);
    await sg.deliver('disputes', [routed(payload, null)]);
    expect((await refusalFor(payload.routeId))[0]?.payload.code).toBe('DISPUTE_REQUIRED');
  });
});
