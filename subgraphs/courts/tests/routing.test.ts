import { eq, sql } from 'drizzle-orm';
import { DEMO, feedEvent, ROUTE_REFUSED, routeRefusedPayload, startTestSubgraph, type FeedEvent } from '@fengqiao/subgraph-kit';
import { idempotencyKeys, litigationCases, outbox } from '../src/db/schema.js';
import { courtsSubgraph } from '../src/definition.js';

const C = DEMO.courts;

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(courtsSubgraph); });
afterAll(() => sg?.stop());

let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
let seq = 0;

const LAWSUIT_OF_DISPUTE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { litigation {
  id caseNumber status fee claimAmount category claimType undisputedFacts court { id } transfers { from { id } to { id } } events { kind actorRole actorId detail } } } } }`;

function routed(payload: Record<string, unknown>, disputeId: string | null, actor = { role: 'party', id: String(payload.claimantId) }): FeedEvent {
  return feedEvent('disputes', ++seq, 'DisputeRouted', payload, { disputeId, actor, aggregateType: 'Dispute', aggregateId: disputeId ?? 'none' });
}

const route = (overrides: Record<string, unknown> = {}) => ({
  routeId: uniq('rte'), track: 'LITIGATION', from: 'MEDIATION', destinationId: C.yiwu, regionCode: '330782', claimType: 'unpaid price of goods',
  reason: 'Mediation failed', title: 'Unpaid toys', category: 'CONTRACT', claimAmount: '126000.00', claimantId: uniq('pty_c'), respondentId: uniq('pty_r'),
  originOrderId: null, undisputedFacts: [{ statement: '2,000 toy sets were delivered on 2026-05-02.', agreedIn: 'mca_x' }],
  ...overrides,
});

async function lawsuitOf(disputeId: string) {
  const r = await sg.request(LAWSUIT_OF_DISPUTE, { reps: [{ __typename: 'Dispute', id: disputeId }] });
  expect(r.errors).toBeUndefined();
  return r.data._entities[0].litigation;
}

/**
 * Read from the outbox table, not the feed: on a shared PostgreSQL server the feed holds an
 * event back while any older transaction (another test's) is still open.
 */
const outboxOf = async (type: string): Promise<any[]> => (sg.database.db as any).select().from(outbox).where(eq(outbox.eventType, type)).orderBy(outbox.seq);

async function refusalsFor(routeId: string) {
  return (await outboxOf(ROUTE_REFUSED)).filter((e) => e.payload.routeId === routeId).map((e) => ({ ...e, payload: routeRefusedPayload.parse(e.payload) }));
}

const eventsOf = async (caseId: string) =>
  [...await outboxOf('LawsuitFiled'), ...await outboxOf('LawsuitTransferred')].filter((e) => e.aggregateId === caseId).map((e) => ({ ...e, type: e.eventType }));

const counts = async () => {
  const db = sg.database.db as any;
  const one = async (t: any) => (await db.select({ n: sql<number>`count(*)::int` }).from(t))[0].n as number;
  return { cases: await one(litigationCases), keys: await one(idempotencyKeys) };
};

describe('a dispute routed to litigation', () => {
  test('is filed at the court named, carrying the undisputed facts, with the router as actor and the route id', async () => {
    const payload = route();
    const disputeId = uniq('dsp');
    const result = await sg.deliver('disputes', [routed(payload, disputeId)]);
    expect(result).toMatchObject({ applied: 1, skipped: 0 });
    const c = await lawsuitOf(disputeId);
    expect(c).toMatchObject({
      status: 'FILED', court: { id: C.yiwu }, category: 'CONTRACT', claimType: 'unpaid price of goods', claimAmount: '126000.00', fee: '2820.00',
      undisputedFacts: ['2,000 toy sets were delivered on 2026-05-02.'], transfers: [],
    });
    expect(c.caseNumber).toMatch(/^\(\d{4}\)浙0782民初\d+号$/);
    expect(c.events).toEqual([{ kind: 'FILED', actorRole: 'party', actorId: payload.claimantId, detail: `Filed at 义乌市人民法院 on route ${payload.routeId}` }]);
    const [filed] = await eventsOf(c.id);
    expect(filed).toMatchObject({ type: 'LawsuitFiled', disputeId, payload: { caseId: c.id, routeId: payload.routeId, courtId: C.yiwu, filedAtCourtId: C.yiwu } });
    expect(await refusalsFor(payload.routeId)).toEqual([]);
  });

  test('cross-regional: filed at the Guangzhou Internet Court, a Yiwu contract dispute is transferred to the Yiwu court', async () => {
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route({ destinationId: C.guangzhouInternet }), disputeId, { role: 'court', id: 'usr_clerk' })]);
    const c = await lawsuitOf(disputeId);
    expect(c).toMatchObject({ court: { id: C.yiwu }, transfers: [{ from: { id: C.guangzhouInternet }, to: { id: C.yiwu } }] });
    expect(c.events.map((e: any) => e.kind).sort()).toEqual(['FILED', 'TRANSFERRED']);
    expect(c.events[0]).toMatchObject({ actorRole: 'court', actorId: 'usr_clerk' });
    expect((await eventsOf(c.id)).map((e) => e.type).sort()).toEqual(['LawsuitFiled', 'LawsuitTransferred']);
  });

  test('defaults: the filing court\'s region, the category in words, no amount (the ¥50 minimum until one is stated), no facts', async () => {
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route({ destinationId: C.nansha, regionCode: null, claimType: null, claimAmount: null, category: 'FINANCIAL_LOAN', undisputedFacts: [] }), disputeId)]);
    // Online loans left the Internet courts' list on 2025-11-01 (法释〔2025〕14号): Nansha's basic court keeps the case.
    expect(await lawsuitOf(disputeId)).toMatchObject({
      court: { id: C.nansha }, category: 'FINANCIAL_LOAN', claimType: 'financial loan contract dispute', claimAmount: null, fee: '50.00', undisputedFacts: [],
    });
  });

  test('a category the courts do not know becomes OTHER', async () => {
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route({ category: 'SOMETHING_NEW', claimType: null }), disputeId)]);
    expect(await lawsuitOf(disputeId)).toMatchObject({ category: 'OTHER', claimType: 'civil dispute', court: { id: C.yiwu } });
  });

  test.each([
    ['no court is named', { destinationId: null }, 'COURT_REQUIRED'],
    ['the court is unknown', { destinationId: 'crt_nope' }, 'UNKNOWN_COURT'],
    ['no court on the hub is competent', { category: 'PATENT', regionCode: '110105', destinationId: C.beijingInternet }, 'NO_COMPETENT_COURT'],
    ['the region is not a division code', { regionCode: '12' }, 'INPUT_SHAPE'],
    ['the claim is not an amount', { claimAmount: 'lots' }, 'INPUT_SHAPE'],
    ['the parties are the same', { respondentId: 'pty_same', claimantId: 'pty_same' }, 'INPUT_SHAPE'],
  ])('is refused when %s: a RouteRefused event, nothing filed', async (_, overrides, code) => {
    const before = await counts();
    const payload = route(overrides);
    const disputeId = uniq('dsp');
    expect(await sg.deliver('disputes', [routed(payload, disputeId)])).toMatchObject({ applied: 1 });
    expect(await counts()).toEqual(before);
    expect(await lawsuitOf(disputeId)).toBeNull();
    const refusals = await refusalsFor(payload.routeId);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ eventType: 'RouteRefused', disputeId, payload: { routeId: payload.routeId, track: 'LITIGATION', code } });
  });

  test('a dispute that already has a lawsuit is refused with CONFLICT', async () => {
    const disputeId = uniq('dsp');
    await sg.deliver('disputes', [routed(route(), disputeId)]);
    const again = route();
    await sg.deliver('disputes', [routed(again, disputeId)]);
    expect((await refusalsFor(again.routeId))[0]?.payload.code).toBe('CONFLICT');
  });

  test('a route is filed once: a redelivered event is skipped, the same route in a later event changes nothing', async () => {
    const disputeId = uniq('dsp');
    const payload = route();
    const event = routed(payload, disputeId);
    await sg.deliver('disputes', [event]);
    const c = await lawsuitOf(disputeId);
    expect(await sg.deliver('disputes', [event])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await sg.deliver('disputes', [routed(payload, disputeId)])).toMatchObject({ applied: 1 });
    expect((await lawsuitOf(disputeId)).id).toBe(c.id);
    expect(await eventsOf(c.id)).toHaveLength(1);
    expect(await refusalsFor(payload.routeId)).toEqual([]);
  });

  test('other tracks are not this subgraph\'s', async () => {
    const before = await counts();
    const payload = route({ track: 'ARBITRATION' });
    expect(await sg.deliver('disputes', [routed(payload, uniq('dsp'))])).toMatchObject({ applied: 1 });
    expect(await counts()).toEqual(before);
    expect(await refusalsFor(payload.routeId)).toEqual([]);
  });

  test('a payload that breaks the contract is refused (EVENT_CONTRACT), not retried for ever; a route without a dispute is refused', async () => {
    const broken = { routeId: uniq('rte'), track: 'LITIGATION', destinationId: C.yiwu };
    const r = await sg.deliver('disputes', [routed(broken, uniq('dsp'))]);
    expect(r).toMatchObject({ applied: 1 });
    expect(r.failed).toBeUndefined();
    expect((await refusalsFor(broken.routeId))[0]?.payload.code).toBe('EVENT_CONTRACT');
    expect(await sg.deliver('disputes', [routed({ nonsense: true }, null)])).toMatchObject({ applied: 1 });
    const orphan = route();
    await sg.deliver('disputes', [routed(orphan, null)]);
    expect((await refusalsFor(orphan.routeId))[0]?.payload.code).toBe('DISPUTE_REQUIRED');
  });
});
