import { and, eq, sql } from 'drizzle-orm';
import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { profileFor } from '../src/credit-manager.js';
import { creditReads } from '../src/db/schema.js';
import { creditSubgraph } from '../src/definition.js';

const P = DEMO.parties;
const debtor: Caller = { role: 'party', sub: P.discreditedDebtor, org: null };
const supplier: Caller = { role: 'party', sub: P.supplierCo, org: null };
const judge: Caller = { role: 'court', sub: 'usr_judge_huang', org: DEMO.courts.yiwu };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const mediator: Caller = { role: 'mediator', sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation };
const platform: Caller = { role: 'platform', sub: 'usr_platform_ops', org: DEMO.platforms.yiwuGo };
const arbitrator: Caller = { role: 'arbitrator', sub: 'usr_arbitrator', org: DEMO.arbitrationInstitutions.shanghai };
const anonymous: Caller = { role: 'anonymous', sub: null, org: null };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(creditSubgraph); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
async function reads(where?: any): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(creditReads).where(where);
  return row.n;
}

const PROFILE = 'query($id: ID!) { creditProfile(partyId: $id) { party { id } discredited records { id kind summary sourceCaseNumber listedAt removedAt } updatedAt } }';

describe('visibility', () => {
  test('the subject sees its own records', async () => {
    const r = await sg.request(PROFILE, { id: P.discreditedDebtor }, debtor);
    expect(r.errors).toBeUndefined();
    expect(r.data.creditProfile).toMatchObject({ party: { id: P.discreditedDebtor }, discredited: true });
    expect(r.data.creditProfile.records).toEqual([
      expect.objectContaining({ kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: '(2025)浙0782执1234号', removedAt: null }),
    ]);
    expect(r.data.creditProfile.updatedAt).toBe(r.data.creditProfile.records[0].listedAt);
  });

  test.each([['court', judge], ['admin', admin]] as const)('%s sees the records', async (_, caller) => {
    const r = await sg.request(PROFILE, { id: P.supplierCo }, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data.creditProfile.discredited).toBe(false);
    expect(r.data.creditProfile.records).toEqual([expect.objectContaining({ kind: 'PERFORMANCE' })]);
  });

  test.each([['mediator', mediator], ['platform', platform], ['arbitrator', arbitrator], ['another party', supplier]] as const)(
    '%s sees the published flag but no records',
    async (_, caller) => {
      const r = await sg.request(PROFILE, { id: P.discreditedDebtor }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data.creditProfile.discredited).toBe(true);
      expect(r.data.creditProfile.records).toEqual([]);
    },
  );

  test('a party without records is not discredited', async () => {
    const r = await sg.request(PROFILE, { id: P.buyerLiNa }, judge);
    expect(r.errors).toBeUndefined();
    expect(r.data.creditProfile).toMatchObject({ discredited: false, records: [] });
  });

  test('anonymous callers get UNAUTHENTICATED', async () => {
    const r = await sg.request(PROFILE, { id: P.discreditedDebtor }, anonymous);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const e = await sg.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Party { credit { discredited } } } }', { r: [{ __typename: 'Party', id: P.discreditedDebtor }] }, anonymous);
    expect(e.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a removed listing no longer makes the party discredited, and a removed-only history dates the profile', () => {
    const listedAt = new Date('2025-01-01T00:00:00Z');
    const removedAt = new Date('2025-06-01T00:00:00Z');
    const rows = [{ id: 'r1', partyId: 'p', kind: 'DISCREDITED_DEBTOR' as const, summary: 's', sourceCaseNumber: null, sourceReference: 'dsl_1', listedAt, removedAt, removalReason: 'PERFORMED' as const }];
    expect(profileFor(platform, 'p', rows, new Date())).toMatchObject({ discredited: false, records: [], updatedAt: removedAt });
    expect(profileFor({ role: 'party', sub: 'p', org: null }, 'p', rows, new Date()).records).toHaveLength(1);
  });
});

describe('access log', () => {
  test('every profile read is logged with what was shown', async () => {
    const of = (role: string) => reads(and(eq(creditReads.partyId, P.discreditedDebtor), eq(creditReads.readerRole, role)));
    const [courtBefore, platformBefore, partyBefore] = [await of('court'), await of('platform'), await of('party')];
    await sg.request(PROFILE, { id: P.discreditedDebtor }, judge);
    await sg.request(PROFILE, { id: P.discreditedDebtor }, platform);
    await sg.request(PROFILE, { id: P.discreditedDebtor }, debtor);
    expect(await of('court')).toBe(courtBefore + 1);
    expect(await of('platform')).toBe(platformBefore + 1);
    expect(await of('party')).toBe(partyBefore + 1);
    const rows = await db().select().from(creditReads).where(eq(creditReads.partyId, P.discreditedDebtor));
    expect(rows).toContainEqual(expect.objectContaining({ readerRole: 'court', readerId: 'usr_judge_huang', what: 'records' }));
    expect(rows).toContainEqual(expect.objectContaining({ readerRole: 'platform', readerId: 'usr_platform_ops', what: 'discredited_flag' }));
  });
});

describe('batching', () => {
  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Party { id credit { discredited records { id } updatedAt party { id } } } } }';
  const allIds = Object.values(P);

  async function statementsFor(ids: string[], caller: Caller): Promise<number> {
    const before = sg.stats.statements;
    const r = await sg.request(ENTITIES, { r: ids.map((id) => ({ __typename: 'Party', id })) }, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toHaveLength(ids.length);
    return sg.stats.statements - before;
  }

  test('the credit of N parties costs one select and one insert, for any N', async () => {
    const logBefore = await reads();
    expect(await statementsFor(allIds, judge)).toBe(2);
    expect(await reads()).toBe(logBefore + allIds.length);
    expect(await statementsFor(allIds.slice(0, 3), judge)).toBe(2);
    expect(await statementsFor(allIds, platform)).toBe(2);
  });

  test('the flag is correct for each party of a batch', async () => {
    const r = await sg.request(ENTITIES, { r: allIds.map((id) => ({ __typename: 'Party', id })) }, mediator);
    const flagged = r.data._entities.filter((p: { credit: { discredited: boolean } }) => p.credit.discredited).map((p: { id: string }) => p.id);
    expect(flagged).toEqual([P.discreditedDebtor]);
  });
});
