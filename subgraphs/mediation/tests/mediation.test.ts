import { createHash } from 'node:crypto';
import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from '../src/definition.js';
import { DEMO_CASES, DEMO_SETTLEMENT_INSTALMENTS, DEMO_SETTLEMENT_TERMS } from '../src/seed.js';

const ORG = DEMO.mediationOrganizations;
const M = DEMO.mediators;
const D = DEMO.disputes;
const ALL_CASES = Object.values(DEMO_CASES);

const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const court: Caller = { role: 'court', sub: 'usr_judge', org: DEMO.courts.yiwu };
const yiwuCaseManager: Caller = { role: 'mediation_org', sub: 'usr_yiwu_case_mgr', org: ORG.yiwuMarketMediation };
const chenJing: Caller = { role: 'mediator', sub: M.chenJing, org: ORG.gzInternetCourtDdr };
const copycat: Caller = { role: 'party', sub: DEMO.parties.copycatSeller, org: null };
const hkTrader: Caller = { role: 'party', sub: DEMO.parties.hkTrader, org: null };
const lina: Caller = { role: 'party', sub: DEMO.parties.buyerLiNa, org: null };
const platform: Caller = { role: 'platform', sub: 'usr_ops', org: DEMO.platforms.silkRoadMall };
const arbitrator: Caller = { role: 'arbitrator', sub: 'usr_arb', org: DEMO.arbitrationInstitutions.guangzhou };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(mediationSubgraph); });
afterAll(() => sg?.stop());

const CASE_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on MediationCase { id status referredAt closedAt dispute { id } organization { id name } mediator { id name organization { id } } settlement { id contentHash signedAt } } } }`;
const caseReps = (ids: string[]) => ids.map((id) => ({ __typename: 'MediationCase', id }));

async function visibleCases(caller: Caller): Promise<string[]> {
  const r = await sg.request(CASE_ENTITIES, { reps: caseReps(ALL_CASES) }, caller);
  expect(r.errors).toBeUndefined();
  return (r.data._entities as ({ id: string } | null)[]).filter((c): c is { id: string } => c !== null).map((c) => c.id).sort();
}

describe('public reference data', () => {
  test('anonymous callers list the organisations with their mediators', async () => {
    const r = await sg.request('{ mediationOrganizations { id name kind region mediators { id name model region languages expertise rating organization { id } } } }', {}, anonymous);
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data.mediationOrganizations.map((o: any) => [o.id, o]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(Object.values(ORG)));
    expect(byId[ORG.gzInternetCourtDdr]).toMatchObject({ kind: 'COURT_INVITED', region: 'Guangzhou', name: expect.stringContaining('Guangzhou Commercial Mediation Commission') });
    expect(byId[ORG.yiwuMarketMediation]).toMatchObject({ kind: 'COURT_INVITED', region: 'Yiwu' });
    expect(byId[ORG.hkMacaoMediation]).toMatchObject({ kind: 'CROSS_BORDER' });
    expect(byId[ORG.hkMacaoMediation].mediators.map((m: any) => m.id).sort()).toEqual([M.linXiaoyan, M.wongKaMing].sort());
    const chen = byId[ORG.gzInternetCourtDdr].mediators.find((m: any) => m.id === M.chenJing);
    expect(chen).toMatchObject({ name: 'Chen Jing', model: 'EVALUATIVE', region: 'Guangzhou', rating: 4.6, organization: { id: ORG.gzInternetCourtDdr } });
    expect(chen.expertise).toContain('TRADEMARK');
    const wong = byId[ORG.hkMacaoMediation].mediators.find((m: any) => m.id === M.wongKaMing);
    expect(wong).toMatchObject({ model: 'FACILITATIVE', region: 'Hong Kong' });
    expect(wong.languages).toEqual(expect.arrayContaining(['Cantonese', 'English']));
    const lin = byId[ORG.hkMacaoMediation].mediators.find((m: any) => m.id === M.linXiaoyan);
    expect(lin).toMatchObject({ model: 'FACILITATIVE', region: 'Macao', rating: null });
    const zhou = byId[ORG.yiwuMarketMediation].mediators[0];
    expect(zhou).toMatchObject({ id: M.zhouLei, model: 'EVALUATIVE', region: 'Yiwu', expertise: expect.arrayContaining(['CONTRACT', 'CONSUMER_PURCHASE']) });
  });

  test('mediationOrganizations filters by region, case-insensitively', async () => {
    const r = await sg.request('query($r: String) { mediationOrganizations(region: $r) { id } }', { r: 'yiwu' }, anonymous);
    expect(r.errors).toBeUndefined();
    expect(r.data.mediationOrganizations).toEqual([{ id: ORG.yiwuMarketMediation }]);
    const none = await sg.request('query($r: String) { mediationOrganizations(region: $r) { id } }', { r: 'Atlantis' }, anonymous);
    expect(none.data.mediationOrganizations).toEqual([]);
  });

  test('anonymous callers resolve organisation and mediator references; unknown ids are null', async () => {
    const r = await sg.request(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on MediationOrganization { id kind } ... on Mediator { id name } } }',
      { reps: [{ __typename: 'MediationOrganization', id: ORG.yiwuMarketMediation }, { __typename: 'Mediator', id: M.wongKaMing }, { __typename: 'Mediator', id: 'med_nope' }] },
      anonymous,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([{ id: ORG.yiwuMarketMediation, kind: 'COURT_INVITED' }, { id: M.wongKaMing, name: 'Wong Ka-ming' }, null]);
    const one = await sg.request('query($id: ID!) { mediationOrganization(id: $id) { id } }', { id: ORG.gzInternetCourtDdr }, anonymous);
    expect(one.data.mediationOrganization).toEqual({ id: ORG.gzInternetCourtDdr });
  });
});

describe('seeded cases', () => {
  test('four cases with their status, organisation, mediator and dates', async () => {
    const r = await sg.request(CASE_ENTITIES, { reps: caseReps(ALL_CASES) }, admin);
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data._entities.map((c: any) => [c.id, c]));
    expect(byId[DEMO_CASES.inMediation]).toMatchObject({ status: 'IN_SESSION', dispute: { id: D.inMediation }, organization: { id: ORG.gzInternetCourtDdr }, mediator: { id: M.chenJing }, closedAt: null, settlement: null });
    expect(byId[DEMO_CASES.settledAndConfirmed]).toMatchObject({ status: 'SETTLED', dispute: { id: D.settledAndConfirmed }, organization: { id: ORG.yiwuMarketMediation }, mediator: { id: M.zhouLei } });
    expect(byId[DEMO_CASES.mediationFailedToCourt]).toMatchObject({ status: 'FAILED', dispute: { id: D.mediationFailedToCourt }, organization: { id: ORG.yiwuMarketMediation }, mediator: { id: M.zhouLei }, closedAt: '2026-07-20T01:30:00.000Z', settlement: null });
    expect(byId[DEMO_CASES.withdrawn]).toMatchObject({ status: 'WITHDRAWN', dispute: { id: D.withdrawn }, organization: { id: ORG.gzInternetCourtDdr }, mediator: { id: M.chenJing } });
  });

  test('the settlement is signed and its hash is the SHA-256 of its terms and instalments', async () => {
    const r = await sg.request('query($id: ID!) { mediationCase(id: $id) { settlement { id terms contentHash signedAt } } }', { id: DEMO_CASES.settledAndConfirmed }, hkTrader);
    expect(r.errors).toBeUndefined();
    const s = r.data.mediationCase.settlement;
    expect(s.terms).toBe(DEMO_SETTLEMENT_TERMS);
    expect(s.terms).toContain('3,600 yuan in two instalments');
    // Canonical JSON of the content: keys sorted, no whitespace (terms + instalments since the lifecycle change).
    const canonical = `{"instalments":${JSON.stringify(DEMO_SETTLEMENT_INSTALMENTS.map((i) => ({ amount: i.amount, dueDate: i.dueDate })))},"terms":${JSON.stringify(s.terms)}}`;
    expect(s.contentHash).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    expect(s.signedAt).toMatch(/^2026-08-19T/);
  });

  test('Dispute.mediation returns the case of each dispute, null where there is none', async () => {
    const r = await sg.request(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { id mediation { id status } } } }',
      { reps: [D.inMediation, D.settledAndConfirmed, D.filed, D.withdrawn].map((id) => ({ __typename: 'Dispute', id })) },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([
      { id: D.inMediation, mediation: { id: DEMO_CASES.inMediation, status: 'IN_SESSION' } },
      { id: D.settledAndConfirmed, mediation: { id: DEMO_CASES.settledAndConfirmed, status: 'SETTLED' } },
      { id: D.filed, mediation: null },
      { id: D.withdrawn, mediation: { id: DEMO_CASES.withdrawn, status: 'WITHDRAWN' } },
    ]);
  });
});

describe('case visibility', () => {
  test('admin and court see every case', async () => {
    expect(await visibleCases(admin)).toEqual([...ALL_CASES].sort());
    expect(await visibleCases(court)).toEqual([...ALL_CASES].sort());
  });

  test("a mediation organisation sees only its own organisation's cases", async () => {
    expect(await visibleCases(yiwuCaseManager)).toEqual([DEMO_CASES.mediationFailedToCourt, DEMO_CASES.settledAndConfirmed].sort());
    expect(await visibleCases({ role: 'mediation_org', sub: 'usr_hk', org: ORG.hkMacaoMediation })).toEqual([]);
  });

  test('a mediator sees only the cases assigned to them', async () => {
    expect(await visibleCases(chenJing)).toEqual([DEMO_CASES.inMediation, DEMO_CASES.withdrawn].sort());
    expect(await visibleCases({ role: 'mediator', sub: M.wongKaMing, org: ORG.hkMacaoMediation })).toEqual([]);
  });

  test('a party sees only cases where it is claimant or respondent', async () => {
    expect(await visibleCases(copycat)).toEqual([DEMO_CASES.inMediation, DEMO_CASES.withdrawn].sort());
    expect(await visibleCases(hkTrader)).toEqual([DEMO_CASES.settledAndConfirmed]);
    expect(await visibleCases(lina)).toEqual([]);
  });

  test('platforms, arbitrators and anonymous callers see no case', async () => {
    for (const caller of [platform, arbitrator, anonymous]) expect(await visibleCases(caller)).toEqual([]);
  });

  test('Dispute.mediation follows the same rules', async () => {
    const q = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { id mediation { id } } } }';
    const reps = [{ __typename: 'Dispute', id: D.inMediation }];
    expect((await sg.request(q, { reps }, copycat)).data._entities[0].mediation).toEqual({ id: DEMO_CASES.inMediation });
    expect((await sg.request(q, { reps }, hkTrader)).data._entities[0].mediation).toBeNull();
    expect((await sg.request(q, { reps }, yiwuCaseManager)).data._entities[0].mediation).toBeNull();
    expect((await sg.request(q, { reps }, anonymous)).data._entities[0].mediation).toBeNull();
  });

  test('Query.mediationCase: UNAUTHENTICATED for anonymous, null when not visible', async () => {
    const q = 'query($id: ID!) { mediationCase(id: $id) { id } }';
    const anon = await sg.request(q, { id: DEMO_CASES.inMediation }, anonymous);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const hidden = await sg.request(q, { id: DEMO_CASES.inMediation }, lina);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data.mediationCase).toBeNull();
    const seen = await sg.request(q, { id: DEMO_CASES.inMediation }, chenJing);
    expect(seen.data.mediationCase).toEqual({ id: DEMO_CASES.inMediation });
  });
});

describe('batching', () => {
  const measure = async (query: string, reps: unknown[]) => {
    const before = sg.stats.statements;
    const r = await sg.request(query, { reps }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toHaveLength(reps.length);
    return sg.stats.statements - before;
  };
  const hundred = (ids: string[], prefix: string) => Array.from({ length: 100 }, (_, i) => (i < ids.length ? ids[i]! : `${prefix}_missing_${i}`));

  test('100 case references cost one statement per entity type', async () => {
    const few = await measure(CASE_ENTITIES, caseReps([DEMO_CASES.settledAndConfirmed]));
    const many = await measure(CASE_ENTITIES, caseReps(hundred(ALL_CASES, 'mca')));
    // cases; then organisations, mediators and settlements (the mediators' organisations come from the loader's cache).
    expect(many).toBe(4);
    expect(few).toBe(4);
  });

  test('100 dispute references cost one statement for their cases plus one per nested type', async () => {
    const q = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { id mediation { id organization { id } mediator { id } settlement { id } } } } }';
    const disputeIds = Object.values(D);
    const few = await measure(q, [{ __typename: 'Dispute', id: D.inMediation }]);
    const many = await measure(q, hundred(disputeIds, 'dsp').map((id) => ({ __typename: 'Dispute', id })));
    expect(many).toBe(4); // cases by dispute, organisations, mediators, settlements
    expect(few).toBe(4);
  });

  test('organisations with their mediators cost two statements', async () => {
    const before = sg.stats.statements;
    const r = await sg.request('{ mediationOrganizations { id mediators { id } } }', {}, anonymous);
    expect(r.errors).toBeUndefined();
    expect(sg.stats.statements - before).toBe(2);
  });
});

test('seeding and loading reference data again leave the data alone', async () => {
  const count = await sg.services.store.countMediators();
  const orgs = await sg.request('{ mediationOrganizations { id name } }', {}, anonymous);
  await mediationSubgraph.loadReferenceData!(sg.services as any);
  await mediationSubgraph.seed!(sg.services as any, sg.database.db as any);
  expect(await sg.services.store.countMediators()).toBe(count);
  expect(await sg.request('{ mediationOrganizations { id name } }', {}, anonymous)).toEqual(orgs);
});
