import { ANONYMOUS, DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { courtsSubgraph } from '../src/definition.js';

const LIT_ID = 'lit_demo_mediation_failed';
const JCF_ID = 'jcf_demo_settled_confirmed';
const as = (role: Caller['role'], sub: string | null, org: string | null = null): Caller => ({ role, sub, org });
const supplier = as('party', DEMO.parties.supplierCo);
const debtor = as('party', DEMO.parties.discreditedDebtor);
const hkTrader = as('party', DEMO.parties.hkTrader);
const stranger = as('party', DEMO.parties.buyerLiNa);
const otherCourt = as('court', 'usr_judge_gz', DEMO.courts.guangzhouInternet);
const platform = as('platform', 'usr_plt', DEMO.platforms.yiwuGo);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(courtsSubgraph); });
afterAll(() => sg?.stop());

const LIT_QUERY = `{ litigationCase(id: "${LIT_ID}") { id caseNumber status procedure fee filedAt court { id name code } dispute { id } } }`;
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on LitigationCase { id caseNumber fee court { code } }
  ... on JudicialConfirmation { id status court { code } }
  ... on Dispute { id litigation { id court { id isInternetCourt } } judicialConfirmation { id caseNumber court { id } } } } }`;

describe('courts: public reference data', () => {
  test('anyone may list the eight courts, highest level first', async () => {
    const r = await sg.request('{ courts { id name englishName code level isInternetCourt hearsPatentCases region } }', {}, ANONYMOUS);
    expect(r.errors).toBeUndefined();
    expect(r.data.courts).toHaveLength(8);
    expect(r.data.courts[0]).toMatchObject({ id: DEMO.courts.supreme, name: '最高人民法院', level: 'SUPREME' });
    expect(r.data.courts).toContainEqual({
      id: DEMO.courts.yiwu, name: '义乌市人民法院', englishName: 'Yiwu People\'s Court', code: '浙0782',
      level: 'BASIC', isInternetCourt: false, hearsPatentCases: false, region: '330782',
    });
    expect(r.data.courts.filter((c: any) => c.isInternetCourt).map((c: any) => c.code).sort()).toEqual(['京0491', '浙0192', '粤0192']);
    // Basic courts hear trademark and copyright but not patent disputes (seed 001 §3.2).
    expect(r.data.courts.filter((c: any) => c.hearsPatentCases).map((c: any) => c.id).sort()).toEqual([DEMO.courts.guangzhouIp, DEMO.courts.hangzhouIntermediate].sort());
    expect(r.data.courts.filter((c: any) => c.level === 'BASIC').every((c: any) => !c.hearsPatentCases)).toBe(true);
  });

  test.each([
    ['440000', [DEMO.courts.guangzhouIp, DEMO.courts.guangzhouInternet, DEMO.courts.nansha]],
    ['440100', [DEMO.courts.guangzhouIp, DEMO.courts.guangzhouInternet, DEMO.courts.nansha]], // Nansha District is in Guangzhou
    ['440115', [DEMO.courts.nansha]],
    ['110000', [DEMO.courts.supreme, DEMO.courts.beijingInternet]],
    ['330000', [DEMO.courts.hangzhouIntermediate, DEMO.courts.hangzhouInternet, DEMO.courts.yiwu]],
    ['330782', [DEMO.courts.yiwu]],
    ['650000', []],
  ])('courts(region: %s)', async (region, ids) => {
    const r = await sg.request('query($r: String) { courts(region: $r) { id } }', { r: region }, ANONYMOUS);
    expect(r.errors).toBeUndefined();
    expect(r.data.courts.map((c: any) => c.id).sort()).toEqual([...ids].sort());
  });

  test('a malformed region is refused', async () => {
    const r = await sg.request('{ courts(region: "Guangdong") { id } }', {}, ANONYMOUS);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('anyone may read one court, or resolve it as an entity', async () => {
    const r = await sg.request(`{ court(id: "${DEMO.courts.guangzhouInternet}") { name englishName code isInternetCourt } }`, {}, ANONYMOUS);
    expect(r.data.court).toEqual({ name: '广州互联网法院', englishName: 'Guangzhou Internet Court', code: '粤0192', isInternetCourt: true });
    const e = await sg.request('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Court { code } } }',
      { reps: [{ __typename: 'Court', id: DEMO.courts.guangzhouIp }, { __typename: 'Court', id: 'crt_nope' }] }, ANONYMOUS);
    expect(e.data._entities).toEqual([{ code: '粤73' }, null]);
  });

  test('the seed is idempotent', async () => {
    const before = await sg.services.store.countCases();
    expect(before).toBe(2);
    await courtsSubgraph.seed!(sg.services, sg.database.db);
    expect(await sg.services.store.countCases()).toBe(before);
    expect(await sg.services.store.courts()).toHaveLength(8);
  });
});

describe('seeded cases', () => {
  test('the failed mediation became a lawsuit at the Yiwu court, with the statutory fee', async () => {
    const r = await sg.request(LIT_QUERY, {}, otherCourt);
    expect(r.errors).toBeUndefined();
    expect(r.data.litigationCase).toEqual({
      id: LIT_ID, caseNumber: '(2026)浙0782民初3187号', status: 'IN_TRIAL', procedure: 'ORDINARY', fee: '2820.00',
      filedAt: '2026-07-22T01:30:00.000Z', court: { id: DEMO.courts.yiwu, name: '义乌市人民法院', code: '浙0782' },
      dispute: { id: DEMO.disputes.mediationFailedToCourt },
    });
  });

  test('the settlement was judicially confirmed', async () => {
    const r = await sg.request(`{ judicialConfirmation(id: "${JCF_ID}") { caseNumber status appliedAt ruledAt court { id } dispute { id } } }`, {}, hkTrader);
    expect(r.errors).toBeUndefined();
    expect(r.data.judicialConfirmation).toEqual({
      caseNumber: '(2026)浙0782民特512号', status: 'CONFIRMED', appliedAt: '2026-08-26T01:30:00.000Z', ruledAt: '2026-09-02T01:30:00.000Z',
      court: { id: DEMO.courts.yiwu }, dispute: { id: DEMO.disputes.settledAndConfirmed },
    });
  });

  test('the seeded confirmation shows its deadline moved off a rest day: day 30 was Saturday 19 September 2026, and Sunday 20th a working day', async () => {
    const r = await sg.request(`{ judicialConfirmation(id: "${JCF_ID}") { deadline deadlineCount { lastDay nominalLastDay movedPast { date name } provisional } } }`, {}, hkTrader);
    expect(r.errors).toBeUndefined();
    expect(r.data.judicialConfirmation).toEqual({
      deadline: '2026-09-20',
      deadlineCount: { lastDay: '2026-09-20', nominalLastDay: '2026-09-19', movedPast: [{ date: '2026-09-19', name: 'Saturday' }], provisional: false },
    });
  });

  test('disputes carry their court cases; one referred to mediation before filing has none', async () => {
    const reps = [DEMO.disputes.mediationFailedToCourt, DEMO.disputes.settledAndConfirmed, DEMO.disputes.inMediation].map((id) => ({ __typename: 'Dispute', id }));
    const r = await sg.request(ENTITIES, { reps });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([
      { id: DEMO.disputes.mediationFailedToCourt, litigation: { id: LIT_ID, court: { id: DEMO.courts.yiwu, isInternetCourt: false } }, judicialConfirmation: null },
      { id: DEMO.disputes.settledAndConfirmed, litigation: null, judicialConfirmation: { id: JCF_ID, caseNumber: '(2026)浙0782民特512号', court: { id: DEMO.courts.yiwu } } },
      { id: DEMO.disputes.inMediation, litigation: null, judicialConfirmation: null },
    ]);
  });

  test('a dispute shows its latest application for confirmation', async () => {
    await sg.services.store.insertJudicialConfirmations([
      { id: 'jcf_t_1', disputeId: 'dsp_t_reapplied', claimantId: 'pty_a', respondentId: 'pty_b', courtId: DEMO.courts.nansha, caseNumber: '(2026)粤0115民特1号', status: 'REJECTED', appliedAt: new Date('2026-03-01T00:00:00Z'), ruledAt: new Date('2026-03-05T00:00:00Z') },
      { id: 'jcf_t_2', disputeId: 'dsp_t_reapplied', claimantId: 'pty_a', respondentId: 'pty_b', courtId: DEMO.courts.nansha, caseNumber: '(2026)粤0115民特9号', status: 'APPLIED', appliedAt: new Date('2026-03-20T00:00:00Z') },
    ]);
    const r = await sg.request(ENTITIES, { reps: [{ __typename: 'Dispute', id: 'dsp_t_reapplied' }] });
    expect(r.data._entities[0].judicialConfirmation.id).toBe('jcf_t_2');
  });
});

describe('case visibility', () => {
  test.each([
    ['admin', as('admin', 'usr_admin')],
    ['the case\'s own court', as('court', 'usr_judge_yw', DEMO.courts.yiwu)],
    ['another court (courts share case information)', otherCourt],
    ['a mediation organisation', as('mediation_org', 'usr_mo', DEMO.mediationOrganizations.yiwuMarketMediation)],
    ['a mediator', as('mediator', DEMO.mediators.zhouLei, DEMO.mediationOrganizations.yiwuMarketMediation)],
    ['an arbitrator', as('arbitrator', 'usr_arb', DEMO.arbitrationInstitutions.shanghai)],
    ['the claimant', supplier],
    ['the respondent', debtor],
  ])('%s may read the lawsuit', async (_, caller) => {
    const r = await sg.request(LIT_QUERY, {}, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data.litigationCase?.id).toBe(LIT_ID);
  });

  test.each([
    ['another party', stranger],
    ['a party of another case', hkTrader],
    ['a platform', platform],
  ])('%s sees null', async (_, caller) => {
    const r = await sg.request(LIT_QUERY, {}, caller);
    expect(r.errors).toBeUndefined();
    expect(r.data.litigationCase).toBeNull();
  });

  test('anonymous callers are told to sign in', async () => {
    for (const q of [LIT_QUERY, `{ judicialConfirmation(id: "${JCF_ID}") { id } }`]) {
      const r = await sg.request(q, {}, ANONYMOUS);
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(Object.values(r.data ?? {}).every((v) => v === null)).toBe(true);
    }
  });

  test('entity references follow the same rules; anonymous and platforms get null, not an error', async () => {
    const reps = [
      { __typename: 'LitigationCase', id: LIT_ID },
      { __typename: 'JudicialConfirmation', id: JCF_ID },
      { __typename: 'Dispute', id: DEMO.disputes.mediationFailedToCourt },
      { __typename: 'Dispute', id: DEMO.disputes.settledAndConfirmed },
    ];
    const hidden = [null, null, { id: DEMO.disputes.mediationFailedToCourt, litigation: null, judicialConfirmation: null }, { id: DEMO.disputes.settledAndConfirmed, litigation: null, judicialConfirmation: null }];
    for (const caller of [ANONYMOUS, platform, stranger]) {
      const r = await sg.request(ENTITIES, { reps }, caller);
      expect(r.errors).toBeUndefined();
      expect(r.data._entities).toEqual(hidden);
    }

    const asDebtor = await sg.request(ENTITIES, { reps }, debtor);
    expect(asDebtor.data._entities.map((e: any) => e?.id ?? null)).toEqual([LIT_ID, null, DEMO.disputes.mediationFailedToCourt, DEMO.disputes.settledAndConfirmed]);
    expect(asDebtor.data._entities[2].litigation.id).toBe(LIT_ID);
    expect(asDebtor.data._entities[3].judicialConfirmation).toBeNull();

    const asTrader = await sg.request(ENTITIES, { reps }, hkTrader);
    expect(asTrader.data._entities.map((e: any) => e?.id ?? null)).toEqual([null, JCF_ID, DEMO.disputes.mediationFailedToCourt, DEMO.disputes.settledAndConfirmed]);
    expect(asTrader.data._entities[3].judicialConfirmation.id).toBe(JCF_ID);
  });
});

describe('batching', () => {
  const courtIds = Object.values(DEMO.courts);

  beforeAll(async () => {
    await sg.services.store.insertLitigationCases(
      Array.from({ length: 120 }, (_, i) => ({
        id: `lit_bulk_${i}`, disputeId: `dsp_bulk_${i}`, claimantId: `pty_bulk_c_${i}`, respondentId: `pty_bulk_r_${i}`,
        courtId: courtIds[i % courtIds.length]!, caseNumber: `(2026)浙0782民初${10_000 + i}号`, status: 'FILED' as const,
        procedure: 'SUMMARY' as const, claimAmount: '5000.00', fee: '25.00',
      })),
    );
    await sg.services.store.insertJudicialConfirmations(
      Array.from({ length: 120 }, (_, i) => ({
        id: `jcf_bulk_${i}`, disputeId: `dsp_bulk_${i}`, claimantId: `pty_bulk_c_${i}`, respondentId: `pty_bulk_r_${i}`,
        courtId: courtIds[(i + 3) % courtIds.length]!, caseNumber: `(2026)浙0782民特${10_000 + i}号`,
      })),
    );
  });

  async function statementsFor(n: number): Promise<number> {
    const reps = Array.from({ length: n }, (_, i) => [
      { __typename: 'LitigationCase', id: `lit_bulk_${i}` },
      { __typename: 'JudicialConfirmation', id: `jcf_bulk_${i}` },
      { __typename: 'Dispute', id: `dsp_bulk_${i}` },
    ]).flat();
    const before = sg.stats.statements;
    const r = await sg.request(ENTITIES, { reps });
    const delta = sg.stats.statements - before;
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toHaveLength(3 * n);
    expect(r.data._entities.every((e: any) => e && (e.court?.code || (e.litigation?.court.id && e.judicialConfirmation?.court.id)))).toBe(true);
    return delta;
  }

  test('100 of each entity type cost a constant, small number of statements', async () => {
    // lawsuits by id, confirmations by id, lawsuits by dispute, confirmations by dispute, and
    // courts — loaded once, or twice when the two case batches return in different ticks.
    expect(await statementsFor(5)).toBeLessThanOrEqual(6);
    expect(await statementsFor(100)).toBeLessThanOrEqual(6);
  });

  test('anonymous references cost no statements at all', async () => {
    const before = sg.stats.statements;
    const reps = Array.from({ length: 50 }, (_, i) => ({ __typename: 'LitigationCase', id: `lit_bulk_${i}` }));
    const r = await sg.request(ENTITIES, { reps }, ANONYMOUS);
    expect(r.data._entities.every((e: unknown) => e === null)).toBe(true);
    expect(sg.stats.statements - before).toBe(0);
  });
});

describe('without demo data (SEED_DEMO_DATA=false)', () => {
  test('the real courts are still there, and no demo case is', async () => {
    const bare = await startTestSubgraph(courtsSubgraph, { seed: false });
    try {
      const r = await bare.request('{ courts { id } litigationCase(id: "x") { id } }');
      expect(r.errors).toBeUndefined();
      expect(r.data.courts.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(Object.values(DEMO.courts)));
      expect(await bare.services.store.countCases()).toBe(0);
    } finally {
      await bare.stop();
    }
  });
});
