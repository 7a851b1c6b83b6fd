import { and, eq } from 'drizzle-orm';
import { startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { ActConfirmationManager } from '../src/act-confirmation/act-confirmation-manager.js';
import { ActConfirmationStore } from '../src/act-confirmation/act-confirmation-store.js';
import { CODE_TTL_MS, codeDestinations, newCode } from '../src/act-confirmation/challenge.js';
import { actConfirmations, contactChannels, simulatedMessages } from '../src/db/schema.js';
import { identitySubgraph } from '../src/definition.js';
import { SeededCourier, type Courier, type CourierMessage } from '../src/service-of-documents/courier.js';
import { MessageLog } from '../src/service-of-documents/message-log.js';
import { callers, countRows, P } from './parties-support.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => {
  sg = await startTestSubgraph(identitySubgraph);
}, 30_000);
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
const HASH = 'c0ffee'.padEnd(64, '0');
const OTHER_HASH = 'beef'.padEnd(64, '1');

const REQUEST = `mutation($input: RequestActConfirmationInput!) { requestActConfirmation(input: $input) { id act channel sentTo expiresAt } }`;
const CONFIRM = `mutation($id: ID!, $code: String!) { confirmAct(challengeId: $id, code: $code) { challengeId act subjectId contentHash confirmedAt } }`;
const LOG = `query($p: ID!) { devMessageLog(partyId: $p, first: 1) { channel sentTo text sentAt } }`;

const request = (caller: Caller, act = 'SIGN_SETTLEMENT', subjectId = 'mcs_t_1', contentHash = HASH) =>
  sg.request(REQUEST, { input: { act, subjectId, contentHash } }, caller);
/** The code as the party reads it from its phone: here, the simulated providers' message log. */
async function lastCode(partyId: string): Promise<string> {
  const log = await sg.request(LOG, { p: partyId }, callers.admin);
  return /验证码 (\d{6})/.exec(log.data.devMessageLog[0].text)![1]!;
}

/** A manager over the test database with its own clock, limit and courier, for the rules that need them. */
function manager(options: { now?: () => Date; limit?: number; courier?: Courier } = {}) {
  const courier = options.courier ?? new SeededCourier();
  return new ActConfirmationManager(
    new ActConfirmationStore(db()), courier, new MessageLog(db(), courier),
    { limit: { limit: options.limit ?? 100, windowMinutes: 15 }, codeKey: Buffer.alloc(32, 7) },
    options.now,
  );
}

/** A courier that remembers what it sent, so a test reads the code as the party would. */
class Inbox implements Courier {
  readonly sent: CourierMessage[] = [];
  constructor(private readonly refuse: (m: CourierMessage) => boolean = () => false) {}
  async send(m: CourierMessage) {
    this.sent.push(m);
    return this.refuse(m) ? { accepted: false as const, reason: 'not in service' } : { accepted: true as const, receipt: 'SMS-1', deliveredAt: new Date() };
  }
  code(): string {
    return /验证码 (\d{6})/.exec(this.sent.at(-1)!.message)![1]!;
  }
}

describe('the code', () => {
  test('six random digits, leading zeros kept', () => {
    const codes = Array.from({ length: 2000 }, newCode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });

  test('goes to the confirmed mobile, masked in the answer; the message names the act and the start of the content hash', async () => {
    const r = await request(callers.lina);
    expect(r.errors).toBeUndefined();
    const challenge = r.data.requestActConfirmation;
    expect(challenge).toMatchObject({ id: expect.stringMatching(/^acc_/), act: 'SIGN_SETTLEMENT', channel: 'MOBILE', sentTo: '138****1234' });
    const ttl = Date.parse(challenge.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(CODE_TTL_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(CODE_TTL_MS);
    const log = (await sg.request(LOG, { p: P.buyerLiNa }, callers.admin)).data.devMessageLog[0];
    expect(log).toMatchObject({ channel: 'MOBILE', sentTo: '13857901234' });
    expect(log.text).toContain('签署调解协议');
    expect(log.text).toContain('signing a mediation settlement agreement');
    expect(log.text).toContain(HASH.slice(0, 8));
  });

  test('only a keyed hash is stored: the code appears nowhere in the challenge row', async () => {
    const { id } = (await request(callers.lina)).data.requestActConfirmation;
    const code = await lastCode(P.buyerLiNa);
    const [row] = await db().select().from(actConfirmations).where(eq(actConfirmations.id, id));
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
  });
});

describe('confirming', () => {
  test('a wrong code is refused and counted; the right one confirms exactly what was asked, once', async () => {
    const { id } = (await request(callers.lina, 'SIGN_SETTLEMENT', 'mcs_t_once')).data.requestActConfirmation;
    const code = await lastCode(P.buyerLiNa);
    const wrong = code === '000000' ? '000001' : '000000';
    const miss = await sg.request(CONFIRM, { id, code: wrong }, callers.lina);
    expect(miss.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'CODE_MISMATCH', attemptsLeft: 4 });
    // The failed try is kept although the mutation failed.
    expect((await db().select().from(actConfirmations).where(eq(actConfirmations.id, id)))[0].failedAttempts).toBe(1);

    const hit = await sg.request(CONFIRM, { id, code }, callers.lina);
    expect(hit.data.confirmAct).toEqual({ challengeId: id, act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_once', contentHash: HASH, confirmedAt: expect.any(String) });
    const again = await sg.request(CONFIRM, { id, code }, callers.lina);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CONFIRMED' });
  });

  test('the fifth wrong code locks the challenge: the right one no longer works', async () => {
    const { id } = (await request(callers.lina, 'SIGN_SETTLEMENT', 'mcs_t_lock')).data.requestActConfirmation;
    const code = await lastCode(P.buyerLiNa);
    const wrong = code === '111111' ? '222222' : '111111';
    const left: number[] = [];
    for (let i = 0; i < 5; i++) left.push((await sg.request(CONFIRM, { id, code: wrong }, callers.lina)).errors![0]!.extensions!.attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const late = await sg.request(CONFIRM, { id, code }, callers.lina);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'LOCKED' });
  });

  test('another party cannot use the challenge, nor learn that it exists', async () => {
    const { id } = (await request(callers.lina)).data.requestActConfirmation;
    const code = await lastCode(P.buyerLiNa);
    const r = await sg.request(CONFIRM, { id, code }, { role: 'party', sub: P.buyerZhangWei, org: null });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sg.request(CONFIRM, { id: 'acc_nope', code }, callers.lina)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('an expired code is refused, right or not', async () => {
    let now = new Date();
    const inbox = new Inbox();
    const m = manager({ now: () => now, courier: inbox });
    const { row } = await m.request(callers.lina, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_exp', contentHash: HASH });
    now = new Date(now.getTime() + CODE_TTL_MS + 1);
    await expect(m.confirm(callers.lina, row.id, inbox.code())).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', currentState: 'EXPIRED' } });
  });

  test('a malformed code is BAD_USER_INPUT and costs no try', async () => {
    // Another party: Li Na has used up her requests for this window (the default limit, 5 in 15 minutes).
    const zhangWei: Caller = { role: 'party', sub: P.buyerZhangWei, org: null };
    const { id } = (await request(zhangWei)).data.requestActConfirmation;
    const r = await sg.request(CONFIRM, { id, code: '12ab' }, zhangWei);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'CODE_FORMAT' });
    expect((await db().select().from(actConfirmations).where(eq(actConfirmations.id, id)))[0].failedAttempts).toBe(0);
  });
});

describe('asking for a code', () => {
  test('is for parties, about well-formed acts', async () => {
    for (const caller of [callers.yiwuJudge, callers.platform, callers.admin]) expect((await request(caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await request(callers.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await request(callers.lina, 'SIGN_SETTLEMENT', 'mcs_1', 'not-a-hash')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentHash' });
    expect((await request(callers.lina, 'SIGN_SETTLEMENT', 'mcs_1\nCall 123', HASH)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
    expect((await request(callers.lina, 'PAY_EVERYTHING')).errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  test('is limited per party: RATE_LIMITED with retryAfterSeconds, and nothing is stored or sent', async () => {
    const party: Caller = { role: 'party', sub: P.buyerWangFang, org: null };
    const inbox = new Inbox();
    const m = manager({ limit: 2, courier: inbox });
    await m.request(party, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_rl', contentHash: HASH });
    await m.request(party, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_rl', contentHash: HASH });
    const before = await countRows(db(), actConfirmations, eq(actConfirmations.partyId, P.buyerWangFang));
    await expect(m.request(party, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_rl', contentHash: OTHER_HASH })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
    });
    expect(await countRows(db(), actConfirmations, eq(actConfirmations.partyId, P.buyerWangFang))).toBe(before);
    expect(inbox.sent).toHaveLength(2);
  });

  test('falls through to the hub inbox when the mobile refuses', async () => {
    const inbox = new Inbox((m) => m.channel === 'MOBILE');
    const { row, sentTo } = await manager({ courier: inbox }).request(callers.lina, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_in', contentHash: HASH });
    expect(row.channel).toBe('IN_APP');
    expect(sentTo).toBe(`hub:${P.buyerLiNa}`);
    expect(inbox.sent.map((m) => m.channel)).toEqual(['MOBILE', 'IN_APP']);
  });
});

describe('a party without confirmed addresses', () => {
  let party: Caller;
  beforeAll(async () => {
    const r = await sg.request('mutation($k: String!, $input: RegisterPartyInput!) { registerParty(idempotencyKey: $k, input: $input) { id } }', {
      k: 'act-confirmation-new-party',
      input: { name: '孙丽', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '11010519491231002X', mobile: '139 1234 5678' },
    }, callers.platform);
    party = { role: 'party', sub: r.data.registerParty.id, org: null };
  });

  test('has no channel for a settlement yet: CONFLICT NO_CONFIRMATION_CHANNEL', async () => {
    expect((await request(party)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', rule: 'NO_CONFIRMATION_CHANNEL' });
  });

  test('confirms its first service addresses with the mobile given at registration, which the right code verifies', async () => {
    const r = await request(party, 'CONFIRM_SERVICE_ADDRESSES', party.sub!);
    expect(r.data.requestActConfirmation).toMatchObject({ channel: 'MOBILE', sentTo: '139****5678' });
    const mobile = () => db().select().from(contactChannels).where(and(eq(contactChannels.partyId, party.sub!), eq(contactChannels.kind, 'MOBILE')));
    expect((await mobile())[0].verified).toBe(false);
    await sg.request(CONFIRM, { id: r.data.requestActConfirmation.id, code: await lastCode(party.sub!) }, party);
    expect((await mobile())[0].verified).toBe(true);
    // Verified, the number now carries codes for every act.
    expect((await request(party)).data.requestActConfirmation).toMatchObject({ channel: 'MOBILE', sentTo: '139****5678' });
  });

  test('e-mail and post never carry a code', () => {
    const addresses = [{ channel: 'EMAIL', address: 'a@example.cn' }, { channel: 'POSTAL', address: '浙江省义乌市' }] as never[];
    expect(codeDestinations('SIGN_SETTLEMENT', addresses, [])).toEqual([]);
  });
});

describe('the demo message log', () => {
  test('admins only, and never in production', async () => {
    expect((await sg.request(LOG, { p: P.buyerLiNa }, callers.lina)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sg.request(LOG, { p: P.buyerLiNa }, callers.yiwuJudge)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const production = new MessageLog(db(), new SeededCourier(), { NODE_ENV: 'production' });
    await expect(production.read(callers.admin, P.buyerLiNa, 5)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  test('keeps nothing a real provider sent', async () => {
    const real: Courier = { send: async () => ({ accepted: true, receipt: 'SMS-real', deliveredAt: new Date() }) };
    const before = await countRows(db(), simulatedMessages);
    await manager({ courier: real }).request(callers.lina, { act: 'SIGN_SETTLEMENT', subjectId: 'mcs_t_real', contentHash: HASH });
    expect(await countRows(db(), simulatedMessages)).toBe(before);
  });
});
