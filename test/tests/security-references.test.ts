import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType,
  type GraphQLArgument, type GraphQLInputField, type GraphQLInputType,
} from 'graphql';
import { REFERENCES, type Reference } from '@fengqiao/gateway';
import { supergraphPath } from '@fengqiao/schema';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';

/**
 * Every reference to another subgraph's entity a mutation declares (gateway/src/references/
 * declared.ts) is checked with its owner before the mutation runs: an unknown id is
 * NOT_FOUND naming the argument, and the mutation's subgraph stores nothing. Background work
 * is off so that row counts move only with what these requests do.
 */
let hub: Hub;
let admin: string;
beforeAll(async () => {
  hub = await startHub({ background: false });
  admin = await hub.token('admin');
});
afterAll(() => hub?.stop());

const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
const mutations = api.getMutationType()!.getFields();

/** A seeded id of each type a reference may name. */
const KNOWN: Record<string, string> = {
  Party: DEMO.parties.buyerLiNa,
  Order: DEMO.orders.lanterns,
  Dispute: DEMO.disputes.filed,
  Court: DEMO.courts.yiwu,
  Platform: DEMO.platforms.silkRoadMall,
  MediationOrganization: DEMO.mediationOrganizations.yiwuMarketMediation,
  ArbitrationInstitution: DEMO.arbitrationInstitutions.cietac,
  MediationCase: 'mca_demo_in_mediation',
};

interface Case {
  mutation: string;
  path: string;
  /** The types the id may name, and for `by`, the discriminator's value choosing them. */
  types: readonly string[];
  choose?: { path: string; value: string };
}

function casesOf(mutation: string, path: string, reference: Reference): Case[] {
  if (typeof reference === 'string') return [{ mutation, path, types: [reference] }];
  if ('anyOf' in reference) return [{ mutation, path, types: reference.anyOf }];
  return Object.entries(reference.types).map(([value, type]) => ({ mutation, path, types: [type], choose: { path: reference.by, value } }));
}
const CASES = Object.entries(REFERENCES).flatMap(([mutation, paths]) => Object.entries(paths).flatMap(([path, ref]) => casesOf(mutation, path, ref)));

const SCALARS: Record<string, unknown> = {
  String: 'Reference check', ID: 'id_local_1', Int: 1, Float: 1, Boolean: true,
  DateTime: new Date(Date.now() + 30 * 86_400_000).toISOString(), Decimal: '100.00',
};

/**
 * Arguments that pass the gateway's validation, for `mutation`: every required field filled
 * with a plain value, every declared reference with a known id of its type (or `override`),
 * and the discriminators `choose` names set. Whether the subgraph then accepts them is not
 * the point: the reference check runs before it.
 */
function argumentsFor(mutation: string, choose: Case['choose'], override?: { path: string; id: string }): Record<string, unknown> {
  const declared = REFERENCES[mutation] ?? {};
  const valueOf = (type: GraphQLInputType, path: string): unknown => {
    if (isNonNullType(type)) return valueOf(type.ofType, path);
    if (isListType(type)) return [valueOf(type.ofType, path)];
    if (path === override?.path) return override.id;
    const reference = declared[path];
    if (reference) {
      const types = typeof reference === 'string' ? [reference]
        : 'anyOf' in reference ? reference.anyOf
          : [reference.types[choose?.path === reference.by ? choose.value : ''] ?? Object.values(reference.types)[0]!];
      return KNOWN[types.find((t) => KNOWN[t])!];
    }
    if (choose && path === choose.path) return choose.value;
    if (isEnumType(type)) return type.getValues()[0]!.value;
    if (isInputObjectType(type)) return fill(Object.values(type.getFields()), `${path}.`);
    return SCALARS[getNamedType(type).name] ?? 'x';
  };
  const wanted = (path: string) => Object.keys(declared).some((p) => p === path || p.startsWith(`${path}.`)) || choose?.path === path;
  const fill = (fields: readonly (GraphQLArgument | GraphQLInputField)[], prefix: string) =>
    Object.fromEntries(fields.filter((f) => isNonNullType(f.type) || wanted(`${prefix}${f.name}`)).map((f) => [f.name, valueOf(f.type, `${prefix}${f.name}`)]));
  return fill(mutations[mutation]!.args, '');
}

/** `mutation($a: T!, …) { m(a: $a, …) { __typename } }` for the arguments given. */
function documentFor(mutation: string, args: Record<string, unknown>): string {
  const field = mutations[mutation]!;
  const given = field.args.filter((a) => a.name in args);
  const variables = given.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  return `mutation(${variables}) { ${mutation}(${given.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename } }`;
}

/** Rows of every table of a subgraph's schema, outbox and idempotency keys included. */
async function rowCounts(subgraph: string): Promise<Record<string, number>> {
  const db = hub.subgraphs[subgraph]!.database.db;
  const tables: any = await db.execute(sql`select table_name from information_schema.tables where table_schema = ${subgraph} and table_type = 'BASE TABLE' order by table_name`);
  const names = (tables.rows as { table_name: string }[]).map((r) => r.table_name);
  const result: any = await db.execute(sql.raw(names.map((t) => `select '${t}' as t, count(*)::int as n from "${subgraph}"."${t}"`).join(' union all ')));
  return Object.fromEntries((result.rows as { t: string; n: number }[]).map((r) => [r.t, r.n]));
}

const OWNER: Record<string, string> = Object.fromEntries(
  Object.entries({
    disputes: ['fileDispute', 'routeDispute'],
    identity: ['repairContact', 'serveDocument', 'requestActConfirmation'],
    platforms: ['recordOrder', 'openNegotiation'],
    mediation: ['referToMediation'],
    arbitration: ['recordArbitrationAgreement', 'fileArbitration', 'issueAward'],
    courts: ['fileLawsuit', 'applyForJudicialConfirmation', 'applyForEnforcement'],
    credit: ['grantCreditConsent'],
  }).flatMap(([subgraph, names]) => names.map((n) => [n, subgraph])),
);

const label = (c: Case) => `${c.mutation}(${c.path}${c.choose ? ` with ${c.choose.path}: ${c.choose.value}` : ''})`;

describe('a mutation naming an entity of another subgraph', () => {
  it('has its owning subgraph listed here, so its rows can be counted', () => {
    expect(Object.keys(REFERENCES).filter((m) => !OWNER[m])).toEqual([]);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s: an unknown id is NOT_FOUND naming the argument, and nothing is stored', async (_, c) => {
    const id = `${KNOWN[c.types[0]!]!.split('_')[0]}_no_such_${c.mutation.toLowerCase()}`;
    const args = argumentsFor(c.mutation, c.choose, { path: c.path, id });
    const owner = OWNER[c.mutation]!;
    const before = await rowCounts(owner);
    const res = await hub.query(documentFor(c.mutation, args), args, admin);
    const field = Array.isArray(valueAt(args, c.path)) ? `${c.path}.0` : c.path;
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({
      path: [c.mutation],
      extensions: { code: 'NOT_FOUND', field, id, entity: c.types.join(' | ') },
    });
    expect(res.errors?.[0]?.message).toContain(field);
    expect(res.data ?? null).toBeNull();
    expect(res.status).toBe(404);
    expect(await rowCounts(owner)).toEqual(before);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s: a known id passes the check, and the subgraph decides', async (_, c) => {
    const args = argumentsFor(c.mutation, c.choose);
    const res = await hub.query(documentFor(c.mutation, args), args, admin);
    expect((res.errors ?? []).filter((e) => e.extensions?.entity)).toEqual([]);
  });

  it.each(Object.keys(REFERENCES))('%s needs a signed-in caller: an anonymous one is refused by the subgraph, before any check', async (mutation) => {
    const declared = REFERENCES[mutation]!;
    const first = casesOf(mutation, ...Object.entries(declared)[0]!)[0]!;
    const args = argumentsFor(mutation, first.choose, { path: first.path, id: 'pty_no_such_anonymous' });
    const before = await rowCounts(OWNER[mutation]!);
    const res = await hub.query(documentFor(mutation, args), args);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await rowCounts(OWNER[mutation]!)).toEqual(before);
  });
});

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, name) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined), value);
}

const P = DEMO.parties;
const dispute = (input: Record<string, unknown>) => ({
  title: 'Lantern frames bent in transit', description: 'Three of ten frames arrived bent.', category: 'CONSUMER_PURCHASE', claimAmount: '120.00', ...input,
});

describe('the check itself', () => {
  it('lets a dispute with real parties and order be filed, once; asking identity logs no read of personal data', async () => {
    const before = (await rowCounts('disputes')).disputes!;
    const identityBefore = await rowCounts('identity');
    const res = await hub.query(FILE_DISPUTE, { key: 'references-real-1', input: dispute({ claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, originOrderId: DEMO.orders.lanterns }) }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.fileDispute).toMatchObject({ claimant: { id: P.buyerLiNa }, respondent: { id: P.merchantYiwuCrafts } });
    expect((await rowCounts('disputes')).disputes).toBe(before + 1);
    expect(await rowCounts('identity')).toEqual(identityBefore);
  });

  it('asks each owning subgraph once per request, for every id of every mutation in it', async () => {
    const traffic = () => Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.traffic.graphqlRequests]));
    const before = traffic();
    const res = await hub.query(`mutation($a: FileDisputeInput!, $b: FileDisputeInput!) {
      a: fileDispute(input: $a, idempotencyKey: "references-batch-a") { id }
      b: fileDispute(input: $b, idempotencyKey: "references-batch-b") { id }
    }`, {
      a: dispute({ claimantId: P.buyerLiNa, respondentId: 'pty_no_such_batch_a', originOrderId: DEMO.orders.lanterns }),
      b: dispute({ claimantId: P.buyerZhangWei, respondentId: P.merchantGzElectronics, originOrderId: 'ord_no_such_batch_b' }),
    }, admin);
    // The first missing id in the operation's order is the one named.
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.respondentId', id: 'pty_no_such_batch_a', entity: 'Party' });
    expect(res.errors?.[0]?.path).toEqual(['a']);
    const after = traffic();
    const delta = Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
    expect(delta).toEqual({ disputes: 0, identity: 1, platforms: 1, mediation: 0, arbitration: 0, courts: 0, credit: 0 });
  });

  it('counts an entity the caller may not see as existing: visibility is the mutation\'s subgraph\'s business', async () => {
    const lina = await hub.token('party', { sub: P.buyerLiNa });
    // The patent dispute is not Li Na's: she cannot read it …
    expect((await hub.query('query($id: ID!) { dispute(id: $id) { id } }', { id: DEMO.disputes.patent }, lina)).data.dispute).toBeNull();
    // … yet it exists, so naming it is not NOT_FOUND; mediation refuses her on its own terms.
    const res = await hub.query(`mutation($input: ReferToMediationInput!) { referToMediation(input: $input, idempotencyKey: "references-invisible-1") { id } }`, {
      input: { disputeId: DEMO.disputes.patent, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, category: 'PATENT', organizationId: DEMO.mediationOrganizations.yiwuMarketMediation },
    }, lina);
    expect(res.errors?.[0]?.extensions?.entity).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toEqual(expect.stringMatching(/FORBIDDEN|BAD_USER_INPUT|CONFLICT|INVALID_TRANSITION/));
  });

  it('names a credit recipient of any kind that exists, and refuses one that does not', async () => {
    const debtor = await hub.token('party', { sub: P.supplierCo });
    const grant = (recipientId: string, k: string) => hub.query(
      'mutation($input: GrantCreditConsentInput!, $k: String!) { grantCreditConsent(input: $input, idempotencyKey: $k) { recipientId } }',
      { input: { recipientId, purpose: 'Supplier due diligence', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }, k }, debtor);
    expect((await grant(DEMO.mediationOrganizations.hkMacaoMediation, 'references-recipient-1')).data.grantCreditConsent.recipientId).toBe(DEMO.mediationOrganizations.hkMacaoMediation);
    expect((await grant(P.buyerWangFang, 'references-recipient-2')).data.grantCreditConsent.recipientId).toBe(P.buyerWangFang);
    const before = await rowCounts('credit');
    const refused = await grant('bank_no_such_lender', 'references-recipient-3');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.recipientId', id: 'bank_no_such_lender' });
    expect(await rowCounts('credit')).toEqual(before);
  });

  it('refuses hostile ids with a typed error, never a failure of the hub', async () => {
    for (const id of ['pty_\u0000nul', 'x'.repeat(10_000), "pty_' or 1=1 --", '𝕡𝕥𝕪_unicode']) {
      const res = await hub.query(FILE_DISPUTE, { key: `references-hostile-${id.length}`, input: dispute({ claimantId: P.buyerLiNa, respondentId: id }) }, admin);
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0]?.extensions?.code).toEqual(expect.stringMatching(/NOT_FOUND|BAD_USER_INPUT/));
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    }
  });
});

describe('order of the checks before planning', () => {
  it('asks no owning subgraph about an id that the input checks refuse', async () => {
    const identity = hub.subgraphs.identity!.traffic;
    const before = identity.graphqlRequests;
    const res = await hub.query(FILE_DISPUTE, { key: 'references-order-1', input: dispute({ claimantId: P.buyerLiNa, respondentId: 'pty_\u0000nul' }) }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.respondentId' });
    expect(identity.graphqlRequests).toBe(before);
  });
});

describe('references inside one subgraph', () => {
  // Not the gateway's to check (declared local): the subgraph finds them in its own tables.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  it.each([
    ['fileLawsuit', 'courts', 'input.filedAtCourtId', 'mutation($i: FileLawsuitInput!) { fileLawsuit(input: $i, idempotencyKey: "references-local-1") { id } }',
      { disputeId: DEMO.disputes.patent, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, category: 'PATENT', claimType: 'Design copied', regionCode: '330782', filedAtCourtId: 'crt_no_such' }],
    ['referToMediation', 'mediation', 'input.organizationId', 'mutation($i: ReferToMediationInput!) { referToMediation(input: $i, idempotencyKey: "references-local-2") { id } }',
      { disputeId: DEMO.disputes.patent, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, category: 'PATENT', organizationId: 'mor_no_such' }],
    ['recordOrder', 'platforms', 'input.storeId', 'mutation($i: RecordOrderInput!) { recordOrder(input: $i, idempotencyKey: "references-local-3") { id } }',
      { storeId: 'sto_no_such', orderNumber: 'SRM-LOCAL-1', amount: '10.00', itemSummary: 'One lantern', placedAt: yesterday, buyerId: P.buyerLiNa }],
    ['applyForJudicialConfirmation', 'courts', 'input.courtId', 'mutation($i: ApplyForJudicialConfirmationInput!) { applyForJudicialConfirmation(input: $i, idempotencyKey: "references-local-4") { id } }',
      { disputeId: DEMO.disputes.patent, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, courtId: 'crt_no_such', settlementReference: 'SA-1', settlementEffectiveAt: yesterday }],
  ])('%s: an unknown id of its own subgraph (%s, %s) is refused there, and nothing is stored', async (_, subgraph, _path, query, input) => {
    const before = await rowCounts(subgraph);
    const res = await hub.query(query, { i: input }, admin);
    expect(res.errors?.[0]?.extensions?.code).toEqual(expect.stringMatching(/^(NOT_FOUND|BAD_USER_INPUT)$/));
    expect(res.errors?.[0]?.extensions?.entity).toBeUndefined();
    expect(await rowCounts(subgraph)).toEqual(before);
  });
});

describe('when an owning subgraph is down', () => {
  it('refuses the mutation naming its entities with SUBGRAPH_UNAVAILABLE and writes nothing; others go on', async () => {
    await hub.stopSubgraph('platforms');
    const before = await rowCounts('disputes');
    const res = await hub.query(FILE_DISPUTE, { key: 'references-down-1', input: dispute({ claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, originOrderId: DEMO.orders.lanterns }) }, admin);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'platforms' });
    expect(res.status).toBe(503);
    expect(JSON.stringify(res.errors)).not.toContain('127.0.0.1');
    expect(await rowCounts('disputes')).toEqual(before);
    // Without an order, only identity is asked, and the dispute is filed.
    const without = await hub.query(FILE_DISPUTE, { key: 'references-down-2', input: dispute({ claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts }) }, admin);
    expect(without.errors).toBeUndefined();
  });

  it('passes a credit recipient another owner has, and refuses one only the stopped owner could vouch for', async () => {
    const debtor = await hub.token('party', { sub: P.supplierCo });
    const grant = (recipientId: string, k: string) => hub.query(
      'mutation($input: GrantCreditConsentInput!, $k: String!) { grantCreditConsent(input: $input, idempotencyKey: $k) { recipientId } }',
      { input: { recipientId, purpose: 'Supplier due diligence', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }, k }, debtor);
    expect((await grant(DEMO.courts.yiwu, 'references-down-recipient-1')).data?.grantCreditConsent.recipientId).toBe(DEMO.courts.yiwu);
    const before = await rowCounts('credit');
    const unknown = await grant('plt_no_such_while_down', 'references-down-recipient-2');
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'platforms' });
    expect(await rowCounts('credit')).toEqual(before);
  });
});
