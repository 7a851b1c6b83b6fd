import { DEMO, startTestSubgraph, type Caller } from '@fengqiao/subgraph-kit';
import { platformsSubgraph } from '../src/definition.js';

const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const court: Caller = { role: 'court', sub: 'usr_judge', org: DEMO.courts.guangzhouInternet };
const lina: Caller = { role: 'party', sub: DEMO.parties.buyerLiNa, org: null };
const yiwuCraftsMerchant: Caller = { role: 'party', sub: DEMO.parties.merchantYiwuCrafts, org: null };
const silkRoad: Caller = { role: 'platform', sub: 'usr_silk_road_ops', org: DEMO.platforms.silkRoadMall };
const pearlRiver: Caller = { role: 'platform', sub: 'usr_pearl_river_ops', org: DEMO.platforms.pearlRiver };
const mediator: Caller = { role: 'mediator', sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation };

const O = DEMO.orders;
const ALL_ORDERS = Object.values(O);

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(platformsSubgraph); });
afterAll(() => sg?.stop());

const ORDER_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id orderNumber amount buyer { id } store { id name merchant { id } platform { id name } } } } }`;
const orderReps = (ids: string[]) => ids.map((id) => ({ __typename: 'Order', id }));

async function visibleOrders(caller: Caller): Promise<string[]> {
  const r = await sg.request(ORDER_ENTITIES, { reps: orderReps(ALL_ORDERS) }, caller);
  expect(r.errors).toBeUndefined();
  return (r.data._entities as ({ id: string } | null)[]).filter((o): o is { id: string } => o !== null).map((o) => o.id).sort();
}

describe('seeded reference data', () => {
  test('anonymous callers list the three demo platforms with their stores', async () => {
    const r = await sg.request('{ platforms { id name website offersConsumerCompensation arbitrationClauseInstitutionId stores { id name merchant { id } platform { id } } } }', {}, anonymous);
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data.platforms.map((p: any) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(Object.values(DEMO.platforms).sort());
    expect(byId[DEMO.platforms.silkRoadMall]).toMatchObject({ name: 'Silk Road Mall', offersConsumerCompensation: true, arbitrationClauseInstitutionId: null });
    expect(byId[DEMO.platforms.yiwuGo]).toMatchObject({ name: 'Yiwu Go Market', offersConsumerCompensation: true });
    expect(byId[DEMO.platforms.pearlRiver]).toMatchObject({ name: 'Pearl River Shop', offersConsumerCompensation: false, arbitrationClauseInstitutionId: DEMO.arbitrationInstitutions.guangzhou });
    expect(byId[DEMO.platforms.silkRoadMall].stores.map((s: any) => s.id).sort()).toEqual([DEMO.stores.copycat, DEMO.stores.yiwuCrafts].sort());
    const gz = byId[DEMO.platforms.pearlRiver].stores[0];
    expect(gz).toEqual({ id: DEMO.stores.gzElectronics, name: expect.any(String), merchant: { id: DEMO.parties.merchantGzElectronics }, platform: { id: DEMO.platforms.pearlRiver } });
  });

  test('anonymous callers resolve Platform and Store references', async () => {
    const r = await sg.request(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Platform { id name } ... on Store { id merchant { id } } } }',
      { reps: [{ __typename: 'Platform', id: DEMO.platforms.yiwuGo }, { __typename: 'Store', id: DEMO.stores.supplier }, { __typename: 'Store', id: 'sto_missing' }] },
      anonymous,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([{ id: DEMO.platforms.yiwuGo, name: 'Yiwu Go Market' }, { id: DEMO.stores.supplier, merchant: { id: DEMO.parties.supplierCo } }, null]);
  });

  test('platform(id) is public; an unknown id is null', async () => {
    const r = await sg.request('query($a: ID!, $b: ID!) { a: platform(id: $a) { name } b: platform(id: $b) { name } }', { a: DEMO.platforms.pearlRiver, b: 'plt_nope' }, anonymous);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: { name: 'Pearl River Shop' }, b: null });
  });

  test('the six demo orders carry their amounts as two-decimal strings', async () => {
    const r = await sg.request(ORDER_ENTITIES, { reps: orderReps(ALL_ORDERS) }, admin);
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data._entities.map((o: any) => [o.id, o]));
    expect(byId[O.lanterns]).toMatchObject({ amount: '86.00', buyer: { id: DEMO.parties.buyerLiNa }, store: { id: DEMO.stores.yiwuCrafts, platform: { id: DEMO.platforms.silkRoadMall } } });
    expect(byId[O.headphones]).toMatchObject({ amount: '399.00', buyer: { id: DEMO.parties.buyerZhangWei }, store: { id: DEMO.stores.gzElectronics } });
    expect(byId[O.handbag]).toMatchObject({ amount: '1280.00', buyer: { id: DEMO.parties.rightsHolderBrand }, store: { id: DEMO.stores.copycat } });
    expect(byId[O.phoneCase]).toMatchObject({ amount: '4800.00', buyer: { id: DEMO.parties.hkTrader }, store: { id: DEMO.stores.yiwuCrafts } });
    expect(byId[O.blender]).toMatchObject({ amount: '259.00', buyer: { id: DEMO.parties.buyerWangFang }, store: { id: DEMO.stores.gzElectronics } });
    expect(byId[O.bulkToys]).toMatchObject({ amount: '126000.00', buyer: { id: DEMO.parties.discreditedDebtor }, store: { id: DEMO.stores.supplier, platform: { id: DEMO.platforms.yiwuGo } } });
  });
});

describe('order visibility', () => {
  test('admin, court and the dispute-handling roles read every order', async () => {
    for (const caller of [admin, court, mediator, { role: 'mediation_org', sub: 'usr_case_mgr', org: DEMO.mediationOrganizations.gzInternetCourtDdr } as Caller, { role: 'arbitrator', sub: 'usr_arb', org: DEMO.arbitrationInstitutions.guangzhou } as Caller]) {
      expect(await visibleOrders(caller)).toEqual([...ALL_ORDERS].sort());
    }
  });

  test('a platform reads only the orders of its own stores', async () => {
    expect(await visibleOrders(silkRoad)).toEqual([O.handbag, O.lanterns, O.phoneCase].sort());
    expect(await visibleOrders(pearlRiver)).toEqual([O.blender, O.headphones].sort());
    expect(await visibleOrders({ role: 'platform', sub: 'usr_x', org: null })).toEqual([]);
  });

  test('a party reads the orders it bought or that were placed in its store', async () => {
    expect(await visibleOrders(lina)).toEqual([O.lanterns]);
    expect(await visibleOrders(yiwuCraftsMerchant)).toEqual([O.lanterns, O.phoneCase].sort());
  });

  test('anonymous callers get null for order references and UNAUTHENTICATED for Query.order', async () => {
    expect(await visibleOrders(anonymous)).toEqual([]);
    const r = await sg.request('query($id: ID!) { order(id: $id) { id } }', { id: O.lanterns }, anonymous);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data?.order ?? null).toBeNull();
  });

  test('Query.order returns null for an order the caller may not see', async () => {
    const r = await sg.request('query($a: ID!, $b: ID!) { mine: order(id: $a) { id orderNumber itemSummary currency placedAt } other: order(id: $b) { id } }', { a: O.lanterns, b: O.headphones }, lina);
    expect(r.errors).toBeUndefined();
    expect(r.data.mine).toEqual({ id: O.lanterns, orderNumber: expect.any(String), itemSummary: expect.any(String), currency: 'CNY', placedAt: expect.stringMatching(/^2026-/) });
    expect(r.data.other).toBeNull();
  });
});

describe('batching', () => {
  test('resolving 100 order references costs one statement per entity type', async () => {
    const measure = async (ids: string[]) => {
      const before = sg.stats.statements;
      const r = await sg.request(ORDER_ENTITIES, { reps: orderReps(ids) }, admin);
      expect(r.errors).toBeUndefined();
      expect(r.data._entities).toHaveLength(ids.length);
      return sg.stats.statements - before;
    };
    const few = await measure([O.lanterns]);
    const many = await measure(Array.from({ length: 100 }, (_, i) => (i < ALL_ORDERS.length ? ALL_ORDERS[i]! : `ord_missing_${i}`)));
    // orders, stores, platforms: one statement each, however many references.
    expect(few).toBe(3);
    expect(many).toBe(3);
  });

  test('platforms with their stores cost three statements, one per step', async () => {
    const before = sg.stats.statements;
    const r = await sg.request('{ platforms { id stores { id platform { id } } } }', {}, anonymous);
    expect(r.errors).toBeUndefined();
    expect(sg.stats.statements - before).toBe(3); // platforms list, stores by platform, platforms by id
  });
});

describe('recordOrder', () => {
  const RECORD = `mutation($input: RecordOrderInput!, $key: String!) { recordOrder(input: $input, idempotencyKey: $key) { id orderNumber amount currency itemSummary placedAt buyer { id } store { id platform { id } } } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    storeId: DEMO.stores.yiwuCrafts,
    orderNumber: 'SRM20261120000001',
    amount: '129.5',
    itemSummary: '10 × paper lanterns',
    placedAt: '2026-01-20T08:00:00Z',
    buyerId: DEMO.parties.buyerZhangWei,
    ...over,
  });

  test('a platform records an order for its own store, once per idempotency key', async () => {
    const count = await sg.services.store.countOrders();
    const a = await sg.request(RECORD, { input: input(), key: 'rec-order-0001' }, silkRoad);
    expect(a.errors).toBeUndefined();
    expect(a.data.recordOrder).toMatchObject({ orderNumber: 'SRM20261120000001', amount: '129.50', currency: 'CNY', buyer: { id: DEMO.parties.buyerZhangWei }, store: { id: DEMO.stores.yiwuCrafts, platform: { id: DEMO.platforms.silkRoadMall } } });
    expect(a.data.recordOrder.id).toMatch(/^ord_/);
    const b = await sg.request(RECORD, { input: input(), key: 'rec-order-0001' }, silkRoad);
    expect(b.errors).toBeUndefined();
    expect(b.data.recordOrder.id).toBe(a.data.recordOrder.id);
    expect(await sg.services.store.countOrders()).toBe(count + 1);

    const reused = await sg.request(RECORD, { input: input({ amount: '1.00' }), key: 'rec-order-0001' }, silkRoad);
    expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const duplicateNumber = await sg.request(RECORD, { input: input(), key: 'rec-order-0002' }, silkRoad);
    expect(duplicateNumber.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await sg.services.store.countOrders()).toBe(count + 1);

    // The buyer now sees the order; another platform does not.
    const seen = await sg.request('query($id: ID!) { order(id: $id) { id } }', { id: a.data.recordOrder.id }, { role: 'party', sub: DEMO.parties.buyerZhangWei, org: null });
    expect(seen.data.order).toEqual({ id: a.data.recordOrder.id });
    const hidden = await sg.request('query($id: ID!) { order(id: $id) { id } }', { id: a.data.recordOrder.id }, pearlRiver);
    expect(hidden.data.order).toBeNull();
  });

  test('admin may record for any store', async () => {
    const r = await sg.request(RECORD, { input: input({ storeId: DEMO.stores.supplier, orderNumber: 'YWG2026012000001' }), key: 'rec-order-admin-1' }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordOrder.store.platform.id).toBe(DEMO.platforms.yiwuGo);
  });

  test.each([
    ['amount zero', { amount: '0' }, 'amount'],
    ['negative amount', { amount: '-5.00' }, 'amount'],
    ['empty order number', { orderNumber: '   ' }, 'orderNumber'],
    ['order number over 64 characters', { orderNumber: 'X'.repeat(65) }, 'orderNumber'],
    ['empty item summary', { itemSummary: '' }, 'itemSummary'],
    ['placed in the future', { placedAt: '2999-01-01T00:00:00Z' }, 'placedAt'],
  ])('%s is BAD_USER_INPUT and stores nothing', async (_name, over, field) => {
    const count = await sg.services.store.countOrders();
    const r = await sg.request(RECORD, { input: input({ orderNumber: 'SRM-BAD-1', ...over }), key: `rec-bad-${field}-${Math.random().toString(36).slice(2)}` }, silkRoad);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.data?.recordOrder ?? null).toBeNull();
    expect(await sg.services.store.countOrders()).toBe(count);
  });

  test('a malformed Decimal amount is rejected before any resolver runs', async () => {
    const r = await sg.request(RECORD, { input: input({ amount: '12.345' }), key: 'rec-bad-decimal' }, silkRoad);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a short idempotency key is BAD_USER_INPUT', async () => {
    const r = await sg.request(RECORD, { input: input({ orderNumber: 'SRM-SHORT-KEY' }), key: 'short' }, silkRoad);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  test('an unknown store is NOT_FOUND', async () => {
    const r = await sg.request(RECORD, { input: input({ storeId: 'sto_nope' }), key: 'rec-order-nostore' }, silkRoad);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test("another platform's store is FORBIDDEN, and so are parties and anonymous callers", async () => {
    const count = await sg.services.store.countOrders();
    const other = await sg.request(RECORD, { input: input({ orderNumber: 'PRS-X-1' }), key: 'rec-order-other' }, pearlRiver);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const party = await sg.request(RECORD, { input: input({ orderNumber: 'PRS-X-2' }), key: 'rec-order-party' }, lina);
    expect(party.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anon = await sg.request(RECORD, { input: input({ orderNumber: 'PRS-X-3' }), key: 'rec-order-anon' }, anonymous);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await sg.services.store.countOrders()).toBe(count);
  });
});

test('seeding again leaves the data alone', async () => {
  const count = await sg.services.store.countOrders();
  await platformsSubgraph.seed!(sg.services as any, sg.database.db as any);
  expect(await sg.services.store.countOrders()).toBe(count);
});
