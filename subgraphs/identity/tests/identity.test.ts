import { and, eq } from 'drizzle-orm';
import { DEMO, DISPUTE_PARTICIPANTS_CHANGED, feedEvent, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { idempotencyKeys, parties, personalDataReads } from '../src/db/schema.js';
import { identitySubgraph } from '../src/definition.js';
import { countRows } from './parties-support.js';

const P = DEMO.parties;
const lina: Caller = { role: 'party', sub: P.buyerLiNa, org: null };
const otherParty: Caller = { role: 'party', sub: P.buyerZhangWei, org: null };
const judge: Caller = { role: 'court', sub: 'usr_judge_huang', org: DEMO.courts.yiwu };
const mediator: Caller = { role: 'mediator', sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation };
const platform: Caller = { role: 'platform', sub: 'usr_platform_ops', org: DEMO.platforms.silkRoadMall };
const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const otherCourt: Caller = { role: 'court', sub: 'usr_judge_gz', org: DEMO.courts.guangzhouInternet };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
const YIWU = [DEMO.courts.yiwu, DEMO.mediationOrganizations.yiwuMarketMediation];
beforeAll(async () => {
  sg = await startTestSubgraph(identitySubgraph);
  // Who handles whose disputes, as the disputes subgraph reports it: the Yiwu court and the
  // Yiwu mediation organisation handle a dispute of every demo party.
  const disputes: [string, string, string, string[]][] = [
    ['dsp_t_lina', P.buyerLiNa, P.discreditedDebtor, YIWU],
    ['dsp_t_2', P.buyerZhangWei, P.merchantGzElectronics, [DEMO.courts.yiwu]],
    ['dsp_t_3', P.buyerWangFang, P.rightsHolderBrand, [DEMO.courts.yiwu]],
    ['dsp_t_4', P.copycatSeller, P.hkTrader, YIWU],
    ['dsp_t_5', P.supplierCo, P.merchantYiwuCrafts, [DEMO.courts.yiwu]],
  ];
  const result = await sg.deliver('disputes', disputes.map(([disputeId, claimantId, respondentId, handlingBodies], i) =>
    feedEvent('disputes', i + 1, DISPUTE_PARTICIPANTS_CHANGED, { claimantId, respondentId, handlingBodies }, { disputeId })));
  expect(result.failed).toBeUndefined();
}, 30_000);
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
const count = (table: any, where?: any) => countRows(db(), table, where);
const readsBy = (partyId: string, readerRole: string) =>
  count(personalDataReads, and(eq(personalDataReads.partyId, partyId), eq(personalDataReads.readerRole, readerRole)));

const PARTY = `query($id: ID!) { party(id: $id) { id name kind idType idNumber idNumberVisibility registryCheck jurisdiction
  contactChannels { kind value verified } serviceAddresses { channel address version confirmedAt } registeredAt } }`;

describe('reading parties', () => {
  test('the party itself sees everything, and its own read is not logged', async () => {
    const before = await count(personalDataReads);
    const r = await sg.request('{ me { id name idNumber idNumberVisibility contactChannels { kind value } serviceAddresses { channel address version } } }', {}, lina);
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toMatchObject({ id: P.buyerLiNa, name: '李娜', idNumber: '330782199003152422', idNumberVisibility: 'FULL' });
    expect(r.data.me.contactChannels).toContainEqual({ kind: 'MOBILE', value: '13857901234' });
    // The latest confirmed version per channel: Li Na's postal address is at version 2.
    expect(r.data.me.serviceAddresses).toContainEqual({ channel: 'POSTAL', address: '浙江省义乌市北苑街道雪峰西路168号2单元1101室', version: 2 });
    expect(r.data.me.serviceAddresses.filter((a: { channel: string }) => a.channel === 'POSTAL')).toHaveLength(1);
    expect(await count(personalDataReads)).toBe(before);
  });

  test('a court reads in full and every personal-data field read is logged', async () => {
    const before = await readsBy(P.discreditedDebtor, 'court');
    const r = await sg.request(PARTY, { id: P.discreditedDebtor }, judge);
    expect(r.errors).toBeUndefined();
    expect(r.data.party).toMatchObject({ name: '赵磊', idNumber: '330702197909234511', idNumberVisibility: 'FULL', registryCheck: 'VALID' });
    expect(r.data.party.contactChannels).toContainEqual({ kind: 'MOBILE', value: '13605798899', verified: true });
    expect(await readsBy(P.discreditedDebtor, 'court')).toBe(before + 3);
    const [row] = await db().select().from(personalDataReads).where(and(eq(personalDataReads.partyId, P.discreditedDebtor), eq(personalDataReads.field, 'idNumber')));
    expect(row).toMatchObject({ readerRole: 'court', readerId: 'usr_judge_huang', readerOrg: DEMO.courts.yiwu, purpose: 'handling dispute dsp_t_lina' });
  });

  test('a court with no dispute of the party sees what any outsider sees, and nothing is logged', async () => {
    const before = await count(personalDataReads);
    const r = await sg.request(PARTY, { id: P.discreditedDebtor }, otherCourt);
    expect(r.errors).toBeUndefined();
    expect(r.data.party).toMatchObject({ idNumber: '**************4511', idNumberVisibility: 'MASKED' });
    expect(await count(personalDataReads)).toBe(before);
  });

  test('a mediator sees numbers without the birth date, and nothing is logged', async () => {
    const before = await count(personalDataReads);
    const r = await sg.request(PARTY, { id: P.buyerLiNa }, mediator);
    expect(r.errors).toBeUndefined();
    expect(r.data.party).toMatchObject({ idNumber: '330782********2422', idNumberVisibility: 'MASKED' });
    expect(r.data.party.contactChannels).toContainEqual({ kind: 'MOBILE', value: '138****1234', verified: true });
    expect(r.data.party.contactChannels).toContainEqual({ kind: 'EMAIL', value: 'l***@example.cn', verified: true });
    expect(r.data.party.serviceAddresses).toContainEqual(expect.objectContaining({ channel: 'POSTAL', address: '浙江省义乌市****' }));
    expect(await count(personalDataReads)).toBe(before);
  });

  test('platforms and other parties see the last four characters only', async () => {
    for (const caller of [platform, otherParty]) {
      const r = await sg.request(PARTY, { id: P.buyerLiNa }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.party.idNumber).toBe('**************2422');
      expect(r.data.party.contactChannels).toContainEqual({ kind: 'MOBILE', value: '*******1234', verified: true });
    }
    const org = await sg.request(PARTY, { id: P.merchantYiwuCrafts }, platform);
    expect(org.data.party).toMatchObject({ name: '义乌市巧手工艺品有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '**************QX1D' });
    const hk = await sg.request(PARTY, { id: P.hkTrader }, mediator);
    expect(hk.data.party).toMatchObject({ idType: 'HONG_KONG_ID', jurisdiction: 'HONG_KONG', idNumber: 'K53****(0)' });
  });

  test('anonymous callers get UNAUTHENTICATED, and null for entity references', async () => {
    const r = await sg.request(PARTY, { id: P.buyerLiNa }, anonymous);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const me = await sg.request('{ me { id } }', {}, anonymous);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const e = await sg.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Party { id idNumber } } }', { r: [{ __typename: 'Party', id: P.buyerLiNa }] }, anonymous);
    expect(e.errors).toBeUndefined();
    expect(e.data._entities).toEqual([null]);
  });

  test('me is null for roles that are not a party', async () => {
    const r = await sg.request('{ me { id } }', {}, judge);
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toBeNull();
  });
});

describe('registerParty', () => {
  const REGISTER = 'mutation($k: String!, $input: RegisterPartyInput!) { registerParty(idempotencyKey: $k, input: $input) { id name kind idType idNumber registryCheck jurisdiction contactChannels { kind value verified } } }';
  const person = { name: '孙丽', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '11010519491231002X', mobile: '139 0000 1234', email: 'sunli@example.cn' };

  test.each([
    ['a failing resident ID checksum', { idNumber: '110105194912310029' }, 'idNumber', 'RESIDENT_ID_CHECKSUM'],
    ['an unknown province', { idNumber: '990105194912310021' }, 'idNumber', 'RESIDENT_ID_REGION'],
    ['an impossible birth date', { idNumber: '110105194902300021' }, 'idNumber', 'RESIDENT_ID_BIRTH_DATE'],
    ['a bad HKID check digit', { idType: 'HONG_KONG_ID', idNumber: 'A123456(4)', jurisdiction: 'HONG_KONG' }, 'idNumber', 'HK_ID_CHECKSUM'],
    ['a USCC of the wrong shape', { kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200-776049653' }, 'idNumber', 'USCC_FORMAT'],
    ['a person with a USCC', { idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200776049653A' }, 'idType', 'ID_TYPE_KIND_MISMATCH'],
    ['an organisation with a resident ID', { kind: 'ORGANIZATION' }, 'idType', 'ID_TYPE_KIND_MISMATCH'],
    ['a resident ID outside the mainland', { jurisdiction: 'HONG_KONG' }, 'jurisdiction', 'JURISDICTION_MISMATCH'],
    ['a bad mobile', { mobile: '12345678901' }, 'mobile', 'MOBILE_FORMAT'],
    ['a bad e-mail', { email: 'sunli.example.cn' }, 'email', 'EMAIL_FORMAT'],
    ['an empty name', { name: '  ' }, 'name', 'INPUT_SHAPE'],
  ])('refuses %s and stores nothing', async (_, change, field, rule) => {
    const before = await count(parties);
    const keysBefore = await count(idempotencyKeys);
    const r = await sg.request(REGISTER, { k: `bad-${rule}-${field}-${Math.random()}`, input: { ...person, ...change } }, judge);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(r.errors?.[0]?.message).toContain(field);
    expect(await count(parties)).toBe(before);
    expect(await count(idempotencyKeys)).toBe(keysBefore);
  });

  test('registers once per idempotency key', async () => {
    const before = await count(parties);
    const a = await sg.request(REGISTER, { k: 'register-sunli-1', input: person }, platform);
    const b = await sg.request(REGISTER, { k: 'register-sunli-1', input: person }, platform);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data.registerParty.id).toBe(a.data.registerParty.id);
    expect(a.data.registerParty.id).toMatch(/^pty_/);
    // The platform that registered the party still sees it masked.
    expect(a.data.registerParty).toMatchObject({ name: '孙丽', idNumber: '**************002X', registryCheck: 'VALID', jurisdiction: 'MAINLAND' });
    expect(a.data.registerParty.contactChannels).toEqual([
      { kind: 'MOBILE', value: '*******1234', verified: false },
      { kind: 'EMAIL', value: 's***@example.cn', verified: false },
    ]);
    expect(await count(parties)).toBe(before + 1);
    const other = await sg.request(REGISTER, { k: 'register-sunli-1', input: { ...person, name: '孙莉' } }, platform);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('a well-shaped USCC that fails its checksum is stored for a registry check', async () => {
    const r = await sg.request(REGISTER, { k: 'register-uscc-check', input: { name: '某贸易有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200776049653B' } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.registerParty).toMatchObject({ idNumber: '91350200776049653B', registryCheck: 'NEEDS_REGISTRY_CHECK' });
  });

  test('a foreign organisation registers with its registration number, unchecked', async () => {
    const r = await sg.request(REGISTER, { k: 'register-foreign-org', input: { name: 'Acme Trading GmbH', kind: 'ORGANIZATION', idType: 'PASSPORT', idNumber: 'HRB123456', jurisdiction: 'FOREIGN', mobile: '+49 30 1234567' } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.registerParty).toMatchObject({ idNumber: 'HRB123456', registryCheck: 'UNCHECKED', jurisdiction: 'FOREIGN' });
  });

  test('anonymous callers cannot register', async () => {
    const r = await sg.request(REGISTER, { k: 'register-anon-1', input: person }, anonymous);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('batching', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Party { id name idNumber idNumberVisibility
    contactChannels { kind value } serviceAddresses { channel address } } } }`;
  const allIds = Object.values(P);

  async function statementsFor(ids: string[]): Promise<number> {
    const before = sg.stats.statements;
    const r = await sg.request(ENTITIES, { r: ids.map((id) => ({ __typename: 'Party', id })) }, judge);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toHaveLength(ids.length);
    expect(r.data._entities.every((p: { idNumberVisibility: string } | null) => p?.idNumberVisibility === 'FULL')).toBe(true);
    return sg.stats.statements - before;
  }

  test('reading N parties costs the same few statements for any N, access log included', async () => {
    expect(allIds).toHaveLength(10);
    const logBefore = await count(personalDataReads);
    const ten = await statementsFor(allIds);
    // parties, the caller's relations, contact channels, service addresses, and one insert for the whole access log.
    expect(ten).toBeLessThanOrEqual(5);
    expect(await count(personalDataReads)).toBe(logBefore + 30);
    expect(await statementsFor(allIds.slice(0, 2))).toBe(ten);
    expect(await statementsFor(allIds.slice(0, 1))).toBe(ten);
  });

  test('only the id number: the parties, their relations to the caller, and one insert', async () => {
    const before = sg.stats.statements;
    const r = await sg.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Party { idNumber } } }', { r: allIds.map((id) => ({ __typename: 'Party', id })) }, judge);
    expect(r.errors).toBeUndefined();
    expect(sg.stats.statements - before).toBe(3);
  });
});
