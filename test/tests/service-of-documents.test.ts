import { DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';

/**
 * E-service of documents through the gateway: a court serves a summons on a party of a
 * dispute it handles (the relation reaches identity from disputes by events), the party sees
 * who is contacting it — the court's name comes from the courts subgraph — and anyone holding
 * the code can check it without signing in.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const P = DEMO.parties;
const DISPUTE = DEMO.disputes.mediationFailedToCourt;
const DIGEST = 'c0ffee'.repeat(10) + 'c0ff';
let keySeq = 0;
const key = (name: string) => `e-service-${name}-${++keySeq}`;

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}
const tokens = {
  court: () => hub.token('court', { sub: 'usr_judge_huang', org: DEMO.courts.yiwu }),
  otherCourt: () => hub.token('court', { sub: 'usr_judge_bj', org: DEMO.courts.beijingInternet }),
  mediator: () => hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation }),
  debtor: () => hub.token('party', { sub: P.discreditedDebtor }),
  supplier: () => hub.token('party', { sub: P.supplierCo }),
};

const SERVE = `mutation($input: ServeDocumentInput!, $k: String!) { serveDocument(input: $input, idempotencyKey: $k) {
  id kind title status servedAt dispute { id title } party { id name }
  sender { role court { id name } verificationCode howToVerify }
  attempts { channel address status receipt }
} }`;
const MINE = `{ me { servedDocuments { id kind title status servedAt publicNoticeAt
  sender { role court { name } verificationCode howToVerify }
  attempts { channel status address } } } }`;
const VERIFY = 'query($code: String!) { verifyServiceCode(code: $code) { kind title partyName sentAt sender { role court { name } howToVerify } } }';
const summons = { partyId: P.discreditedDebtor, disputeId: DISPUTE, kind: 'SUMMONS', title: 'Summons: (2026)浙0782民初3187号, continued hearing', documentDigest: DIGEST };

describe('a court serves a summons on a party of a dispute it handles', () => {
  let served: any;

  it('serves it once identity has heard from disputes who handles the dispute', async () => {
    const court = await tokens.court();
    const k = key('summons');
    // Refused (and nothing stored) until the participants event has been relayed; the same key is safe to retry.
    const res = await eventually(
      () => hub.query(SERVE, { input: summons, k }, court),
      (r) => r.errors?.[0]?.extensions?.code !== 'FORBIDDEN',
      'identity to learn that the Yiwu court handles the dispute',
    );
    served = ok(res).serveDocument;
    expect(served).toMatchObject({
      kind: 'SUMMONS', status: 'DELIVERED', dispute: { id: DISPUTE, title: 'Unpaid invoice for 2,000 toy sets' }, party: { id: P.discreditedDebtor, name: '赵磊' },
      sender: { role: 'COURT', court: { id: DEMO.courts.yiwu, name: '义乌市人民法院' } },
    });
    // His mobile comes first and the simulated SMS gateway delivers it; the court sees it masked.
    expect(served.attempts).toEqual([{ channel: 'MOBILE', address: '136****8899', status: 'DELIVERED', receipt: expect.stringMatching(/^SMS-/) }]);
    expect(served.servedAt).not.toBeNull();
  });

  it('the party sees who is contacting it and how to check, with the court named by the courts subgraph', async () => {
    const debtor = await tokens.debtor();
    const docs = ok(await hub.query(MINE, {}, debtor)).me.servedDocuments;
    const mine = docs.find((d: any) => d.id === served.id);
    expect(mine).toMatchObject({
      status: 'DELIVERED',
      sender: { role: 'COURT', court: { name: '义乌市人民法院' }, verificationCode: served.sender.verificationCode },
      attempts: [{ channel: 'MOBILE', status: 'DELIVERED', address: '13605798899' }],
    });
    expect(mine.sender.howToVerify).toContain(served.sender.verificationCode);
    expect(mine.sender.howToVerify).toContain('never asks for payment or passwords');
    // The demo summons of July went to public notice: SMS and registered mail both failed.
    expect(docs.find((d: any) => d.status === 'PUBLIC_NOTICE')).toMatchObject({
      kind: 'SUMMONS', attempts: [{ channel: 'MOBILE', status: 'FAILED' }, { channel: 'POSTAL', status: 'FAILED' }],
    });
    // Newest first.
    expect(docs[0].id).toBe(served.id);
  });

  it('anyone can check the code without signing in; an unknown code answers null', async () => {
    const genuine = ok(await hub.query(VERIFY, { code: served.sender.verificationCode.toLowerCase() }));
    expect(genuine.verifyServiceCode).toMatchObject({
      kind: 'SUMMONS', title: summons.title, partyName: '赵*', sender: { role: 'COURT', court: { name: '义乌市人民法院' } },
    });
    expect(ok(await hub.query(VERIFY, { code: 'FQ-22222-22222' })).verifyServiceCode).toBeNull();
  });

  it('the party opens it: READ', async () => {
    const debtor = await tokens.debtor();
    const opened = ok(await hub.query('mutation($id: ID!) { openServedDocument(serviceId: $id) { status attempts { status readAt } } }', { id: served.id }, debtor));
    expect(opened.openServedDocument).toMatchObject({ status: 'READ', attempts: [{ status: 'READ', readAt: expect.any(String) }] });
  });

  it('nobody else sees it: another court, the other party of the dispute', async () => {
    const GET = 'query($id: ID!) { documentService(id: $id) { id } }';
    for (const token of [await tokens.otherCourt(), await tokens.supplier()]) {
      expect(ok(await hub.query(GET, { id: served.id }, token)).documentService).toBeNull();
    }
    expect(ok(await hub.query(GET, { id: served.id }, await tokens.court())).documentService).toEqual({ id: served.id });
  });
});

describe('refusals store nothing', () => {
  const count = async () => ok(await hub.query(MINE, {}, await tokens.debtor())).me.servedDocuments.length as number;

  it('refuses bad input, a kind the sender may not serve, and a court that does not handle the dispute', async () => {
    const before = await count();
    const cases: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
      ['court', { title: '' }, 'BAD_USER_INPUT', { field: 'title', rule: 'TITLE_LENGTH' }],
      ['court', { documentDigest: 'not-a-digest' }, 'BAD_USER_INPUT', { field: 'documentDigest', rule: 'DIGEST_FORMAT' }],
      ['court', { partyId: 'pty_nobody' }, 'NOT_FOUND', {}],
      ['mediator', { kind: 'SUMMONS' }, 'FORBIDDEN', {}],
      ['otherCourt', {}, 'FORBIDDEN', {}],
    ];
    for (const [who, change, code, details] of cases) {
      const res = await hub.query(SERVE, { input: { ...summons, ...change }, k: key('bad') }, await tokens[who as keyof typeof tokens]());
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, ...details });
    }
    const anonymous = await hub.query(SERVE, { input: summons, k: key('anonymous') });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await count()).toBe(before);
  });

  it('a mediator of the same dispute may serve a notice', async () => {
    const res = ok(await hub.query(SERVE, { input: { ...summons, kind: 'NOTICE', title: 'Invitation to a settlement meeting' }, k: key('notice') }, await tokens.mediator()));
    expect(res.serveDocument).toMatchObject({ kind: 'NOTICE', status: 'DELIVERED', sender: { role: 'MEDIATOR', court: null } });
  });
});

describe('public notice is a court\'s act', () => {
  it('a mediation organisation that has no way to reach the party ends unserved, pointing to lost-connection repair', async () => {
    const admin = await hub.token('admin', { sub: 'usr_admin' });
    // A respondent registered without confirming any address for service.
    const registered = ok(await hub.query('mutation($input: RegisterPartyInput!, $k: String!) { registerParty(input: $input, idempotencyKey: $k) { id } }', {
      input: { name: 'Unreachable Trading Ltd', kind: 'ORGANIZATION', idType: 'PASSPORT', idNumber: 'UT20261202', jurisdiction: 'FOREIGN' }, k: key('register'),
    }, admin)).registerParty.id as string;
    const buyer = await hub.token('party', { sub: P.buyerLiNa });
    const disputeId = ok(await hub.query('mutation($input: FileDisputeInput!, $k: String!) { fileDispute(input: $input, idempotencyKey: $k) { id } }', {
      input: { title: 'Deposit never returned', description: 'The seller kept a 500 yuan deposit', category: 'CONTRACT', respondentId: registered, claimAmount: '500.00' }, k: key('file'),
    }, buyer)).fileDispute.id as string;
    ok(await hub.query('mutation($id: ID!, $k: String!) { routeDispute(disputeId: $id, track: MEDIATION, destination: { bodyId: "mor_yiwu_market" }, idempotencyKey: $k) { status } }', { id: disputeId, k: key('route') }, buyer));

    const caseManager = await hub.token('mediation_org', { sub: 'case-manager-yiwu', org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const notice = { partyId: registered, disputeId, kind: 'NOTICE', title: 'Notice of the first mediation session', documentDigest: DIGEST };
    const k = key('notice');
    const res = await eventually(
      () => hub.query(`mutation($input: ServeDocumentInput!, $k: String!) { serveDocument(input: $input, idempotencyKey: $k) {
        id status servedAt publicNoticeAt unservedAt unservedReason attempts { channel } sender { role mediationOrganization { id } } } }`, { input: notice, k }, caseManager),
      (r) => r.errors?.[0]?.extensions?.code !== 'FORBIDDEN',
      'identity to learn that the mediation organisation handles the dispute',
    );
    const served = ok(res).serveDocument;
    expect(served).toMatchObject({
      status: 'UNSERVED', servedAt: null, publicNoticeAt: null, unservedAt: expect.any(String), attempts: [],
      sender: { role: 'MEDIATION_ORGANIZATION', mediationOrganization: { id: DEMO.mediationOrganizations.yiwuMarketMediation } },
    });
    expect(served.unservedReason).toContain('the party has no confirmed service address');
    expect(served.unservedReason).toContain('Only a court may serve by public notice');
    expect(served.unservedReason).toContain('repairContact');
  });
});

