import { DEMO, DISPUTE_PARTICIPANTS_CHANGED, DISPUTE_ROUTED, feedEvent, startTestSubgraph, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { disputesSubgraph } from '../src/definition.js';

/**
 * Issue 5, disputes part: what the live feeds follow (DisputeTimelineRecorded for every
 * timeline entry, EvidenceSubmitted), who may follow them (a mediator only when assigned),
 * the mediation events that change who handles a dispute, and `evidence(id)`.
 */
let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(disputesSubgraph); });
afterAll(() => sg?.stop());

const P = DEMO.parties;
const YIWU = DEMO.mediationOrganizations.yiwuMarketMediation;
const GZ = DEMO.mediationOrganizations.gzInternetCourtDdr;
const lina: Caller = { role: 'party', sub: P.buyerLiNa, org: null };
const merchant: Caller = { role: 'party', sub: P.merchantYiwuCrafts, org: null };
const stranger: Caller = { role: 'party', sub: P.buyerWangFang, org: null };
const zhouLei: Caller = { role: 'mediator', sub: DEMO.mediators.zhouLei, org: YIWU };
const colleague: Caller = { role: 'mediator', sub: 'med_other_yiwu', org: YIWU };
const caseManager: Caller = { role: 'mediation_org', sub: 'case-manager-yiwu', org: YIWU };

const FILE = 'mutation($k: String!, $title: String!) { fileDispute(idempotencyKey: $k, input: { title: $title, description: "Lanterns arrived broken", category: CONSUMER_PURCHASE, respondentId: "pty_demo_merchant_yiwu_crafts", claimAmount: "300" }) { id } }';
const ROUTE = 'mutation($id: ID!, $k: String!) { routeDispute(disputeId: $id, track: MEDIATION, idempotencyKey: $k) { status } }';
const SUBMIT = 'mutation($input: SubmitEvidenceInput!, $k: String!) { submitEvidence(input: $input, idempotencyKey: $k) { id } }';
const VIEW = 'query($id: ID!) { dispute(id: $id) { status track timeline { id kind summary track } } }';

let keys = 0;
const key = (name: string) => `live-feeds-${name}-${++keys}`;
let seq = 0;
const from = (type: string, payload: Record<string, unknown>) =>
  feedEvent('mediation', ++seq, type, payload, { actor: { role: 'mediation_org', id: 'case-manager' }, aggregateId: String(payload.caseId) });

async function file(title: string): Promise<string> {
  const r = await sg.request(FILE, { k: key('file'), title }, lina);
  expect(r.errors).toBeUndefined();
  return r.data.fileDispute.id as string;
}

async function submit(disputeId: string, title: string, caller: Caller = lina): Promise<string> {
  const r = await sg.request(SUBMIT, { input: { disputeId, title, sha256: 'b'.repeat(64), mediaType: 'image/jpeg', sizeBytes: 1024 }, k: key('evidence') }, caller);
  expect(r.errors).toBeUndefined();
  return r.data.submitEvidence.id as string;
}

/** Filed, routed to mediation and referred to Yiwu, as mediation reports it. */
async function inMediation(title: string): Promise<{ id: string; caseId: string }> {
  const id = await file(title);
  await sg.request(ROUTE, { id, k: key('route') }, lina);
  const caseId = `mca_${id}`;
  expect(await sg.deliver('mediation', [from('MediationReferred', { caseId, disputeId: id, organizationId: YIWU, note: 'Referred to Yiwu' })])).toMatchObject({ applied: 1 });
  return { id, caseId };
}

const view = async (id: string, caller: Caller = lina) => (await sg.request(VIEW, { id }, caller)).data.dispute;
const eventsOf = async (disputeId: string, types: string[]) => (await sg.events({ types })).filter((e) => e.disputeId === disputeId);
const txOf = (e: FeedEvent) => e.cursor.split('.')[0];
const assignedMediatorOf = async (id: string) => (await sg.services.store.disputesByIds([id], {}))[0]?.assignedMediatorId ?? null;
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ALLOWED', (e: { extensions?: { code?: string } }) => e.extensions?.code ?? String(e));

describe('outbox events', () => {
  test('every timeline entry, from filing, routing, evidence and track reports, is announced with it', async () => {
    const { id, caseId } = await inMediation('Announced lanterns');
    await submit(id, 'Photo of the crushed lanterns');
    await sg.deliver('mediation', [from('MediatorAssigned', { caseId, disputeId: id, mediatorId: DEMO.mediators.zhouLei, note: 'Mediator Zhou Lei assigned' })]);

    const timeline = (await view(id)).timeline as { id: string; kind: string; summary: string; track: string | null }[];
    expect(timeline.map((e) => e.kind)).toEqual(['FILED', 'ROUTED', 'CASE_OPENED', 'EVIDENCE_SUBMITTED', 'CASE_PROGRESS']);
    const recorded = await eventsOf(id, ['DisputeTimelineRecorded']);
    expect(recorded.map((e) => e.payload)).toEqual(timeline.map((t) => ({ timelineEventId: t.id, kind: t.kind, summary: t.summary, track: t.track })));
    expect(recorded.every((e) => e.aggregateType === 'Dispute' && e.aggregateId === id)).toBe(true);
    expect(recorded[0]!.actor).toEqual({ role: 'party', id: P.buyerLiNa });
    expect(recorded[2]!.actor).toEqual({ role: 'mediation_org', id: 'case-manager' });
  });

  test('submitted evidence is announced with its timeline entry, in the same transaction', async () => {
    const id = await file('Evidence announced');
    const evidenceId = await submit(id, 'Delivery note');
    const [submitted] = await eventsOf(id, ['EvidenceSubmitted']);
    expect(submitted).toMatchObject({ aggregateId: id, payload: { evidenceId, title: 'Delivery note' }, actor: { role: 'party', id: P.buyerLiNa } });
    const entry = (await eventsOf(id, ['DisputeTimelineRecorded'])).find((e) => e.payload.kind === 'EVIDENCE_SUBMITTED')!;
    expect(entry.payload.summary).toBe('Evidence submitted: Delivery note');
    expect(txOf(entry)).toBe(txOf(submitted!));
  });

  test('filing and routing publish their other events in the same insert as the timeline entry', async () => {
    const id = await file('One insert');
    const before = sg.stats.statements;
    await sg.request(ROUTE, { id, k: key('route') }, lina);
    const routing = sg.stats.statements - before;
    const events = await eventsOf(id, ['DisputeTimelineRecorded', DISPUTE_ROUTED, DISPUTE_PARTICIPANTS_CHANGED]);
    expect(events.map((e) => e.type)).toEqual([DISPUTE_PARTICIPANTS_CHANGED, 'DisputeTimelineRecorded', DISPUTE_ROUTED, 'DisputeTimelineRecorded']);
    expect(txOf(events[0]!)).toBe(txOf(events[1]!));
    expect(txOf(events[2]!)).toBe(txOf(events[3]!));
    // As many as before the timeline was announced: the entry's event rides in the outbox insert DisputeRouted needed anyway.
    // node-postgres sends BEGIN and COMMIT as statements of their own; PGlite's transactions do not count them.
    const transactionControl = sg.database.kind === 'postgres' ? 2 : 0;
    expect(routing).toBeLessThanOrEqual(8 + transactionControl);
  });
});

describe('the assigned mediator', () => {
  test('is recorded from MediatorAssigned and cleared when the mediation ends', async () => {
    for (const [ending, payload] of [
      ['MediationSettled', {}],
      ['MediationFailed', { undisputedFacts: [] }],
      ['MediationWithdrawn', { reason: 'The respondent could not be reached' }],
      ['ReferralLapsed', { organizationId: YIWU, organizationName: 'Yiwu', referringCourtId: null, acknowledgeBy: '2026-11-20T09:30:00.000Z' }],
    ] as const) {
      const { id, caseId } = await inMediation(`Assigned then ${ending}`);
      expect(await assignedMediatorOf(id)).toBeNull();
      await sg.deliver('mediation', [from('MediatorAssigned', { caseId, disputeId: id, mediatorId: DEMO.mediators.zhouLei })]);
      expect(await assignedMediatorOf(id)).toBe(DEMO.mediators.zhouLei);
      await sg.deliver('mediation', [from(ending, { caseId, disputeId: id, ...payload })]);
      expect({ ending, assigned: await assignedMediatorOf(id) }).toEqual({ ending, assigned: null });
    }
  });

  test('alone among mediators may follow the dispute; others who may read it may follow it too', async () => {
    const { id, caseId } = await inMediation('Who may follow');
    const follow = (caller: Caller, disputeId = id) => codeOf(sg.services.manager.followable(caller, disputeId));
    // Before the assignment even Zhou Lei, a mediator of the handling organisation, may not.
    expect(await follow(zhouLei)).toBe('FORBIDDEN');
    await sg.deliver('mediation', [from('MediatorAssigned', { caseId, disputeId: id, mediatorId: DEMO.mediators.zhouLei })]);
    expect(await follow(zhouLei)).toBe('ALLOWED');
    expect(await follow({ ...zhouLei, org: null })).toBe('ALLOWED');
    expect(await follow(colleague)).toBe('FORBIDDEN');
    expect(await follow({ role: 'mediator', sub: 'med_gz', org: GZ })).toBe('NOT_FOUND');
    expect(await follow(lina)).toBe('ALLOWED');
    expect(await follow(merchant)).toBe('ALLOWED');
    expect(await follow(caseManager)).toBe('ALLOWED');
    expect(await follow({ role: 'court', sub: 'judge', org: DEMO.courts.yiwu })).toBe('ALLOWED');
    expect(await follow(stranger)).toBe('NOT_FOUND');
    expect(await follow({ role: 'mediation_org', sub: 'cm', org: GZ })).toBe('NOT_FOUND');
    // An unknown dispute answers as one the caller may not read: its existence is not revealed.
    expect(await follow(lina, 'dsp_no_such_dispute')).toBe('NOT_FOUND');
    expect(await follow(zhouLei, 'dsp_no_such_dispute')).toBe('NOT_FOUND');
    expect(await follow({ role: 'anonymous', sub: null, org: null })).toBe('UNAUTHENTICATED');

    await sg.deliver('mediation', [from('MediationSettled', { caseId, disputeId: id })]);
    expect(await follow(zhouLei)).toBe('FORBIDDEN');
  });

  test('the demo dispute in mediation has its mediator assigned', async () => {
    expect(await assignedMediatorOf(DEMO.disputes.inMediation)).toBe(DEMO.mediators.chenJing);
  });
});

describe('referrals re-offered or lapsed', () => {
  test('a re-offered referral hands the dispute to the new organisation', async () => {
    const { id, caseId } = await inMediation('Re-offered lanterns');
    await sg.deliver('mediation', [from('ReferralReoffered', {
      caseId, disputeId: id, organizationId: GZ, organizationName: 'Guangzhou Internet Court DDR',
      fromOrganizationId: YIWU, fromOrganizationName: 'Yiwu Market Mediation', acknowledgeBy: '2026-11-20T09:30:00.000Z',
    })]);
    const d = await view(id);
    expect(d).toMatchObject({ status: 'IN_MEDIATION', track: 'MEDIATION' });
    expect(d.timeline.at(-1)).toMatchObject({
      kind: 'CASE_PROGRESS', track: 'MEDIATION',
      summary: 'Re-offered to Guangzhou Internet Court DDR: Yiwu Market Mediation did not acknowledge the referral in time; Guangzhou Internet Court DDR is to acknowledge it by 2026-11-20T09:30:00.000Z',
    });
    // The new organisation reads the dispute, the lapsed one no longer; identity hears of it.
    expect(await view(id, { role: 'mediation_org', sub: 'cm', org: GZ })).not.toBeNull();
    expect(await view(id, caseManager)).toBeNull();
    const published = await eventsOf(id, [DISPUTE_PARTICIPANTS_CHANGED]);
    expect(published.map((e) => e.payload.handlingBodies)).toEqual([[], [YIWU], [GZ]]);
    // Reported again (mediation published it twice): recorded, but who handles the dispute is not published again.
    await sg.deliver('mediation', [from('ReferralReoffered', {
      caseId, disputeId: id, organizationId: GZ, organizationName: 'Guangzhou Internet Court DDR',
      fromOrganizationId: YIWU, fromOrganizationName: 'Yiwu Market Mediation', acknowledgeBy: '2026-11-20T09:30:00.000Z',
    })]);
    expect(await eventsOf(id, [DISPUTE_PARTICIPANTS_CHANGED])).toHaveLength(3);
  });

  test('a lapsed referral ends the mediation attempt unresolved, reported back to the referring court', async () => {
    const { id, caseId } = await inMediation('Lapsed lanterns');
    await sg.deliver('mediation', [from('ReferralLapsed', {
      caseId, disputeId: id, organizationId: YIWU, organizationName: 'Yiwu Market Mediation', referringCourtId: DEMO.courts.yiwu, acknowledgeBy: '2026-11-20T09:30:00.000Z',
    })]);
    const d = await view(id);
    expect(d.status).toBe('UNRESOLVED');
    expect(d.timeline.at(-1).kind).toBe('STATUS_CHANGED');
    expect(d.timeline.at(-1).summary).toBe(
      `Mediation referral lapsed unacknowledged: Yiwu Market Mediation did not acknowledge it by 2026-11-20T09:30:00.000Z; reported back to the referring court ${DEMO.courts.yiwu} (IN_MEDIATION → UNRESOLVED)`,
    );

    const other = await inMediation('Lapsed without a court');
    await sg.deliver('mediation', [from('ReferralLapsed', { caseId: other.caseId, disputeId: other.id, organizationId: YIWU, organizationName: 'Yiwu Market Mediation', referringCourtId: null, acknowledgeBy: '2026-11-20T09:30:00.000Z' })]);
    expect((await view(other.id)).timeline.at(-1).summary).not.toContain('court');
  });
});

describe('evidence(id)', () => {
  const EVIDENCE = 'query($id: ID!) { evidence(id: $id) { id title sha256 submittedBy { id } } }';

  test('answers those who may read the dispute, and null to everyone else', async () => {
    const { id } = await inMediation('Evidence lookup');
    const evidenceId = await submit(id, 'Invoice');
    const read = async (caller: Caller) => (await sg.request(EVIDENCE, { id: evidenceId }, caller)).data?.evidence ?? null;
    expect(await read(lina)).toEqual({ id: evidenceId, title: 'Invoice', sha256: 'b'.repeat(64), submittedBy: { id: P.buyerLiNa } });
    expect(await read(merchant)).not.toBeNull();
    expect(await read(caseManager)).not.toBeNull();
    expect(await read(colleague)).not.toBeNull(); // reading follows the dispute's usual rules
    expect(await read({ role: 'court', sub: 'judge', org: DEMO.courts.yiwu })).not.toBeNull();
    expect(await read(stranger)).toBeNull();
    expect(await read({ role: 'mediation_org', sub: 'cm', org: GZ })).toBeNull();
    expect((await sg.request(EVIDENCE, { id: 'evd_no_such' }, lina)).data.evidence).toBeNull();
    const anonymous = await sg.request(EVIDENCE, { id: evidenceId }, { role: 'anonymous', sub: null, org: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('costs two statements: the evidence, then its dispute', async () => {
    const id = await file('Evidence statements');
    const evidenceId = await submit(id, 'Receipt');
    const before = sg.stats.statements;
    await sg.request(EVIDENCE, { id: evidenceId }, lina);
    expect(sg.stats.statements - before).toBe(2);
  });
});

describe('subscriptions', () => {
  const EVIDENCE_ADDED = 'subscription($id: ID!, $after: String) { evidenceAdded(disputeId: $id, after: $after) { cursor occurredAt resync { reason } dispute { id title } evidence { id title sha256 submittedBy { id } } } }';
  const UPDATED = 'subscription($id: ID!, $after: String) { disputeUpdated(id: $id, after: $after) { cursor occurredAt resync { reason } dispute { id status } event { id kind summary track actor { role id } } } }';

  /** In mediation at Yiwu with Zhou Lei assigned. */
  async function assigned(title: string) {
    const d = await inMediation(title);
    await sg.deliver('mediation', [from('MediatorAssigned', { caseId: d.caseId, disputeId: d.id, mediatorId: DEMO.mediators.zhouLei })]);
    return d;
  }

  test('the assigned mediator hears of evidence as a party submits it', async () => {
    const { id } = await assigned('Evidence for the mediator');
    const sub = sg.subscribe(EVIDENCE_ADDED, { id }, zhouLei);
    try {
      await sub.ready();
      const evidenceId = await submit(id, 'Photo of the broken lanterns', merchant);
      const { data, errors } = await sub.next();
      expect(errors).toBeUndefined();
      expect(data.evidenceAdded).toMatchObject({
        resync: null, dispute: { id, title: 'Evidence for the mediator' },
        evidence: { id: evidenceId, title: 'Photo of the broken lanterns', sha256: 'b'.repeat(64), submittedBy: { id: P.merchantYiwuCrafts } },
      });
      expect(data.evidenceAdded.cursor).toMatch(/^\d+\.\d+$/);
    } finally {
      await sub.close();
    }
  });

  test('another mediator of the same organisation is refused; an unknown dispute is NOT_FOUND', async () => {
    const { id } = await assigned('Not for the colleague');
    const refused = sg.subscribe(EVIDENCE_ADDED, { id }, colleague);
    const unknown = sg.subscribe(UPDATED, { id: 'dsp_no_such_dispute' }, lina);
    const outsider = sg.subscribe(UPDATED, { id }, stranger);
    try {
      expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await unknown.next()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await outsider.next()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await Promise.all([refused.close(), unknown.close(), outsider.close()]);
    }
  });

  test('a party of the dispute follows its timeline as it is recorded', async () => {
    const { id, caseId } = await inMediation('Followed by the respondent');
    const sub = sg.subscribe(UPDATED, { id }, merchant);
    try {
      await sub.ready();
      await submit(id, 'Courier receipt', lina);
      await sg.deliver('mediation', [from('MediatorAssigned', { caseId, disputeId: id, mediatorId: DEMO.mediators.zhouLei, note: 'Mediator Zhou Lei assigned' })]);
      const [a, b] = (await sub.take(2)).map((r) => r.data.disputeUpdated);
      expect(a).toMatchObject({ resync: null, dispute: { id, status: 'IN_MEDIATION' }, event: { kind: 'EVIDENCE_SUBMITTED', summary: 'Evidence submitted: Courier receipt', track: 'MEDIATION', actor: { role: 'party', id: P.buyerLiNa } } });
      expect(b.event).toMatchObject({ kind: 'CASE_PROGRESS', summary: 'Mediator Zhou Lei assigned', actor: { role: 'mediation_org', id: 'case-manager' } });
      const timeline = (await view(id)).timeline as { id: string }[];
      expect([a.event.id, b.event.id]).toEqual(timeline.slice(-2).map((t) => t.id));
    } finally {
      await sub.close();
    }
  });

  test('`after` replays what was missed, in order, then goes on live', async () => {
    const { id } = await assigned('Resumed after a disconnect');
    const first = sg.subscribe(UPDATED, { id }, lina);
    let cursor: string;
    try {
      await first.ready();
      await submit(id, 'Seen live');
      cursor = (await first.next()).data.disputeUpdated.cursor;
    } finally {
      await first.close();
    }
    for (const title of ['Missed 1', 'Missed 2', 'Missed 3']) await submit(id, title);
    const resumed = sg.subscribe(UPDATED, { id, after: cursor }, lina);
    const mediator = sg.subscribe(EVIDENCE_ADDED, { id, after: cursor }, zhouLei);
    try {
      const replayed = (await resumed.take(3)).map((r) => r.data.disputeUpdated);
      expect(replayed.map((u) => u.event.summary)).toEqual(['Evidence submitted: Missed 1', 'Evidence submitted: Missed 2', 'Evidence submitted: Missed 3']);
      expect((await mediator.take(3)).map((r) => r.data.evidenceAdded.evidence.title)).toEqual(['Missed 1', 'Missed 2', 'Missed 3']);
      await resumed.ready();
      await submit(id, 'Live again');
      expect((await resumed.next()).data.disputeUpdated.event.summary).toBe('Evidence submitted: Live again');
      await expect(resumed.next(300)).rejects.toThrow();
    } finally {
      await Promise.all([resumed.close(), mediator.close()]);
    }
  });

  test('a mediator whose mediation ended no longer receives the dispute', async () => {
    const { id, caseId } = await assigned('Mediation settled mid-stream');
    const sub = sg.subscribe(UPDATED, { id }, zhouLei);
    try {
      await sub.ready();
      await sg.deliver('mediation', [from('MediationSettled', { caseId, disputeId: id })]);
      const settled = await sub.next();
      expect(settled.data?.disputeUpdated ?? null).toBeNull();
      expect(settled.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await sub.close();
    }
  });
});
