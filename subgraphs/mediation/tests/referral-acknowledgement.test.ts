import { count } from 'drizzle-orm';
import { createLogger, DEMO, DISPUTE_ROUTED, feedEvent, startTestSubgraph, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { outbox } from '../src/db/schema.js';
import { mediationSubgraph } from '../src/definition.js';
import type { Clock } from '@fengqiao/subgraph-kit';
import { readMediationEnvironment } from '../src/environment.js';
import { createServices } from '../src/services.js';

const ORG = DEMO.mediationOrganizations;
const M = DEMO.mediators;
const P = DEMO.parties;
const HOUR = 3_600_000;

const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const court: Caller = { role: 'court', sub: 'usr_judge', org: DEMO.courts.guangzhouInternet };
const platform: Caller = { role: 'platform', sub: 'usr_srm_ops', org: DEMO.platforms.silkRoadMall };
const gzManager: Caller = { role: 'mediation_org', sub: 'usr_gz_case_mgr', org: ORG.gzInternetCourtDdr };
const yiwuManager: Caller = { role: 'mediation_org', sub: 'usr_yiwu_case_mgr', org: ORG.yiwuMarketMediation };
const hkManager: Caller = { role: 'mediation_org', sub: 'usr_hk_case_mgr', org: ORG.hkMacaoMediation };
const chen: Caller = { role: 'mediator', sub: M.chenJing, org: ORG.gzInternetCourtDdr };
const claimant: Caller = { role: 'party', sub: P.buyerLiNa, org: null };

/** The subgraph's clock, moved by the tests; the deadline job and referrals both read it. */
let time = Date.now();
const clock: Clock = { now: () => new Date(time) };
const advance = (hours: number) => { time += hours * HOUR; };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => {
  sg = await startTestSubgraph({ ...mediationSubgraph, createServices: (db, log) => createServices(db as any, log, { clock, settings: { ackHours: 24 } }) });
});
afterAll(() => sg?.stop());

const job = mediationSubgraph.jobs!.find((j) => j.name === 'expire-unacknowledged-referrals')!;
const silent = createLogger('test', 'silent');
const runJob = () => job.run(sg.services, silent);

let seq = 0;
const key = () => `key-ack-${++seq}-${Date.now()}`;
const newDispute = () => `dsp_ack_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

const CASE = `id status closedAt withdrawalReason referredAt referredBy { role id } acknowledgeBy acknowledgedAt reofferCount lapsedAt
  organization { id } events { kind actor { role id } note }`;
const REFER = `mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { ${CASE} } }`;
const ACK = `mutation($id: ID!) { acknowledgeReferral(caseId: $id) { ${CASE} } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(caseId: $id) { ${CASE} } }`;
const GET = `query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`;
const OPEN = `query($org: ID!) { openReferrals(organizationId: $org) { id status organization { id } } }`;

async function ok(query: string, variables: Record<string, unknown>, caller: Caller): Promise<any> {
  const r = await sg.request(query, variables, caller);
  if (r.errors) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return Object.values(r.data)[0];
}
async function fails(query: string, variables: Record<string, unknown>, caller: Caller): Promise<Record<string, any>> {
  const r = await sg.request(query, variables, caller);
  expect(r.errors).toBeDefined();
  return { message: r.errors![0]!.message, ...r.errors![0]!.extensions };
}

async function refer(caller: Caller, over: Record<string, unknown> = {}): Promise<any> {
  return ok(REFER, {
    input: { disputeId: newDispute(), claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE', organizationId: ORG.gzInternetCourtDdr, ...over },
    key: key(),
  }, caller);
}
const caseOf = (id: string) => ok(GET, { id }, admin);
async function eventsOf(caseId: string, type?: string): Promise<FeedEvent[]> {
  return (await sg.events(type ? { types: [type] } : {})).filter((e) => e.aggregateId === caseId);
}

/** Everything stored about a case, and the outbox's size: what a refusal must leave as it was. */
async function stored(caseId: string) {
  const [row] = await sg.database.db.select({ n: count() }).from(outbox);
  return { row: await sg.services.store.caseById(caseId), events: row!.n };
}
async function refusedWithoutTrace(caseId: string, refusal: () => Promise<Record<string, any>>): Promise<Record<string, any>> {
  const before = await stored(caseId);
  const error = await refusal();
  expect(await stored(caseId)).toEqual(before);
  return error;
}

describe('the acknowledgement deadline', () => {
  test('a referral by mutation gets acknowledgeBy = offer + 24 h, its referrer, and the deadline in MediationReferred', async () => {
    const offeredAt = time;
    const c = await refer(platform);
    expect(c).toMatchObject({
      status: 'REFERRED', referredBy: { role: 'platform', id: platform.sub }, acknowledgedAt: null, reofferCount: 0, lapsedAt: null,
      acknowledgeBy: new Date(offeredAt + 24 * HOUR).toISOString(),
    });
    const [referred] = await eventsOf(c.id, 'MediationReferred');
    expect(referred!.payload).toMatchObject({ caseId: c.id, organizationId: ORG.gzInternetCourtDdr, acknowledgeBy: c.acknowledgeBy });
  });

  test('a court is recorded by its court id', async () => {
    const c = await refer(court);
    expect(c.referredBy).toEqual({ role: 'court', id: DEMO.courts.guangzhouInternet });
  });

  test('a routed dispute gets the same deadline, its router as referrer', async () => {
    const disputeId = newDispute();
    const offeredAt = time;
    const route = feedEvent('disputes', 1_000_000 + ++seq, DISPUTE_ROUTED, {
      routeId: `rte_ack_${seq}`, track: 'MEDIATION', from: 'NEGOTIATION', destinationId: ORG.yiwuMarketMediation, regionCode: null, claimType: null,
      reason: 'The merchant did not answer', title: 'Lamp never arrived', category: 'CONSUMER_PURCHASE', claimAmount: '99.00',
      claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, originOrderId: null, undisputedFacts: [],
    }, { aggregateType: 'Dispute', aggregateId: disputeId, disputeId, actor: { role: 'platform', id: 'usr_srm_ops' } });
    expect(await sg.deliver('disputes', [route])).toMatchObject({ applied: 1 });
    const [referred] = (await sg.events({ types: ['MediationReferred'] })).filter((e) => e.disputeId === disputeId);
    const c = await caseOf(referred!.aggregateId);
    expect(c).toMatchObject({ referredBy: { role: 'platform', id: 'usr_srm_ops' }, acknowledgeBy: new Date(offeredAt + 24 * HOUR).toISOString() });
    expect(referred!.payload).toMatchObject({ organizationId: ORG.yiwuMarketMediation, acknowledgeBy: c.acknowledgeBy });
  });

  test('a dispute a court routed names that court, not the judge, as referrer', async () => {
    const disputeId = newDispute();
    const route = feedEvent('disputes', 1_000_000 + ++seq, DISPUTE_ROUTED, {
      routeId: `rte_ack_${seq}`, track: 'MEDIATION', from: null, destinationId: ORG.yiwuMarketMediation, regionCode: null, claimType: null,
      reason: 'Pre-filing mediation', title: 'Unpaid invoice', category: 'CONTRACT', claimAmount: '5000.00',
      claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, originOrderId: null, undisputedFacts: [], routedForBody: DEMO.courts.yiwu,
    }, { aggregateType: 'Dispute', aggregateId: disputeId, disputeId, actor: { role: 'court', id: 'usr_judge_yiwu' } });
    expect(await sg.deliver('disputes', [route])).toMatchObject({ applied: 1 });
    const [referred] = (await sg.events({ types: ['MediationReferred'] })).filter((e) => e.disputeId === disputeId);
    expect((await caseOf(referred!.aggregateId)).referredBy).toEqual({ role: 'court', id: DEMO.courts.yiwu });
  });

  test('MEDIATION_ACK_HOURS configures it, 24 by default; nonsense is refused at start', () => {
    expect(readMediationEnvironment({})).toEqual({ ackHours: 24 });
    expect(readMediationEnvironment({ MEDIATION_ACK_HOURS: '48' })).toEqual({ ackHours: 48 });
    expect(() => readMediationEnvironment({ MEDIATION_ACK_HOURS: 'soon' })).toThrow(/ackHours/);
    expect(() => readMediationEnvironment({ MEDIATION_ACK_HOURS: '0' })).toThrow(/MEDIATION_ACK_HOURS must be positive/);
  });
});

describe('acknowledgeReferral', () => {
  test('by the organisation: acknowledgedAt set, one ReferralAcknowledged; again changes nothing', async () => {
    const c = await refer(platform);
    const acknowledged = await ok(ACK, { id: c.id }, gzManager);
    expect(acknowledged).toMatchObject({ status: 'REFERRED', acknowledgedAt: new Date(time).toISOString(), acknowledgeBy: c.acknowledgeBy });
    const [event, ...more] = await eventsOf(c.id, 'ReferralAcknowledged');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: { role: 'mediation_org', id: gzManager.sub }, payload: { caseId: c.id, organizationId: ORG.gzInternetCourtDdr, acknowledgedAt: acknowledged.acknowledgedAt } });

    advance(1);
    const before = await stored(c.id);
    expect(await ok(ACK, { id: c.id }, gzManager)).toEqual(acknowledged);
    expect(await stored(c.id)).toEqual(before);
    expect(await eventsOf(c.id, 'ReferralAcknowledged')).toHaveLength(1);
  });

  test('an admin may acknowledge for the organisation', async () => {
    const c = await refer(platform);
    expect((await ok(ACK, { id: c.id }, admin)).acknowledgedAt).not.toBeNull();
  });

  test('another organisation, a mediator, a party or the referrer: FORBIDDEN, nothing stored', async () => {
    const c = await refer(court);
    for (const caller of [yiwuManager, chen, claimant, court, { ...gzManager, org: null }]) {
      expect(await refusedWithoutTrace(c.id, () => fails(ACK, { id: c.id }, caller))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  test('an unknown case: NOT_FOUND', async () => {
    expect(await fails(ACK, { id: 'mca_nowhere' }, gzManager)).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('an accepted case is already acknowledged: returned unchanged; a closed one: INVALID_TRANSITION', async () => {
    const c = await refer(platform);
    const accepted = await ok(ACCEPT, { id: c.id }, gzManager);
    expect(accepted.acknowledgedAt).not.toBeNull();
    expect(await ok(ACK, { id: c.id }, gzManager)).toEqual(accepted);
    expect(await eventsOf(c.id, 'ReferralAcknowledged')).toEqual([]);

    await ok(`mutation($id: ID!) { withdrawMediation(caseId: $id, reason: "Settled privately") { id } }`, { id: c.id }, claimant);
    const refusal = await refusedWithoutTrace(c.id, () => fails(ACK, { id: c.id }, gzManager));
    expect(refusal).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  });
});

describe('the deadline job', () => {
  test('re-offers an unacknowledged referral to another organisation with a new deadline; the first can no longer acknowledge', async () => {
    const c = await refer(platform);
    advance(23);
    await runJob();
    expect(await caseOf(c.id)).toMatchObject({ organization: { id: ORG.gzInternetCourtDdr }, reofferCount: 0 });

    advance(1);
    await runJob();
    const moved = await caseOf(c.id);
    // Consumer purchase: Yiwu has a mediator for it and is not a cross-border centre.
    expect(moved).toMatchObject({
      status: 'REFERRED', organization: { id: ORG.yiwuMarketMediation }, reofferCount: 1, acknowledgedAt: null, lapsedAt: null,
      acknowledgeBy: new Date(time + 24 * HOUR).toISOString(),
    });
    const [reoffered, ...more] = await eventsOf(c.id, 'ReferralReoffered');
    expect(more).toEqual([]);
    expect(reoffered).toMatchObject({ actor: { role: 'admin', id: null }, disputeId: expect.any(String) });
    expect(reoffered!.payload).toMatchObject({
      caseId: c.id, organizationId: ORG.yiwuMarketMediation, fromOrganizationId: ORG.gzInternetCourtDdr,
      fromOrganizationName: 'Guangzhou Commercial Mediation Commission (Guangzhou Economic Law Association)',
      organizationName: 'Yiwu Commerce and Trade Dispute Litigation and Mediation Docking Center', acknowledgeBy: moved.acknowledgeBy,
      claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE',
    });
    expect(reoffered!.payload.disputeId).toBe(reoffered!.disputeId);

    // Gone from the first organisation's list, on the new one's; the first may no longer acknowledge it.
    expect((await ok(OPEN, { org: ORG.gzInternetCourtDdr }, gzManager)).map((r: any) => r.id)).not.toContain(c.id);
    expect((await ok(OPEN, { org: ORG.yiwuMarketMediation }, yiwuManager)).map((r: any) => r.id)).toContain(c.id);
    expect(await refusedWithoutTrace(c.id, () => fails(ACK, { id: c.id }, gzManager))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok(ACK, { id: c.id }, yiwuManager)).acknowledgedAt).not.toBeNull();

    // Running the job again, even much later, does nothing more to an acknowledged case.
    advance(48);
    await runJob();
    await runJob();
    expect(await eventsOf(c.id, 'ReferralReoffered')).toHaveLength(1);
    expect(await caseOf(c.id)).toMatchObject({ status: 'REFERRED', organization: { id: ORG.yiwuMarketMediation }, reofferCount: 1 });
  });

  test('a court referral lapses instead: WITHDRAWN, reported back with ReferralLapsed, not MediationWithdrawn', async () => {
    const c = await refer(court);
    advance(25);
    await runJob();
    const lapsed = await caseOf(c.id);
    const now = new Date(time).toISOString();
    expect(lapsed).toMatchObject({ status: 'WITHDRAWN', organization: { id: ORG.gzInternetCourtDdr }, reofferCount: 0, lapsedAt: now, closedAt: now });
    expect(lapsed.withdrawalReason).toBe(
      `The referral was not acknowledged by Guangzhou Commercial Mediation Commission (Guangzhou Economic Law Association) by ${c.acknowledgeBy}; returned to the referring court`,
    );
    const [event, ...more] = await eventsOf(c.id, 'ReferralLapsed');
    expect(more).toEqual([]);
    expect(event!.payload).toMatchObject({
      caseId: c.id, disputeId: event!.disputeId, organizationId: ORG.gzInternetCourtDdr,
      organizationName: 'Guangzhou Commercial Mediation Commission (Guangzhou Economic Law Association)',
      referringCourtId: DEMO.courts.guangzhouInternet, acknowledgeBy: c.acknowledgeBy,
    });
    expect(await eventsOf(c.id, 'MediationWithdrawn')).toEqual([]);
    expect(await eventsOf(c.id, 'ReferralReoffered')).toEqual([]);

    // Too late to acknowledge; the job has nothing more to do with it.
    expect(await refusedWithoutTrace(c.id, () => fails(ACK, { id: c.id }, gzManager))).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
    const before = await stored(c.id);
    advance(100);
    await runJob();
    expect((await stored(c.id)).row).toEqual(before.row);
    expect(await eventsOf(c.id, 'ReferralLapsed')).toHaveLength(1);
  });

  test('never re-offered to an organisation offered before; when none is left it lapses back to the hub', async () => {
    const c = await refer(platform);
    advance(25);
    await runJob();
    expect(await caseOf(c.id)).toMatchObject({ organization: { id: ORG.yiwuMarketMediation }, reofferCount: 1 });
    advance(25);
    await runJob();
    // The cross-border centre is the last organisation with a consumer-purchase mediator.
    expect(await caseOf(c.id)).toMatchObject({ status: 'REFERRED', organization: { id: ORG.hkMacaoMediation }, reofferCount: 2 });
    advance(25);
    await runJob();
    const lapsed = await caseOf(c.id);
    expect(lapsed).toMatchObject({ status: 'WITHDRAWN', organization: { id: ORG.hkMacaoMediation }, reofferCount: 2, lapsedAt: new Date(time).toISOString() });
    expect(lapsed.withdrawalReason).toMatch(/^The referral was not acknowledged by eBRAM International Online Dispute Resolution Centre by .*; no other mediation organisation could take it, so it was returned to the hub$/);

    expect((await eventsOf(c.id, 'ReferralReoffered')).map((e) => [e.payload.fromOrganizationId, e.payload.organizationId])).toEqual([
      [ORG.gzInternetCourtDdr, ORG.yiwuMarketMediation],
      [ORG.yiwuMarketMediation, ORG.hkMacaoMediation],
    ]);
    const [event] = await eventsOf(c.id, 'ReferralLapsed');
    expect(event!.payload).toMatchObject({ organizationId: ORG.hkMacaoMediation, referringCourtId: null });
    expect(await sg.services.store.caseById(c.id)).toMatchObject({ offeredOrganizationIds: [ORG.gzInternetCourtDdr, ORG.yiwuMarketMediation, ORG.hkMacaoMediation] });

    advance(100);
    await runJob();
    expect(await eventsOf(c.id)).toHaveLength(4);
  });

  test('two processes running the job at once handle each expired offer once', async () => {
    const a = await refer(platform);
    const b = await refer(court);
    advance(25);
    await Promise.all([runJob(), runJob(), sg.services.manager.expireUnacknowledgedReferrals()]);
    expect(await eventsOf(a.id, 'ReferralReoffered')).toHaveLength(1);
    expect(await eventsOf(b.id, 'ReferralLapsed')).toHaveLength(1);
    expect(await caseOf(a.id)).toMatchObject({ reofferCount: 1 });
  });
});

describe('openReferrals', () => {
  test("REFERRED cases at the organisation, oldest first, for its case managers and admins only; refusals store nothing", async () => {
    const first = await refer(platform, { organizationId: ORG.hkMacaoMediation, category: 'CONTRACT' });
    advance(0.1);
    const second = await refer(court, { organizationId: ORG.hkMacaoMediation, category: 'CONTRACT' });
    const accepted = await refer(platform, { organizationId: ORG.hkMacaoMediation, category: 'CONTRACT' });
    await ok(ACCEPT, { id: accepted.id }, hkManager);
    const elsewhere = await refer(platform, { organizationId: ORG.yiwuMarketMediation });

    const list = await ok(OPEN, { org: ORG.hkMacaoMediation }, hkManager);
    const ids = list.map((r: any) => r.id);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids).not.toContain(accepted.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(list.every((r: any) => r.status === 'REFERRED' && r.organization.id === ORG.hkMacaoMediation)).toBe(true);
    expect(await ok(OPEN, { org: ORG.hkMacaoMediation }, admin)).toEqual(list);

    for (const caller of [yiwuManager, chen, court, claimant, { role: 'anonymous', sub: null, org: null } as Caller]) {
      const refusal = await refusedWithoutTrace(first.id, () => fails(OPEN, { org: ORG.hkMacaoMediation }, caller));
      expect(refusal.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    }
  });
});

describe('the referralCreated subscription', () => {
  const SUB = `subscription($org: ID!, $after: String) { referralCreated(organizationId: $org, after: $after) {
    cursor occurredAt resync { replayLimit reason } referral { id status reofferCount organization { id } } reofferedFrom { id name } } }`;
  const open: { close(): Promise<void> }[] = [];
  function subscribe(variables: Record<string, unknown>, caller: Caller) {
    const sub = sg.subscribe(SUB, variables, caller);
    open.push(sub);
    return sub;
  }
  afterEach(async () => { await Promise.all(open.splice(0).map((s) => s.close())); });

  beforeAll(async () => {
    // Settle every referral the tests above left open, so only this block's referrals are re-offered here.
    for (let i = 0; i < 4; i++) {
      advance(25);
      await runJob();
    }
  });

  test('a referral arrives at its organisation', async () => {
    const sub = subscribe({ org: ORG.gzInternetCourtDdr }, gzManager);
    await sub.ready();
    const c = await refer(platform);
    const { data, errors } = await sub.next();
    expect(errors).toBeUndefined();
    expect(data.referralCreated).toEqual({
      cursor: expect.any(String), occurredAt: c.referredAt, resync: null, reofferedFrom: null,
      referral: { id: c.id, status: 'REFERRED', reofferCount: 0, organization: { id: ORG.gzInternetCourtDdr } },
    });
    // What the organisation's listener does next: acknowledge, so the case stays with it.
    expect((await ok(ACK, { id: c.id }, gzManager)).acknowledgedAt).not.toBeNull();
  });

  test('a re-offered referral arrives at the new organisation, saying where from', async () => {
    const yiwu = subscribe({ org: ORG.yiwuMarketMediation }, yiwuManager);
    const admins = subscribe({ org: ORG.yiwuMarketMediation }, admin);
    await Promise.all([yiwu.ready(), admins.ready()]);
    const c = await refer(platform);
    advance(25);
    await runJob();
    for (const sub of [yiwu, admins]) {
      const { data, errors } = await sub.next();
      expect(errors).toBeUndefined();
      expect(data.referralCreated).toMatchObject({
        occurredAt: new Date(time).toISOString(), resync: null,
        referral: { id: c.id, status: 'REFERRED', reofferCount: 1, organization: { id: ORG.yiwuMarketMediation } },
        reofferedFrom: { id: ORG.gzInternetCourtDdr, name: 'Guangzhou Commercial Mediation Commission (Guangzhou Economic Law Association)' },
      });
    }
  });

  test("another organisation's case manager, a mediator or a court: FORBIDDEN", async () => {
    for (const caller of [yiwuManager, chen, court, { ...gzManager, org: null }]) {
      const { data, errors } = await subscribe({ org: ORG.gzInternetCourtDdr }, caller).next();
      expect(data ?? null).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  test('`after` replays the referrals missed, in order, then goes on live', async () => {
    const first = subscribe({ org: ORG.gzInternetCourtDdr }, gzManager);
    await first.ready();
    const a = await refer(platform);
    const seen = (await first.next()).data.referralCreated;
    expect(seen.referral.id).toBe(a.id);
    await first.close();

    const b = await refer(platform);
    const c = await refer(court);
    const resumed = subscribe({ org: ORG.gzInternetCourtDdr, after: seen.cursor }, gzManager);
    const replayed = (await resumed.take(2)).map((r) => r.data.referralCreated);
    expect(replayed.map((r) => r.referral.id)).toEqual([b.id, c.id]);
    expect(new Set([seen.cursor, ...replayed.map((r) => r.cursor)]).size).toBe(3);
    await resumed.ready();
    const d = await refer(platform);
    expect((await resumed.next()).data.referralCreated.referral.id).toBe(d.id);
  });
});
