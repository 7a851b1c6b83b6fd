import { sql } from 'drizzle-orm';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { FILE_DISPUTE, REGISTER_PARTY } from '../src/queries.js';

let hub: Hub;
let admin: string;
beforeAll(async () => {
  hub = await startHub();
  admin = await hub.token('admin');
});
afterAll(() => hub?.stop());

async function count(subgraph: string, table: string): Promise<number> {
  const result: any = await hub.subgraphs[subgraph]!.database.db.execute(sql.raw(`select count(*)::int as n from ${subgraph}.${table}`));
  return result.rows[0].n;
}

const person = (idNumber: string, idType = 'RESIDENT_ID') => ({ name: '赵敏', kind: 'NATURAL_PERSON', idType, idNumber, mobile: '13800138000' });

describe('input validation through the gateway', () => {
  it.each([
    ['a failing resident ID checksum', person('110105194912310029'), 'idNumber'],
    ['an unknown region code', person('99010519491231002X'), 'idNumber'],
    ['an impossible birth date', person('110105194902310027'), 'idNumber'],
    ['a malformed unified social credit code', { name: '某公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200776049653' }, 'idNumber'],
    ['a malformed mobile number', { ...person('11010519491231002X'), mobile: '12345' }, 'mobile'],
  ])('refuses %s with a typed error naming the field, and stores nothing', async (_, input, field) => {
    const before = await count('identity', 'parties');
    const res = await hub.query(REGISTER_PARTY, { input, key: `bad-input-${field}-${Math.random()}` }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toEqual(expect.any(String));
    expect(JSON.stringify(res.errors)).not.toMatch(/at .*\.ts:\d+|stacktrace/);
    expect(res.data?.registerParty ?? null).toBeNull();
    expect(await count('identity', 'parties')).toBe(before);
  });

  it('stores a valid party once per idempotency key', async () => {
    const before = await count('identity', 'parties');
    const input = person('11010519491231002X');
    const first = await hub.query(REGISTER_PARTY, { input, key: 'register-zhao-min-1' }, admin);
    const again = await hub.query(REGISTER_PARTY, { input, key: 'register-zhao-min-1' }, admin);
    expect(first.errors).toBeUndefined();
    expect(again.data.registerParty.id).toBe(first.data.registerParty.id);
    expect(await count('identity', 'parties')).toBe(before + 1);
    const reused = await hub.query(REGISTER_PARTY, { input: { ...input, name: '赵敏敏' }, key: 'register-zhao-min-1' }, admin);
    expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('flags, but stores, a well-formed social credit code whose checksum fails', async () => {
    const res = await hub.query(REGISTER_PARTY, { input: { name: '旧码公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200776049653B' }, key: 'register-old-code-1' }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.registerParty.registryCheck).toBe('NEEDS_REGISTRY_CHECK');
  });

  it('refuses a dispute with bad input and leaves the disputes table as it was', async () => {
    const before = await count('disputes', 'disputes');
    const res = await hub.query(FILE_DISPUTE, { key: 'bad-dispute-0001', input: { title: '', description: 'x', category: 'OTHER', claimantId: DEMO.parties.buyerLiNa, respondentId: DEMO.parties.buyerLiNa } }, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await hub.query(FILE_DISPUTE, { key: 'bad-dispute-0002', input: { title: 't', description: 'x', category: 'OTHER', claimAmount: '-5', claimantId: DEMO.parties.buyerLiNa, respondentId: DEMO.parties.copycatSeller } }, admin);
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('disputes', 'disputes')).toBe(before);
  });
});
