import { ANONYMOUS, DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { arbitrationSubgraph } from '../src/definition.js';

const CASE_ID = 'arc_demo_in_arbitration';
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const claimant = as('party', DEMO.parties.rightsHolderBrand);
const respondent = as('party', DEMO.parties.supplierCo);
const stranger = as('party', DEMO.parties.buyerLiNa);
const shiacArbitrator = as('arbitrator', 'usr_arb_1', DEMO.arbitrationInstitutions.shanghai);
const cietacArbitrator = as('arbitrator', 'usr_arb_2', DEMO.arbitrationInstitutions.cietac);
const court = as('court', 'usr_judge', DEMO.courts.yiwu);
const platform = as('platform', 'usr_plt', DEMO.platforms.silkRoadMall);
const mediator = as('mediator', 'usr_med', DEMO.mediationOrganizations.yiwuMarketMediation);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(arbitrationSubgraph); });
afterAll(() => sg?.stop());

const CASE_QUERY = '{ arbitrationCase(id: "arc_demo_in_arbitration") { id caseNumber status filedAt institution { id name } dispute { id } award { summary } } }';
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on ArbitrationCase { id caseNumber institution { id city } }
  ... on Dispute { id arbitration { id status institution { id } } } } }`;

describe('institutions: public reference data', () => {
  test('anyone may list the four institutions', async () => {
    const r = await sg.request('{ arbitrationInstitutions { id name chineseName city website } }', {}, ANONYMOUS);
    expect(r.errors).toBeUndefined();
    expect(r.data.arbitrationInstitutions).toHaveLength(4);
    expect(r.data.arbitrationInstitutions).toContainEqual({
      id: DEMO.arbitrationInstitutions.shanghai,
      name: 'Shanghai International Arbitration Center',
      chineseName: '上海国际经济贸易仲裁委员会（上海国际仲裁中心）',
      city: 'Shanghai',
      website: 'https://www.shiac.org',
    });
  });

  test('anyone may read one institution, or resolve it as an entity', async () => {
    const r = await sg.request(`{ arbitrationInstitution(id: "${DEMO.arbitrationInstitutions.cietac}") { name city } }`, {}, ANONYMOUS);
    expect(r.data.arbitrationInstitution).toEqual({ name: 'China International Economic and Trade Arbitration Commission', city: 'Beijing' });
    const e = await sg.request('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ArbitrationInstitution { name } } }',
      { reps: [{ __typename: 'ArbitrationInstitution', id: DEMO.arbitrationInstitutions.shenzhen }, { __typename: 'ArbitrationInstitution', id: 'arb_nope' }] }, ANONYMOUS);
    expect(e.data._entities).toEqual([{ name: 'Shenzhen Court of International Arbitration' }, null]);
  });

  test('the seed is idempotent', async () => {
    const before = await sg.services.store.countCases();
    await arbitrationSubgraph.seed!(sg.services, sg.database.db);
    expect(await sg.services.store.countCases()).toBe(before);
    expect(await sg.services.store.institutions()).toHaveLength(4);
  });
});

describe('case visibility', () => {
  test('the seeded case is at SHIAC, in hearing', async () => {
    const r = await sg.request(CASE_QUERY, {}, court);
    expect(r.errors).toBeUndefined();
    expect(r.data.arbitrationCase).toMatchObject({
      id: CASE_ID, status: 'HEARING', caseNumber: 'SHDX20260412',
      institution: { id: DEMO.arbitrationInstitutions.shanghai }, dispute: { id: DEMO.disputes.inArbitration }, award: null,
    });
  });

  test.each([
    ['admin', as('admin', 'usr_admin')],
    ['court', court],
    ['the institution\'s arbitrator', shiacArbitrator],
    ['the claimant', claimant],
    ['the respondent', respondent],
  ])('%s may read the case', async (_, caller) => {
    const r = await sg.request(CASE_QUERY, {}, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data.arbitrationCase?.id).toBe(CASE_ID);
  });

  test.each([
    ['another institution\'s arbitrator', cietacArbitrator],
    ['an arbitrator without an institution', as('arbitrator', 'usr_x')],
    ['another party', stranger],
    ['a platform', platform],
    ['a mediator', mediator],
  ])('%s sees null', async (_, caller) => {
    const r = await sg.request(CASE_QUERY, {}, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data.arbitrationCase).toBeNull();
  });

  test('anonymous callers are told to sign in', async () => {
    const r = await sg.request(CASE_QUERY, {}, ANONYMOUS);
    expect(r.data?.arbitrationCase ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('entity references follow the same rules; anonymous gets null, not an error', async () => {
    const reps = [{ __typename: 'ArbitrationCase', id: CASE_ID }, { __typename: 'Dispute', id: DEMO.disputes.inArbitration }];
    const anon = await sg.request(ENTITIES, { reps }, ANONYMOUS);
    expect(anon.errors).toBeUndefined();
    expect(anon.data._entities).toEqual([null, { id: DEMO.disputes.inArbitration, arbitration: null }]);

    const other = await sg.request(ENTITIES, { reps }, cietacArbitrator);
    expect(other.data._entities).toEqual([null, { id: DEMO.disputes.inArbitration, arbitration: null }]);

    const party = await sg.request(ENTITIES, { reps }, respondent);
    expect(party.errors).toBeUndefined();
    expect(party.data._entities).toEqual([
      { id: CASE_ID, caseNumber: 'SHDX20260412', institution: { id: DEMO.arbitrationInstitutions.shanghai, city: 'Shanghai' } },
      { id: DEMO.disputes.inArbitration, arbitration: { id: CASE_ID, status: 'HEARING', institution: { id: DEMO.arbitrationInstitutions.shanghai } } },
    ]);
  });

  test('a dispute without arbitration has none', async () => {
    const r = await sg.request(ENTITIES, { reps: [{ __typename: 'Dispute', id: DEMO.disputes.inMediation }] });
    expect(r.data._entities).toEqual([{ id: DEMO.disputes.inMediation, arbitration: null }]);
  });
});

describe('batching', () => {
  const institutionIds = Object.values(DEMO.arbitrationInstitutions);

  beforeAll(async () => {
    await sg.services.store.insertCases(
      Array.from({ length: 120 }, (_, i) => ({
        id: `arc_bulk_${i}`,
        disputeId: `dsp_bulk_${i}`,
        claimantId: `pty_bulk_c_${i}`,
        respondentId: `pty_bulk_r_${i}`,
        institutionId: institutionIds[i % institutionIds.length]!,
        caseNumber: `BULK${String(i).padStart(4, '0')}`,
        status: 'FILED' as const,
        ...(i % 3 === 0 ? { status: 'AWARDED' as const, awardIssuedAt: new Date('2026-10-01T02:00:00Z'), awardSummary: 'Claim upheld in part' } : {}),
      })),
    );
  });

  async function statementsFor(n: number): Promise<number> {
    const reps = Array.from({ length: n }, (_, i) => [
      { __typename: 'ArbitrationCase', id: `arc_bulk_${i}` },
      { __typename: 'Dispute', id: `dsp_bulk_${i}` },
    ]).flat();
    const before = sg.stats.statements;
    const r = await sg.request(ENTITIES, { reps });
    const delta = sg.stats.statements - before;
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toHaveLength(2 * n);
    expect(r.data._entities.every((e: any) => e && (e.caseNumber || e.arbitration?.id))).toBe(true);
    return delta;
  }

  test('100 cases and 100 disputes cost a constant, small number of statements', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(100);
    expect(large).toBe(small);
    // cases by id, cases by dispute id, institutions (at most once per plan step)
    expect(large).toBeLessThanOrEqual(4);
  });
});
