import { startTestSubgraph, withStepUp, type Caller } from '@fengqiao/subgraph-kit';
import { idempotencyKeys, serviceAddressConfirmations, serviceAddresses } from '../src/db/schema.js';
import { identitySubgraph } from '../src/definition.js';
import { SERVICE_ADDRESS_STATEMENT, serviceAddressesHash } from '../src/service-address-library.js';
import { callers, countRows, P, participants } from './parties-support.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => {
  sg = await startTestSubgraph(identitySubgraph);
  await sg.deliver('disputes', [participants('dsp_t_lina', P.buyerLiNa, P.discreditedDebtor, [callers.yiwuJudge.org!])]);
}, 30_000);
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
const count = (table: any, where?: any) => countRows(db(), table, where);
const stored = async () => ({ confirmations: await count(serviceAddressConfirmations), addresses: await count(serviceAddresses), keys: await count(idempotencyKeys) });

const CONFIRM = `mutation($input: ConfirmServiceAddressesInput!, $k: String!) { confirmServiceAddresses(input: $input, idempotencyKey: $k) {
  id statement digest signedAt addresses { channel address version region { provinceCode province cityCode city countyCode county } } } }`;
/** A party confirms with the proof the gateway would forward after it typed the right code for exactly this input. */
const confirmedBy = (caller: Caller, input: { addresses: { channel: string; address: string }[]; acceptedStatement: string }) =>
  caller.role === 'party' ? withStepUp(caller, 'CONFIRM_SERVICE_ADDRESSES', caller.sub!, serviceAddressesHash(input as never)) : caller;
const confirm = (addresses: { channel: string; address: string }[], k: string, caller = callers.zhaoLei, acceptedStatement = SERVICE_ADDRESS_STATEMENT) =>
  sg.request(CONFIRM, { input: { addresses, acceptedStatement }, k }, confirmedBy(caller, { addresses, acceptedStatement }));

describe('the service address library', () => {
  test('the statement to sign is served word for word', async () => {
    const r = await sg.request('{ serviceAddressStatement }', {}, callers.anonymous);
    expect(r.data.serviceAddressStatement).toBe(SERVICE_ADDRESS_STATEMENT);
    expect(SERVICE_ADDRESS_STATEMENT).toContain('视为送达');
  });

  test('a party signs its addresses; a postal address is parsed to its county; earlier versions are kept', async () => {
    const r = await confirm([
      { channel: 'MOBILE', address: '158 5792 6677' },
      { channel: 'POSTAL', address: '浙江省义乌市稠城街道县前街12号' },
    ], 'confirm-zhaolei-1');
    expect(r.errors).toBeUndefined();
    const c = r.data.confirmServiceAddresses;
    expect(c.statement).toBe(SERVICE_ADDRESS_STATEMENT);
    expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    // Zhao Lei's demo data has version 1 of both channels: these are version 2.
    expect(c.addresses).toEqual(expect.arrayContaining([
      expect.objectContaining({ channel: 'MOBILE', address: '15857926677', version: 2, region: null }),
      expect.objectContaining({
        channel: 'POSTAL', address: '浙江省义乌市稠城街道县前街12号', version: 2,
        region: { provinceCode: '330000', province: '浙江省', cityCode: '330700', city: '金华市', countyCode: '330782', county: '义乌市' },
      }),
    ]));

    const me = await sg.request('{ me { serviceAddresses { channel address version supersededAt } serviceAddressHistory { channel address version supersededAt } } }', {}, callers.zhaoLei);
    expect(me.data.me.serviceAddresses).toEqual(expect.arrayContaining([
      { channel: 'POSTAL', address: '浙江省义乌市稠城街道县前街12号', version: 2, supersededAt: null },
    ]));
    const postal = me.data.me.serviceAddressHistory.filter((a: { channel: string }) => a.channel === 'POSTAL');
    expect(postal.map((a: { version: number }) => a.version)).toEqual([2, 1]);
    expect(postal[1]).toMatchObject({ address: '浙江省金华市婺城区八一南街300号', supersededAt: expect.any(String) });
  });

  test('the competent-court fact follows the confirmed postal address, not the identity number', async () => {
    // Zhao Lei's ID number was issued in Wucheng (330702); he now confirms an address in Yiwu.
    const r = await sg.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Dispute { respondentRegionCode } } }',
      { r: [{ __typename: 'Dispute', id: 'dsp_t_lina', respondent: { id: P.discreditedDebtor } }] }, callers.yiwuJudge);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0].respondentRegionCode).toBe('330782');
  });

  test('the same key returns the first signature; nothing is signed twice', async () => {
    const before = await stored();
    const a = await confirm([{ channel: 'EMAIL', address: 'zhaolei79@example.cn' }], 'confirm-zhaolei-email');
    const b = await confirm([{ channel: 'EMAIL', address: 'zhaolei79@example.cn' }], 'confirm-zhaolei-email');
    expect(b.data.confirmServiceAddresses.id).toBe(a.data.confirmServiceAddresses.id);
    expect((await stored()).confirmations).toBe(before.confirmations + 1);
  });

  test.each([
    ['a statement other than the one shown', [{ channel: 'MOBILE', address: '15857926677' }], 'acceptedStatement', 'STATEMENT_MISMATCH', 'I agree'],
    ['no address', [], 'addresses', 'INPUT_SHAPE', undefined],
    ['a channel given twice', [{ channel: 'MOBILE', address: '15857926677' }, { channel: 'MOBILE', address: '13605798899' }], 'addresses[1].channel', 'DUPLICATE_CHANNEL', undefined],
    ['a bad mobile', [{ channel: 'MOBILE', address: '12345' }], 'addresses[0].address', 'MOBILE_FORMAT', undefined],
    ['a bad e-mail', [{ channel: 'EMAIL', address: 'zhaolei.example.cn' }], 'addresses[0].address', 'EMAIL_FORMAT', undefined],
    ['someone else\'s in-app account', [{ channel: 'IN_APP', address: `hub:${P.buyerLiNa}` }], 'addresses[0].address', 'IN_APP_ACCOUNT', undefined],
    ['a postal address without a county', [{ channel: 'POSTAL', address: '在路边的小卖部旁边' }], 'addresses[0].address', 'ADDRESS_UNRECOGNISED', undefined],
    // A valid first address does not get stored when the second is bad: all or nothing.
    ['a good address followed by a bad one', [{ channel: 'MOBILE', address: '15857926677' }, { channel: 'POSTAL', address: '火星' }], 'addresses[1].address', 'ADDRESS_UNRECOGNISED', undefined],
  ] as const)('refuses %s and stores nothing', async (_, addresses, field, rule, statement) => {
    const before = await stored();
    const r = await confirm([...addresses], `confirm-bad-${rule}-${Math.random()}`, callers.zhaoLei, statement ?? SERVICE_ADDRESS_STATEMENT);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringContaining(field.split('[')[0]!), rule: expect.any(String) });
    if (rule !== 'INPUT_SHAPE') expect(r.errors?.[0]?.extensions).toMatchObject({ field, rule });
    expect(await stored()).toEqual(before);
  });

  test('without its own confirmation by code the party signs nothing: STEP_UP_REQUIRED names what to confirm', async () => {
    const before = await stored();
    const input = { addresses: [{ channel: 'MOBILE', address: '15857926677' }], acceptedStatement: SERVICE_ADDRESS_STATEMENT };
    const bare = await sg.request(CONFIRM, { input, k: 'confirm-no-proof' }, callers.zhaoLei);
    expect(bare.errors?.[0]?.extensions).toEqual({
      code: 'STEP_UP_REQUIRED', act: 'CONFIRM_SERVICE_ADDRESSES', subjectId: P.discreditedDebtor, contentHash: serviceAddressesHash(input as never),
    });
    // A proof for other addresses, or another party's, does not stand in.
    const other = withStepUp(callers.zhaoLei, 'CONFIRM_SERVICE_ADDRESSES', P.discreditedDebtor, serviceAddressesHash({ ...input, addresses: [{ channel: 'MOBILE', address: '13605798899' }] } as never));
    expect((await sg.request(CONFIRM, { input, k: 'confirm-other-content' }, other)).errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');
    const linas = withStepUp(callers.zhaoLei, 'CONFIRM_SERVICE_ADDRESSES', P.buyerLiNa, serviceAddressesHash(input as never));
    expect((await sg.request(CONFIRM, { input, k: 'confirm-other-party' }, linas)).errors?.[0]?.extensions?.code).toBe('STEP_UP_REQUIRED');
    expect(await stored()).toEqual(before);
  });

  test('the signing records the confirmation, and one confirmation signs once', async () => {
    const input = { addresses: [{ channel: 'EMAIL', address: 'zhaolei.once@example.cn' }], acceptedStatement: SERVICE_ADDRESS_STATEMENT };
    const caller = withStepUp(callers.zhaoLei, 'CONFIRM_SERVICE_ADDRESSES', P.discreditedDebtor, serviceAddressesHash(input as never), 'acc_once');
    const q = `mutation($input: ConfirmServiceAddressesInput!, $k: String!) { confirmServiceAddresses(input: $input, idempotencyKey: $k) { id partyConfirmation { challengeId confirmedAt contentHash } } }`;
    const first = await sg.request(q, { input, k: 'confirm-once-1' }, caller);
    expect(first.data.confirmServiceAddresses.partyConfirmation).toEqual({ challengeId: 'acc_once', confirmedAt: expect.any(String), contentHash: serviceAddressesHash(input as never) });
    // The same key answers the first signing again; another act with the spent proof is refused.
    expect((await sg.request(q, { input, k: 'confirm-once-1' }, caller)).data.confirmServiceAddresses.id).toBe(first.data.confirmServiceAddresses.id);
    const before = await stored();
    const again = await sg.request(q, { input, k: 'confirm-once-2' }, caller);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', reason: 'PROOF_USED' });
    expect(await stored()).toEqual(before);
  });

  test('only the party itself signs: courts, platforms and anonymous callers are refused', async () => {
    const before = await stored();
    for (const [caller, code] of [[callers.yiwuJudge, 'FORBIDDEN'], [callers.platform, 'FORBIDDEN'], [callers.anonymous, 'UNAUTHENTICATED']] as const) {
      const r = await confirm([{ channel: 'MOBILE', address: '15857926677' }], `confirm-other-${code}-${caller.role}`, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await stored()).toEqual(before);
  });

  test('a court handling the party\'s dispute sees the history in full, and the read is logged; an outsider sees none', async () => {
    const history = '{ party(id: "' + P.discreditedDebtor + '") { serviceAddressHistory { channel address version } } }';
    const court = await sg.request(history, {}, callers.yiwuJudge);
    expect(court.data.party.serviceAddressHistory.length).toBeGreaterThanOrEqual(4);
    const log = await sg.request('{ me { dataAccessLog { nodes { field readerRole readerOrganization purpose } } } }', {}, callers.zhaoLei);
    expect(log.data.me.dataAccessLog.nodes).toContainEqual({ field: 'serviceAddressHistory', readerRole: 'court', readerOrganization: callers.yiwuJudge.org, purpose: 'handling dispute dsp_t_lina' });
    const outsider = await sg.request(history, {}, callers.gzJudge);
    expect(outsider.data.party.serviceAddressHistory).toEqual([]);
  });

  test('parsePostalAddress answers anyone', async () => {
    const r = await sg.request('query($a: String!) { parsePostalAddress(address: $a) { provinceCode cityCode countyCode county } }', { a: '广州市天河区天河路385号' }, callers.anonymous);
    expect(r.data.parsePostalAddress).toEqual({ provinceCode: '440000', cityCode: '440100', countyCode: '440106', county: '天河区' });
    const none = await sg.request('query($a: String!) { parsePostalAddress(address: $a) { provinceCode } }', { a: 'Flat 8A, 700 Nathan Road' }, callers.anonymous);
    expect(none.data.parsePostalAddress).toBeNull();
  });
});

describe('the access log', () => {
  test('"who has seen my data": the party sees each full read; admins may query any party; others may not', async () => {
    await sg.request(`{ party(id: "${P.buyerLiNa}") { idNumber } }`, {}, callers.yiwuJudge);
    const mine = await sg.request('{ me { dataAccessLog(first: 1) { nodes { field readerRole readerId readerOrganization purpose readAt } pageInfo { hasNextPage endCursor } } } }', {}, callers.lina);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.me.dataAccessLog.nodes[0]).toMatchObject({ field: 'idNumber', readerRole: 'court', readerId: 'usr_judge_huang', readerOrganization: callers.yiwuJudge.org, purpose: 'handling dispute dsp_t_lina' });

    const asAdmin = await sg.request('query($p: ID!) { personalDataAccessLog(partyId: $p) { nodes { field readerRole } } }', { p: P.buyerLiNa }, callers.admin);
    expect(asAdmin.data.personalDataAccessLog.nodes).toContainEqual({ field: 'idNumber', readerRole: 'court' });
    // The admin's own read of the log is not a read of personal data; reading the party is, and is logged too.
    await sg.request(`{ party(id: "${P.buyerLiNa}") { idNumber } }`, {}, callers.admin);
    const again = await sg.request('{ me { dataAccessLog(first: 1) { nodes { readerRole purpose } } } }', {}, callers.lina);
    expect(again.data.me.dataAccessLog.nodes[0]).toEqual({ readerRole: 'admin', purpose: 'administration' });

    for (const caller of [callers.yiwuJudge, callers.platform]) {
      const r = await sg.request('query($p: ID!) { personalDataAccessLog(partyId: $p) { nodes { field } } }', { p: P.buyerLiNa }, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const other = await sg.request(`{ party(id: "${P.buyerLiNa}") { dataAccessLog { nodes { field } } } }`, {}, callers.zhaoLei);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('pages go back in time without repeats', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: any = await sg.request('query($a: String) { me { dataAccessLog(first: 1, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } } }', { a: after }, callers.lina);
      all.push(...r.data.me.dataAccessLog.nodes.map((n: { id: string }) => n.id));
      if (!r.data.me.dataAccessLog.pageInfo.hasNextPage) break;
      after = r.data.me.dataAccessLog.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all).size).toBe(all.length);
  });
});

