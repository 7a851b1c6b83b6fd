import { and, eq, sql } from 'drizzle-orm';
import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { documentServices, idempotencyKeys, outbox, parties, personalDataReads, serviceAddresses, serviceAttempts } from '../src/db/schema.js';
import { identitySubgraph } from '../src/definition.js';
import { createServices } from '../src/services.js';
import { SeededCourier, type Courier, type CourierMessage } from '../src/service-of-documents/courier.js';
import { DEMO_SERVICES } from '../src/service-of-documents/demo.js';
import { deemedServedAt } from '../src/service-of-documents/public-notice.js';
import { callers, P, participants } from './parties-support.js';

/** The seeded providers, recording every message and able to fail as an unreachable provider does. */
const sent: CourierMessage[] = [];
let providerDown = false;
const seeded = new SeededCourier();
const recording: Courier = {
  async send(m) {
    if (providerDown) throw new Error('SMS gateway unreachable');
    sent.push(m);
    return seeded.send(m);
  },
};

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
const db = () => sg.database.db as any;
async function count(table: any, where?: any): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row.n;
}

const YIWU = DEMO.courts.yiwu;
const MEDIATION = DEMO.mediationOrganizations.yiwuMarketMediation;
const ARBITRATION = DEMO.arbitrationInstitutions.shanghai;
const c = {
  ...callers,
  caseManager: { role: 'mediation_org', sub: 'usr_case_manager_he', org: MEDIATION } as Caller,
  arbitrator: { role: 'arbitrator', sub: 'usr_arbitrator_xu', org: ARBITRATION } as Caller,
  bjJudge: { role: 'court', sub: 'usr_judge_bj', org: DEMO.courts.beijingInternet } as Caller,
};

type Addr = [channel: 'MOBILE' | 'EMAIL' | 'IN_APP' | 'POSTAL', address: string];
let partySeq = 0;
/**
 * A party with exactly these confirmed addresses (a repeated channel is a later version), and
 * a dispute of it that the Yiwu court, mediation committee and Shanghai arbitration handle.
 */
async function partyWith(name: string, addresses: Addr[], signed = true) {
  const n = ++partySeq;
  const id = `pty_test_service_${n}`;
  const disputeId = `dsp_test_service_${n}`;
  await db().insert(parties).values({ id, name, kind: 'NATURAL_PERSON', idType: 'PASSPORT', idNumber: `E${1000000 + n}`, registryCheck: 'UNCHECKED', jurisdiction: 'FOREIGN' });
  const versions = new Map<string, number>();
  for (const [i, [channel, address]] of addresses.entries()) {
    const version = (versions.get(channel) ?? 0) + 1;
    versions.set(channel, version);
    await db().insert(serviceAddresses).values({
      id: `sad_test_${n}_${i}`, partyId: id, channel, address, version, confirmedAt: new Date(Date.now() - 86_400_000 + i * 1000),
      confirmationId: signed ? `sac_test_${n}` : null,
    });
  }
  const r = await sg.deliver('disputes', [participants(disputeId, id, P.buyerLiNa, [YIWU, MEDIATION, ARBITRATION])]);
  expect(r).toBeDefined();
  return { id, disputeId, self: { role: 'party', sub: id, org: null } as Caller };
}

const DIGEST = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SERVICE = `id kind title documentDigest status servedAt publicNoticeAt unservedAt unservedReason createdAt
  party { id name } dispute { id }
  sender { role court { id } mediationOrganization { id } mediator { id } arbitrationInstitution { id } verificationCode howToVerify }
  attempts { id channel address status receipt failureReason sentAt deliveredAt readAt failedAt }`;
const SERVE = `mutation($input: ServeDocumentInput!, $k: String!) { serveDocument(input: $input, idempotencyKey: $k) { ${SERVICE} } }`;
const RECEIPT = 'mutation($input: DeliveryReceiptInput!) { recordDeliveryReceipt(input: $input) { id channel address status receipt failureReason deliveredAt failedAt } }';
const OPEN = `mutation($id: ID!) { openServedDocument(serviceId: $id) { ${SERVICE} } }`;
const GET = `query($id: ID!) { documentService(id: $id) { ${SERVICE} } }`;
const VERIFY = 'query($code: String!) { verifyServiceCode(code: $code) { kind title partyName sentAt sender { role court { id } mediator { id } mediationOrganization { id } verificationCode howToVerify } } }';

let keySeq = 0;
const key = () => `serve-test-${++keySeq}-${Date.now()}`;
const input = (party: { id: string; disputeId: string }, extra: Record<string, unknown> = {}) =>
  ({ partyId: party.id, disputeId: party.disputeId, kind: 'SUMMONS', title: 'Summons to the first hearing', documentDigest: DIGEST, ...extra });

async function serve(caller: Caller, party: { id: string; disputeId: string }, extra: Record<string, unknown> = {}, k = key()) {
  const r = await sg.request(SERVE, { input: input(party, extra), k }, caller);
  expect(r.errors).toBeUndefined();
  return r.data.serveDocument;
}
const channels = (s: any) => s.attempts.map((a: any) => [a.channel, a.status]);

beforeAll(async () => {
  sg = await startTestSubgraph({ ...identitySubgraph, createServices: (d, log) => createServices(d as any, log, { courier: recording }) });
});
afterAll(() => sg?.stop());
beforeEach(() => {
  providerDown = false;
});

describe('channels, in order, falling through', () => {
  test('electronic channels first: the hub inbox, whatever order the addresses were confirmed in', async () => {
    const party = await partyWith('孙文', [['POSTAL', '浙江省义乌市稠城街道工人北路1号'], ['EMAIL', 'sunwen@example.cn'], ['MOBILE', '13912345678'], ['IN_APP', 'hub:sunwen']]);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['IN_APP', 'DELIVERED']]);
    expect(s).toMatchObject({ status: 'DELIVERED', party: { id: party.id, name: '孙文' }, dispute: { id: party.disputeId } });
    expect(s.servedAt).toBe(s.attempts[0].deliveredAt);
    expect(s.attempts[0].receipt).toMatch(/^INBOX-\d{12}$/);
  });

  test('a mobile that fails falls through to e-mail at once; the post is not needed', async () => {
    const party = await partyWith('钱梅', [['MOBILE', '13900000000'], ['EMAIL', 'qianmei@example.cn'], ['POSTAL', '浙江省义乌市北苑街道春华路1号']]);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['MOBILE', 'FAILED'], ['EMAIL', 'DELIVERED']]);
    expect(s.attempts[0]).toMatchObject({ failureReason: expect.stringContaining('not in service'), receipt: null, failedAt: expect.any(String) });
    expect(s.attempts[1].receipt).toMatch(/^MAIL-\d{12}$/);
    expect(s).toMatchObject({ status: 'DELIVERED', servedAt: s.attempts[1].deliveredAt, publicNoticeAt: null });
    const events = await sg.events({ types: ['DocumentServed'] });
    expect(events.find((e) => e.aggregateId === s.id)).toMatchObject({
      disputeId: party.disputeId,
      payload: { serviceId: s.id, partyId: party.id, kind: 'SUMMONS', channel: 'EMAIL', senderRole: 'COURT', senderOrg: YIWU, servedAt: s.servedAt },
      actor: { role: 'court', id: 'usr_judge_huang' },
    });
  });

  test('the post is last; its receipt is a tracking number', async () => {
    const party = await partyWith('周云', [['POSTAL', '浙江省金华市婺城区八一南街1号'], ['EMAIL', 'zhouyun@bounce.example']]);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['EMAIL', 'FAILED'], ['POSTAL', 'DELIVERED']]);
    expect(s.attempts[1].receipt).toMatch(/^RR\d{9}CN$/);
  });

  test('every channel failing ends in public notice, deemed served 30 days later', async () => {
    const party = await partyWith('吴迪', [['POSTAL', '浙江省金华市婺城区查无此人路9号'], ['EMAIL', 'wudi@bounce.example'], ['MOBILE', '13700000000']]);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['MOBILE', 'FAILED'], ['EMAIL', 'FAILED'], ['POSTAL', 'FAILED']]);
    expect(s.attempts[2].failureReason).toContain('查无此人');
    expect(s.status).toBe('PUBLIC_NOTICE');
    // 30 days, or more when day 30 is a statutory rest day (art. 85; public-notice.ts).
    expect(s.servedAt).toBe(deemedServedAt(new Date(s.publicNoticeAt)).toISOString());
    expect(new Date(s.servedAt).getTime() - new Date(s.publicNoticeAt).getTime()).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    const [event] = (await sg.events({ types: ['DocumentServedByPublicNotice'] })).filter((e) => e.aggregateId === s.id);
    expect(event).toMatchObject({ disputeId: party.disputeId, payload: { serviceId: s.id, attempts: 3, publicNoticeAt: s.publicNoticeAt, servedAt: s.servedAt } });
    expect((await sg.events({ types: ['DocumentServed'] })).some((e) => e.aggregateId === s.id)).toBe(false);
  });

  test('a party with no confirmed address is served by public notice at once, without attempts', async () => {
    const party = await partyWith('郑凯', []);
    const s = await serve(c.yiwuJudge, party);
    expect(s).toMatchObject({ status: 'PUBLIC_NOTICE', attempts: [] });
    expect(s.publicNoticeAt).not.toBeNull();
  });

  test('a mediator who cannot reach the party does not serve by public notice: the service ends UNSERVED with the reason', async () => {
    const party = await partyWith('蒋涛', [['EMAIL', 'jiangtao@bounce.example'], ['MOBILE', '13300000000']]);
    const s = await serve(c.yiwuMediator, party, { kind: 'NOTICE', title: 'Notice of the first mediation session' });
    expect(channels(s)).toEqual([['MOBILE', 'FAILED'], ['EMAIL', 'FAILED']]);
    expect(s).toMatchObject({ status: 'UNSERVED', servedAt: null, publicNoticeAt: null, unservedAt: expect.any(String) });
    expect(s.unservedReason).toContain('every confirmed address failed (MOBILE:');
    expect(s.unservedReason).toContain('Only a court may serve by public notice');
    expect(s.unservedReason).toContain('repairContact');
    const [event] = (await sg.events({ types: ['DocumentUnserved'] })).filter((e) => e.aggregateId === s.id);
    expect(event).toMatchObject({ disputeId: party.disputeId, payload: { serviceId: s.id, attempts: 2, reason: s.unservedReason, senderRole: 'MEDIATOR' } });
    expect((await sg.events({ types: ['DocumentServedByPublicNotice'] })).some((e) => e.aggregateId === s.id)).toBe(false);
  });

  test('a mediation organisation or an arbitrator with no address to try ends UNSERVED at once; a court with none serves by public notice', async () => {
    const party = await partyWith('韩梅', []);
    const byOrganisation = await serve(c.caseManager, party, { kind: 'NOTICE', title: 'Notice of referral' });
    expect(byOrganisation).toMatchObject({ status: 'UNSERVED', attempts: [], publicNoticeAt: null });
    expect(byOrganisation.unservedReason).toContain('the party has no confirmed service address');
    const byArbitrator = await serve(c.arbitrator, party, { kind: 'AWARD', title: 'Award' });
    expect(byArbitrator).toMatchObject({ status: 'UNSERVED', attempts: [] });
    const byCourt = await serve(c.yiwuJudge, party);
    expect(byCourt).toMatchObject({ status: 'PUBLIC_NOTICE', attempts: [], unservedReason: null });
  });

  test('the current version of a channel is used, and demo addresses without a signed confirmation count', async () => {
    const party = await partyWith('冯静', [['MOBILE', '13800000000'], ['MOBILE', '13812345678']], false);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['MOBILE', 'DELIVERED']]);
    expect(s.attempts[0].address).toBe('138****5678');
  });

  test('every message names the sender, the document and the code, and warns against payment requests', async () => {
    const party = await partyWith('陈晨', [['MOBILE', '13600000000'], ['EMAIL', 'chenchen@example.cn']]);
    const before = sent.length;
    const s = await serve(c.yiwuMediator, party, { kind: 'SETTLEMENT', title: '调解协议：货款分期支付' });
    const messages = sent.slice(before);
    expect(messages.map((m) => [m.channel, m.address])).toEqual([['MOBILE', '13600000000'], ['EMAIL', 'chenchen@example.cn']]);
    expect(messages.map((m) => m.attemptId)).toEqual(s.attempts.map((a: any) => a.id));
    for (const { message } of messages) {
      expect(message).toContain(`Mediator ${DEMO.mediators.zhouLei} of the mediation organisation ${MEDIATION} serves on you`);
      expect(message).toContain('settlement agreement: "调解协议：货款分期支付"');
      expect(message).toContain(s.sender.verificationCode);
      expect(message).toContain('verifyServiceCode');
      expect(message).toContain('never asks for payment or passwords');
    }
    expect(s.sender).toMatchObject({ role: 'MEDIATOR', mediator: { id: DEMO.mediators.zhouLei }, mediationOrganization: { id: MEDIATION }, court: null, arbitrationInstitution: null });
    expect(s.sender.howToVerify).toContain(s.sender.verificationCode);
    expect(s.sender.howToVerify).toContain('never asks for payment or passwords');
  });
});

describe('receipts from providers', () => {
  test('an accepted message stays SENT until its receipt; DELIVERED serves the document', async () => {
    const party = await partyWith('林森', [['MOBILE', '13999999999'], ['EMAIL', 'linsen@example.cn']]);
    const s = await serve(c.yiwuJudge, party);
    expect(channels(s)).toEqual([['MOBILE', 'SENT']]);
    expect(s).toMatchObject({ status: 'IN_PROGRESS', servedAt: null });
    const r = await sg.request(RECEIPT, { input: { attemptId: s.attempts[0].id, status: 'DELIVERED', receipt: 'SMSC-88231' } }, c.admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordDeliveryReceipt).toMatchObject({ status: 'DELIVERED', receipt: 'SMSC-88231', address: '13999999999' });
    const after = (await sg.request(GET, { id: s.id }, c.admin)).data.documentService;
    expect(after).toMatchObject({ status: 'DELIVERED', servedAt: r.data.recordDeliveryReceipt.deliveredAt });
    expect(channels(after)).toEqual([['MOBILE', 'DELIVERED']]);
    // Receipts are not repeated: the attempt is no longer SENT.
    const again = await sg.request(RECEIPT, { input: { attemptId: s.attempts[0].id, status: 'FAILED', failureReason: 'late bounce' } }, c.admin);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'DELIVERED' });
    expect((await sg.request(GET, { id: s.id }, c.admin)).data.documentService.status).toBe('DELIVERED');
  });

  test('a FAILED receipt falls through to the next channel in the same step, and finally to public notice', async () => {
    const party = await partyWith('黄河', [['MOBILE', '13599999999'], ['EMAIL', 'huanghe@pending.example']]);
    const s = await serve(c.yiwuJudge, party);
    const first = await sg.request(RECEIPT, { input: { attemptId: s.attempts[0].id, status: 'FAILED', failureReason: 'Handset unreachable for 72 hours' } }, c.admin);
    expect(first.data.recordDeliveryReceipt).toMatchObject({ status: 'FAILED', failureReason: 'Handset unreachable for 72 hours', failedAt: expect.any(String) });
    const mid = (await sg.request(GET, { id: s.id }, c.admin)).data.documentService;
    expect(channels(mid)).toEqual([['MOBILE', 'FAILED'], ['EMAIL', 'SENT']]);
    expect(mid.status).toBe('IN_PROGRESS');
    await sg.request(RECEIPT, { input: { attemptId: mid.attempts[1].id, status: 'FAILED', failureReason: 'Mailbox full' } }, c.admin);
    const end = (await sg.request(GET, { id: s.id }, c.admin)).data.documentService;
    expect(channels(end)).toEqual([['MOBILE', 'FAILED'], ['EMAIL', 'FAILED']]);
    expect(end.status).toBe('PUBLIC_NOTICE');
    const events = (await sg.events({ types: ['DocumentServedByPublicNotice'] })).filter((e) => e.aggregateId === s.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor.role).toBe('admin');
  });

  test('a mediator\'s FAILED receipt with nothing left ends UNSERVED, not in public notice', async () => {
    const party = await partyWith('邓超', [['MOBILE', '13299999999']]);
    const s = await serve(c.yiwuMediator, party, { kind: 'SETTLEMENT', title: 'Settlement agreement' });
    expect(s.status).toBe('IN_PROGRESS');
    await sg.request(RECEIPT, { input: { attemptId: s.attempts[0].id, status: 'FAILED', failureReason: 'Number no longer assigned' } }, c.admin);
    const end = (await sg.request(GET, { id: s.id }, c.admin)).data.documentService;
    expect(end).toMatchObject({ status: 'UNSERVED', publicNoticeAt: null, servedAt: null });
    expect(end.unservedReason).toContain('MOBILE: Number no longer assigned');
  });

  test('only admins record receipts; bad receipts change nothing', async () => {
    const party = await partyWith('白雪', [['MOBILE', '13499999999']]);
    const s = await serve(c.yiwuJudge, party);
    const attemptId = s.attempts[0].id;
    const cases: [Caller, Record<string, unknown>, string, Record<string, unknown>?][] = [
      [c.yiwuJudge, { attemptId, status: 'DELIVERED' }, 'FORBIDDEN'],
      [party.self, { attemptId, status: 'DELIVERED' }, 'FORBIDDEN'],
      [c.anonymous, { attemptId, status: 'DELIVERED' }, 'UNAUTHENTICATED'],
      [c.admin, { attemptId, status: 'SENT' }, 'BAD_USER_INPUT', { field: 'status', rule: 'RECEIPT_STATUS' }],
      [c.admin, { attemptId, status: 'READ' }, 'BAD_USER_INPUT', { field: 'status', rule: 'RECEIPT_STATUS' }],
      [c.admin, { attemptId, status: 'FAILED' }, 'BAD_USER_INPUT', { field: 'failureReason', rule: 'FAILURE_REASON_REQUIRED' }],
      [c.admin, { attemptId, status: 'FAILED', failureReason: '   ' }, 'BAD_USER_INPUT', { field: 'failureReason', rule: 'FAILURE_REASON_REQUIRED' }],
      [c.admin, { attemptId, status: 'DELIVERED', failureReason: 'why' }, 'BAD_USER_INPUT', { field: 'failureReason', rule: 'FAILURE_REASON_UNEXPECTED' }],
      [c.admin, { attemptId, status: 'DELIVERED', receipt: 'x'.repeat(201) }, 'BAD_USER_INPUT', { field: 'receipt', rule: 'RECEIPT_FORMAT' }],
      [c.admin, { attemptId: 'sat_nope', status: 'DELIVERED' }, 'NOT_FOUND'],
    ];
    const before = { attempts: await count(serviceAttempts), outbox: await count(outbox) };
    for (const [caller, receipt, code, details] of cases) {
      const r = await sg.request(RECEIPT, { input: receipt }, caller);
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions).toMatchObject({ code, ...details });
    }
    expect({ attempts: await count(serviceAttempts), outbox: await count(outbox) }).toEqual(before);
    const [row] = await db().select().from(serviceAttempts).where(eq(serviceAttempts.id, attemptId));
    expect(row).toMatchObject({ status: 'SENT', deliveredAt: null, failedAt: null });
  });
});

describe('the party opens the document', () => {
  test('the delivered attempt and the service become READ; opening again changes nothing', async () => {
    const party = await partyWith('高远', [['IN_APP', 'hub:gaoyuan']]);
    const s = await serve(c.yiwuJudge, party);
    const r = await sg.request(OPEN, { id: s.id }, party.self);
    expect(r.errors).toBeUndefined();
    const read = r.data.openServedDocument;
    expect(read.status).toBe('READ');
    expect(channels(read)).toEqual([['IN_APP', 'READ']]);
    expect(read.attempts[0].readAt).not.toBeNull();
    expect(read.servedAt).toBe(s.servedAt);
    const again = await sg.request(OPEN, { id: s.id }, party.self);
    expect(again.data.openServedDocument).toEqual(read);
  });

  test('only the party served, and only a delivered document', async () => {
    const party = await partyWith('罗兰', [['IN_APP', 'hub:luolan']]);
    const s = await serve(c.yiwuJudge, party);
    expect((await sg.request(OPEN, { id: s.id }, c.lina)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sg.request(OPEN, { id: s.id }, c.yiwuJudge)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(OPEN, { id: s.id }, c.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await sg.request(OPEN, { id: 'dsv_nope' }, party.self)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const pending = await partyWith('罗杰', [['MOBILE', '13399999999']]);
    const p = await serve(c.yiwuJudge, pending);
    expect((await sg.request(OPEN, { id: p.id }, pending.self)).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_PROGRESS' });
    const gone = await partyWith('罗宾', []);
    const g = await serve(c.yiwuJudge, gone);
    expect((await sg.request(OPEN, { id: g.id }, gone.self)).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PUBLIC_NOTICE' });
    expect((await sg.request(GET, { id: s.id }, party.self)).data.documentService.status).toBe('DELIVERED');
  });
});

describe('verifying a code (anti-scam)', () => {
  test('a genuine code names the sender and the document, with the party masked; anyone may ask', async () => {
    const party = await partyWith('欧阳娜娜', [['IN_APP', 'hub:ouyang']]);
    const s = await serve(c.yiwuClerk, party, { kind: 'JUDGMENT', title: 'Judgment of first instance' });
    expect(s.sender.verificationCode).toMatch(/^FQ-[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);
    for (const caller of [c.anonymous, c.platform, c.lina]) {
      const r = await sg.request(VERIFY, { code: s.sender.verificationCode }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.verifyServiceCode).toEqual({
        kind: 'JUDGMENT', title: 'Judgment of first instance', partyName: '欧***', sentAt: s.createdAt,
        sender: { role: 'COURT', court: { id: YIWU }, mediator: null, mediationOrganization: null, verificationCode: s.sender.verificationCode, howToVerify: s.sender.howToVerify },
      });
    }
    // As typed from an SMS: lower case, spaces instead of dashes, without the FQ.
    const typed = s.sender.verificationCode.slice(3).toLowerCase().replace('-', ' ');
    expect((await sg.request(VERIFY, { code: typed }, c.anonymous)).data.verifyServiceCode?.title).toBe('Judgment of first instance');
  });

  test('an unknown or malformed code answers null and nothing else', async () => {
    for (const code of ['FQ-22222-22222', 'FQ-7KQ2M-XH4PB', '', 'not a code', 'FQ-OOOOO-IIIII', 'x'.repeat(5000), "FQ-' OR 1=1 --"]) {
      const r = await sg.request(VERIFY, { code }, c.anonymous);
      expect(r.errors).toBeUndefined();
      expect(r.data.verifyServiceCode).toBeNull();
    }
  });

  test('the demo summons went to public notice; its code checks out', async () => {
    const r = await sg.request(VERIFY, { code: DEMO_SERVICES.summons.code }, c.anonymous);
    expect(r.data.verifyServiceCode).toMatchObject({ kind: 'SUMMONS', partyName: '赵*', sender: { role: 'COURT', court: { id: YIWU } } });
    const me = await sg.request(`{ me { servedDocuments { ${SERVICE} } } }`, {}, c.zhaoLei);
    expect(me.errors).toBeUndefined();
    const [summons] = me.data.me.servedDocuments.filter((d: any) => d.id === DEMO_SERVICES.summons.id);
    expect(summons).toMatchObject({ status: 'PUBLIC_NOTICE', publicNoticeAt: '2026-07-29T08:00:00.000Z', servedAt: '2026-08-28T08:00:00.000Z' });
    expect(channels(summons)).toEqual([['MOBILE', 'FAILED'], ['POSTAL', 'FAILED']]);
  });
});

describe('who may serve what', () => {
  let party: Awaited<ReturnType<typeof partyWith>>;
  beforeAll(async () => {
    party = await partyWith('何平', [['IN_APP', 'hub:heping']]);
  });
  const allowed: Record<string, string[]> = {
    yiwuJudge: ['NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD'],
    yiwuMediator: ['NOTICE', 'SETTLEMENT'],
    caseManager: ['NOTICE', 'SETTLEMENT'],
    arbitrator: ['NOTICE', 'AWARD'],
  };
  const senderRole: Record<string, string> = { yiwuJudge: 'COURT', yiwuMediator: 'MEDIATOR', caseManager: 'MEDIATION_ORGANIZATION', arbitrator: 'ARBITRATOR' };
  const kinds = ['NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD'];

  test.each(Object.keys(allowed).flatMap((who) => kinds.map((kind) => [who, kind] as const)))('%s serving a %s', async (who, kind) => {
    const before = await count(documentServices);
    const r = await sg.request(SERVE, { input: input(party, { kind }), k: key() }, (c as Record<string, Caller>)[who]);
    if (allowed[who]!.includes(kind)) {
      expect(r.errors).toBeUndefined();
      expect(r.data.serveDocument).toMatchObject({ kind, status: 'DELIVERED', sender: { role: senderRole[who] } });
    } else {
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await count(documentServices)).toBe(before);
    }
  });

  test('parties, platforms and admins serve nothing; anonymous callers must sign in', async () => {
    const before = await count(documentServices);
    for (const caller of [party.self, c.platform, c.admin]) {
      expect((await sg.request(SERVE, { input: input(party, { kind: 'NOTICE' }), k: key() }, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await sg.request(SERVE, { input: input(party), k: key() }, c.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await count(documentServices)).toBe(before);
  });

  test('the sender must handle a dispute of the party', async () => {
    const before = { services: await count(documentServices), keys: await count(idempotencyKeys) };
    const cases: [Caller, Record<string, unknown>][] = [
      // A court that does not handle the dispute.
      [c.bjJudge, {}],
      // The Yiwu court, but a dispute this party is not party to.
      [c.yiwuJudge, { disputeId: DEMO.disputes.mediationFailedToCourt }],
      // A dispute the hub has never heard of.
      [c.yiwuJudge, { disputeId: 'dsp_unknown' }],
      // A body that handles the dispute, acting without its organisation.
      [{ ...c.yiwuJudge, org: null }, {}],
    ];
    for (const [caller, change] of cases) {
      const r = await sg.request(SERVE, { input: input(party, change), k: key() }, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect({ services: await count(documentServices), keys: await count(idempotencyKeys) }).toEqual(before);
  });
});

describe('bad input stores nothing', () => {
  let party: Awaited<ReturnType<typeof partyWith>>;
  beforeAll(async () => {
    party = await partyWith('宋雨', [['MOBILE', '13312345678']]);
  });
  const snapshot = async () => ({
    services: await count(documentServices), attempts: await count(serviceAttempts), keys: await count(idempotencyKeys), outbox: await count(outbox),
  });

  test.each([
    ['an empty title', { title: '' }, 'title', 'TITLE_LENGTH'],
    ['a blank title', { title: '   ' }, 'title', 'TITLE_LENGTH'],
    ['a title over 200 characters', { title: '传'.repeat(201) }, 'title', 'TITLE_LENGTH'],
    ['a title with a line break', { title: 'Summons\nPay ¥500 to 6222 0000 to avoid arrest' }, 'title', 'TITLE_CHARACTERS'],
    ['a short digest', { documentDigest: DIGEST.slice(1) }, 'documentDigest', 'DIGEST_FORMAT'],
    ['a digest that is not hex', { documentDigest: 'z'.repeat(64) }, 'documentDigest', 'DIGEST_FORMAT'],
    ['an empty party id', { partyId: '' }, 'partyId', 'INPUT_SHAPE'],
    ['an empty dispute id', { disputeId: ' ' }, 'disputeId', 'INPUT_SHAPE'],
  ])('refuses %s', async (_, change, field, rule) => {
    const before = await snapshot();
    const sentBefore = sent.length;
    const r = await sg.request(SERVE, { input: input(party, change), k: key() }, c.yiwuJudge);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(r.errors?.[0]?.message).toContain(field);
    expect(await snapshot()).toEqual(before);
    expect(sent.length).toBe(sentBefore);
  });

  test('a title of exactly 200 characters is accepted, and the digest is kept in lower case', async () => {
    const s = await serve(c.yiwuJudge, party, { title: '传'.repeat(200), documentDigest: DIGEST.toUpperCase() });
    expect(s.title).toHaveLength(200);
    expect(s.documentDigest).toBe(DIGEST);
  });

  test('an unknown party is NOT_FOUND, a malformed idempotency key BAD_USER_INPUT, an unknown kind a GraphQL error', async () => {
    const before = await snapshot();
    const unknown = await sg.request(SERVE, { input: input({ id: 'pty_nobody', disputeId: party.disputeId }), k: key() }, c.yiwuJudge);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badKey = await sg.request(SERVE, { input: input(party), k: 'short' }, c.yiwuJudge);
    expect(badKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const badKind = await sg.request(SERVE, { input: input(party, { kind: 'LETTER' }), k: key() }, c.yiwuJudge);
    expect(badKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await snapshot()).toEqual(before);
  });

  test('a provider that cannot be reached rolls the whole service back', async () => {
    const before = await snapshot();
    providerDown = true;
    const r = await sg.request(SERVE, { input: input(party), k: key() }, c.yiwuJudge);
    expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await snapshot()).toEqual(before);
  });
});

describe('idempotency', () => {
  test('a retried request returns the first service and sends nothing again; another input under the key is refused', async () => {
    const party = await partyWith('唐宁', [['EMAIL', 'tangning@example.cn']]);
    const k = key();
    const sentBefore = sent.length;
    const first = await serve(c.yiwuJudge, party, {}, k);
    const again = await serve(c.yiwuJudge, party, {}, k);
    expect(again).toEqual(first);
    expect(sent.length).toBe(sentBefore + 1);
    expect(await count(documentServices, eq(documentServices.partyId, party.id))).toBe(1);
    const other = await sg.request(SERVE, { input: input(party, { title: 'Another title' }), k }, c.yiwuJudge);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: another judge may use the same key.
    const clerk = await sg.request(SERVE, { input: input(party), k }, c.yiwuClerk);
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data.serveDocument.id).not.toBe(first.id);
  });
});

describe('who sees a service', () => {
  let party: Awaited<ReturnType<typeof partyWith>>;
  let s: any;
  beforeAll(async () => {
    party = await partyWith('谢安', [['MOBILE', '13100000000'], ['EMAIL', 'xiean@example.cn'], ['POSTAL', '浙江省义乌市稠城街道工人北路99号']]);
    s = await serve(c.yiwuJudge, party, { kind: 'NOTICE', title: 'Notice of the hearing date' });
  });

  test('the party sees its own addresses in full, and its read is not logged', async () => {
    const before = await count(personalDataReads, eq(personalDataReads.partyId, party.id));
    const r = await sg.request(GET, { id: s.id }, party.self);
    expect(r.data.documentService.attempts.map((a: any) => a.address)).toEqual(['13100000000', 'xiean@example.cn']);
    expect(await count(personalDataReads, eq(personalDataReads.partyId, party.id))).toBe(before);
  });

  test("the sender's body sees it with the addresses masked", async () => {
    for (const caller of [c.yiwuJudge, c.yiwuClerk]) {
      const r = await sg.request(GET, { id: s.id }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.documentService.attempts.map((a: any) => a.address)).toEqual(['131****0000', 'x***@example.cn']);
    }
  });

  test('admins see it in full, and the read is logged', async () => {
    const where = and(eq(personalDataReads.partyId, party.id), eq(personalDataReads.readerRole, 'admin'), eq(personalDataReads.field, 'serviceAddresses'));
    const before = await count(personalDataReads, where);
    const r = await sg.request(GET, { id: s.id }, c.admin);
    expect(r.data.documentService.attempts.map((a: any) => a.address)).toEqual(['13100000000', 'xiean@example.cn']);
    expect(await count(personalDataReads, where)).toBe(before + 1);
  });

  test('anyone else gets null: other courts, the mediation body of the same dispute, other parties, platforms', async () => {
    for (const caller of [c.bjJudge, c.yiwuMediator, c.lina, c.platform]) {
      const r = await sg.request(GET, { id: s.id }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.documentService).toBeNull();
    }
    expect((await sg.request(GET, { id: s.id }, c.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('servedDocuments lists the party its own, newest first; others get an empty list', async () => {
    const later = await serve(c.yiwuMediator, party, { kind: 'NOTICE', title: 'Invitation to mediation' });
    const mine = await sg.request('{ me { servedDocuments { id title } } }', {}, party.self);
    expect(mine.data.me.servedDocuments.map((d: any) => d.id)).toEqual([later.id, s.id]);
    const LIST = 'query($id: ID!) { party(id: $id) { servedDocuments { id } } }';
    expect((await sg.request(LIST, { id: party.id }, c.admin)).data.party.servedDocuments).toHaveLength(2);
    for (const caller of [c.yiwuJudge, c.lina, c.platform]) {
      const r = await sg.request(LIST, { id: party.id }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.party.servedDocuments).toEqual([]);
    }
  });
});
