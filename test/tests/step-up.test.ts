/**
 * Step-up confirmation of legal acts against a whole hub (docs/step-up.md): signing a
 * settlement, confirming service addresses and applying for judicial confirmation need the
 * party's own one-time code — a platform-minted widget token cannot do them alone, nor can a
 * party's own token without the code. A right code becomes a proof for exactly one act,
 * subject and content, of exactly one party, and the act records it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { canonicalHash, DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';
import { actAsParty, exchangeCode, readCode, requestCode, stepUp, STEP_UP_HEADER, stepUpRequired } from '../src/step-up.js';

const P = DEMO.parties;
const BUYER = P.buyerLiNa; // bought the lanterns on Silk Road Mall from Yiwu Festival Crafts
const MERCHANT = P.merchantYiwuCrafts;

/** The widget's own operations, as its trusted-document manifest names them. */
const trusted = (text: string) => [`sha256:${createHash('sha256').update(text).digest('hex')}`, text] as const;
const [REQUEST_DOC, REQUEST_TEXT] = trusted('mutation WidgetRequestCode($input: RequestActConfirmationInput!) { requestActConfirmation(input: $input) { id act channel sentTo expiresAt } }');
const [SIGN_DOC, SIGN_TEXT] = trusted('mutation WidgetSign($caseId: ID!) { signSettlement(caseId: $caseId) { id status settlement { signatures { side partyConfirmation { challengeId contentHash } } } } }');
const [ADDRESSES_DOC, ADDRESSES_TEXT] = trusted('mutation WidgetAddresses($input: ConfirmServiceAddressesInput!, $idempotencyKey: String!) { confirmServiceAddresses(input: $input, idempotencyKey: $idempotencyKey) { id partyConfirmation { challengeId contentHash } } }');

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ trustedDocuments: { [REQUEST_DOC]: REQUEST_TEXT, [SIGN_DOC]: SIGN_TEXT, [ADDRESSES_DOC]: ADDRESSES_TEXT } });
}, 120_000);
afterAll(() => hub?.stop());

let keySeq = 0;
const key = (name: string) => `step-up-${name}-${++keySeq}`;
const ok = <T = any>(res: GraphQLResponse<T>): T => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
};
const rows = async (subgraph: string, table: string): Promise<number> => {
  const result = await (hub.subgraphs[subgraph]!.database.db as any).execute(sql.raw(`select count(*)::int as n from ${subgraph}.${table}`));
  return (result.rows ?? result)[0].n;
};

/** A widget token for the lanterns order's buyer, as Silk Road Mall's backend gets one. */
async function widgetToken(partyId = BUYER): Promise<string> {
  const res = await fetch(new URL('/auth/widget-token', hub.gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token('platform', { org: DEMO.platforms.silkRoadMall })}` },
    body: JSON.stringify({ partyId, orderId: DEMO.orders.lanterns }),
  });
  const body = (await res.json()) as { token: string };
  return body.token;
}
/** A trusted document as the widget sends it. */
async function widget<T = any>(documentId: string, variables: Record<string, unknown>, token: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ documentId, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}
const party = (sub: string) => hub.token('party', { sub });
const signatures = async (caseId: string) =>
  ok(await hub.query('query($id: ID!) { mediationCase(id: $id) { settlement { signatures { side partyConfirmation { challengeId } } } } }', { id: caseId }, await hub.token('admin'))).mediationCase.settlement.signatures;

/** A mediation case of Li Na against Yiwu Festival Crafts, in session with a drafted settlement. */
async function draftedSettlement(): Promise<{ disputeId: string; caseId: string; contentHash: string }> {
  const buyer = await party(BUYER);
  const disputeId = ok(await hub.query(FILE_DISPUTE, {
    input: { title: 'Lanterns broken', description: 'Half arrived broken', category: 'CONSUMER_PURCHASE', respondentId: MERCHANT, originOrderId: DEMO.orders.lanterns, claimAmount: '86.00' },
    key: key('file'),
  }, buyer)).fileDispute.id as string;
  ok(await hub.query('mutation($id: ID!, $dest: RouteDestinationInput, $k: String!) { routeDispute(disputeId: $id, track: MEDIATION, destination: $dest, idempotencyKey: $k) { status } }', {
    id: disputeId, dest: { bodyId: DEMO.mediationOrganizations.yiwuMarketMediation }, k: key('route'),
  }, buyer));
  const caseId = await eventually(
    async () => ok(await hub.query('query($id: ID!) { dispute(id: $id) { mediation { id } } }', { id: disputeId }, buyer)).dispute.mediation?.id as string | undefined,
    (id) => !!id, 'the mediation referral',
  ) as string;
  const org = await hub.token('mediation_org', { sub: 'case-manager', org: DEMO.mediationOrganizations.yiwuMarketMediation });
  const mediator = await hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });
  ok(await hub.query('mutation($c: ID!) { acceptReferral(caseId: $c) { status } }', { c: caseId }, org));
  ok(await hub.query('mutation($c: ID!, $m: ID!) { assignMediator(caseId: $c, mediatorId: $m) { status } }', { c: caseId, m: DEMO.mediators.zhouLei }, org));
  ok(await hub.query('mutation($c: ID!, $k: String!) { recordContactAttempt(caseId: $c, reached: true, channel: VIRTUAL_NUMBER, idempotencyKey: $k) { status } }', { c: caseId, k: key('contact') }, mediator));
  const drafted = ok(await hub.query('mutation($c: ID!, $k: String!) { draftSettlement(caseId: $c, input: { terms: "The merchant refunds 86 yuan." }, idempotencyKey: $k) { settlement { contentHash } } }', { c: caseId, k: key('draft') }, mediator));
  return { disputeId, caseId, contentHash: drafted.draftSettlement.settlement.contentHash };
}

describe('signing a settlement', () => {
  let c: Awaited<ReturnType<typeof draftedSettlement>>;
  beforeAll(async () => {
    c = await draftedSettlement();
  }, 60_000);

  test('a widget token alone cannot sign: STEP_UP_REQUIRED names the act, the case and the draft\'s hash, and nothing is stored', async () => {
    const token = await widgetToken();
    const r = await widget(SIGN_DOC, { caseId: c.caseId }, token);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', act: 'SIGN_SETTLEMENT', subjectId: c.caseId, contentHash: c.contentHash });
    expect(r.data).toBeNull();
    expect(await signatures(c.caseId)).toEqual([]);
  });

  test('a party\'s own token without the code cannot sign either', async () => {
    const r = await hub.query('mutation($c: ID!) { signSettlement(caseId: $c) { status } }', { c: c.caseId }, await party(MERCHANT));
    expect(stepUpRequired(r)).toEqual({ act: 'SIGN_SETTLEMENT', subjectId: c.caseId, contentHash: c.contentHash });
    expect(await signatures(c.caseId)).toEqual([]);
  });

  test('a wrong code is refused; the right one signs through the widget, the challenge recorded with the signature; a used challenge is refused', async () => {
    const token = await widgetToken();
    const challenge = ok(await widget(REQUEST_DOC, { input: { act: 'SIGN_SETTLEMENT', subjectId: c.caseId, contentHash: c.contentHash } }, token)).requestActConfirmation;
    expect(challenge).toMatchObject({ act: 'SIGN_SETTLEMENT', channel: 'MOBILE', sentTo: '138****1234' });
    const code = await readCode(hub, BUYER);
    const wrong = await exchangeCode(hub, token, challenge.id, code === '000000' ? '999999' : '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'CODE_MISMATCH', attemptsLeft: 4 });

    const right = await exchangeCode(hub, token, challenge.id, code);
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ act: 'SIGN_SETTLEMENT', subjectId: c.caseId, contentHash: c.contentHash, proof: expect.any(String), expiresAt: expect.any(String) });

    const signed = await widget(SIGN_DOC, { caseId: c.caseId }, token, { [STEP_UP_HEADER]: right.body.proof });
    expect(signed.errors).toBeUndefined();
    expect(signed.data.signSettlement.settlement.signatures).toEqual([{ side: 'CLAIMANT', partyConfirmation: { challengeId: challenge.id, contentHash: c.contentHash } }]);

    const reused = await exchangeCode(hub, token, challenge.id, code);
    expect(reused.status).toBe(409);
    expect(reused.body.errors[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CONFIRMED' });
  });

  test('a proof for party A does not sign for party B; a proof for other content or another act signs nothing', async () => {
    const linas = await stepUp(hub, await party(BUYER), 'SIGN_SETTLEMENT', c.caseId, c.contentHash);
    const merchant = await party(MERCHANT);
    const q = 'mutation($c: ID!) { signSettlement(caseId: $c) { status } }';
    expect(stepUpRequired(await hub.query(q, { c: c.caseId }, merchant, { [STEP_UP_HEADER]: linas.proof }))).toBeDefined();
    const otherContent = await stepUp(hub, merchant, 'SIGN_SETTLEMENT', c.caseId, 'f'.repeat(64));
    expect(stepUpRequired(await hub.query(q, { c: c.caseId }, merchant, { [STEP_UP_HEADER]: otherContent.proof }))).toBeDefined();
    const otherAct = await stepUp(hub, merchant, 'APPLY_FOR_JUDICIAL_CONFIRMATION', c.caseId, c.contentHash);
    expect(stepUpRequired(await hub.query(q, { c: c.caseId }, merchant, { [STEP_UP_HEADER]: otherAct.proof }))).toBeDefined();
    expect((await signatures(c.caseId)).map((s: any) => s.side)).toEqual(['CLAIMANT']);

    // The merchant's own confirmation of this very content seals the agreement.
    const sealed = await actAsParty(hub, 'mutation($c: ID!) { signSettlement(caseId: $c) { status settlement { signatures { side partyConfirmation { challengeId } } } } }', { c: c.caseId }, merchant);
    expect(sealed.errors).toBeUndefined();
    expect(sealed.data.signSettlement.status).toBe('SETTLED');
    expect(sealed.data.signSettlement.settlement.signatures.map((s: any) => Boolean(s.partyConfirmation?.challengeId))).toEqual([true, true]);
  });

  test('applying for judicial confirmation needs the applicant\'s code too, and records it', async () => {
    const settlement = ok(await hub.query('query($id: ID!) { mediationCase(id: $id) { settlement { id signedAt } } }', { id: c.caseId }, await hub.token('admin'))).mediationCase.settlement;
    const input = { disputeId: c.disputeId, claimantId: BUYER, respondentId: MERCHANT, courtId: DEMO.courts.yiwu, settlementReference: settlement.id, settlementEffectiveAt: settlement.signedAt };
    const q = 'mutation($input: ApplyForJudicialConfirmationInput!, $k: String!) { applyForJudicialConfirmation(input: $input, idempotencyKey: $k) { id status partyConfirmation { challengeId contentHash } } }';
    const buyer = await party(BUYER);
    const before = await rows('courts', 'judicial_confirmations');
    const bare = await hub.query(q, { input, k: key('jc') }, buyer);
    expect(stepUpRequired(bare)).toEqual({
      act: 'APPLY_FOR_JUDICIAL_CONFIRMATION', subjectId: settlement.id,
      contentHash: canonicalHash({ ...input, settlementEffectiveAt: new Date(settlement.signedAt) }),
    });
    expect(await rows('courts', 'judicial_confirmations')).toBe(before);
    const applied = await actAsParty(hub, q, { input, k: key('jc') }, buyer);
    expect(applied.errors).toBeUndefined();
    expect(applied.data.applyForJudicialConfirmation).toMatchObject({ status: 'APPLIED', partyConfirmation: { challengeId: expect.stringMatching(/^acc_/), contentHash: stepUpRequired(bare)!.contentHash } });
    expect(await rows('courts', 'judicial_confirmations')).toBe(before + 1);
  });
});

describe('confirming service addresses', () => {
  const input = {
    addresses: [{ channel: 'MOBILE', address: '13857901234' }, { channel: 'IN_APP', address: `hub:${BUYER}` }],
    acceptedStatement: '',
  };
  beforeAll(async () => {
    input.acceptedStatement = ok(await hub.query('{ serviceAddressStatement }')).serviceAddressStatement;
  });
  // The canonical form the widget hashes with WebCrypto: keys sorted, addresses in order, no whitespace.
  const contentHash = () => createHash('sha256').update(JSON.stringify({ acceptedStatement: input.acceptedStatement, addresses: input.addresses.map((a) => ({ address: a.address, channel: a.channel })) })).digest('hex');

  test('a widget token alone confirms nothing; with the code it does, once', async () => {
    const token = await widgetToken();
    const before = await rows('identity', 'service_address_confirmations');
    const bare = await widget(ADDRESSES_DOC, { input, idempotencyKey: key('addr') }, token);
    expect(stepUpRequired(bare)).toEqual({ act: 'CONFIRM_SERVICE_ADDRESSES', subjectId: BUYER, contentHash: contentHash() });
    expect(await rows('identity', 'service_address_confirmations')).toBe(before);

    // The proof for the settlement's act does not confirm addresses.
    const c = ok(await widget(REQUEST_DOC, { input: { act: 'CONFIRM_SERVICE_ADDRESSES', subjectId: BUYER, contentHash: contentHash() } }, token)).requestActConfirmation;
    const { body } = await exchangeCode(hub, token, c.id, await readCode(hub, BUYER));
    const done = await widget(ADDRESSES_DOC, { input, idempotencyKey: key('addr') }, token, { [STEP_UP_HEADER]: body.proof });
    expect(done.errors).toBeUndefined();
    expect(done.data.confirmServiceAddresses.partyConfirmation).toEqual({ challengeId: c.id, contentHash: contentHash() });
    expect(await rows('identity', 'service_address_confirmations')).toBe(before + 1);

    // The same proof for a second signing is refused: one code, one act.
    const again = await widget(ADDRESSES_DOC, { input, idempotencyKey: key('addr') }, token, { [STEP_UP_HEADER]: body.proof });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', reason: 'PROOF_USED' });
    expect(await rows('identity', 'service_address_confirmations')).toBe(before + 1);
  });

  test('another party\'s challenge cannot be exchanged', async () => {
    const challenge = await requestCode(hub, await party(P.buyerZhangWei), 'CONFIRM_SERVICE_ADDRESSES', P.buyerZhangWei, contentHash());
    const stolen = await exchangeCode(hub, await party(BUYER), challenge.id, await readCode(hub, P.buyerZhangWei));
    expect(stolen.status).toBe(404);
  });

  test('a platform token gets no proof, and a proof is no bearer token', async () => {
    const platform = await exchangeCode(hub, await hub.token('platform', { org: DEMO.platforms.silkRoadMall }), 'acc_x', '123456');
    expect(platform.status).toBe(403);
    const { proof } = await stepUp(hub, await party(P.buyerZhangWei), 'CONFIRM_SERVICE_ADDRESSES', P.buyerZhangWei, contentHash());
    expect((await hub.query('{ me { id } }', {}, proof)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
