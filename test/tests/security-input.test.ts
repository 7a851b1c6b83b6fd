import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import {
  astFromValue, buildClientSchema, getIntrospectionQuery, getNamedType, getNullableType, getOperationAST, isEnumType, isInputObjectType,
  isListType, isScalarType, Kind, parse, print, type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { supergraphPath } from '@fengqiao/schema';
import { DEMO, findInputProblem, sendLogsTo } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { connect } from '../src/subscribe.js';

/**
 * Every mutation of the API, fed hostile text in each String and ID argument and bad values in
 * each Decimal and DateTime: each answer is BAD_USER_INPUT naming the argument path, from the
 * gateway before planning (and from the subgraph when called directly), nothing is written
 * and nothing the client sent reaches a log line.
 */

// In every valid-looking string, so a log line that repeats any input is found.
const MARKER = 'FQ-INPUT-MARKER';
const HOSTILE = [
  ['NUL', 'a\u0000b', 'CONTROL_CHARACTER'],
  ['a lone surrogate', 'a\ud800b', 'ILL_FORMED_UNICODE'],
  ['a C1 control (NEL)', 'a\u0085b', 'CONTROL_CHARACTER'],
] as const;
const BAD_SCALARS: Record<string, { values: unknown[]; rule: string }> = {
  Decimal: { values: ['1.234', 'NaN', 'Infinity', '1e3', 12.345], rule: 'DECIMAL_FORMAT' },
  DateTime: { values: ['2026-13-45T00:00:00Z', '2026-02-30T10:00:00Z', 'next year', '2026-03-01'], rule: 'DATE_TIME_FORMAT' },
};
/** Mutations with no String or ID argument anywhere in their input: none today; a new one must be named here. */
const WITHOUT_TEXT_INPUT: string[] = [];

type Path = (string | number)[];
interface Leaf { path: Path; scalar: string }

let hub: Hub;
let admin: string;
let schema: GraphQLSchema;
let owners: Map<string, string>;
const logLines: string[] = [];
const previousLevel = process.env.HUB_TEST_LOG_LEVEL;

beforeAll(async () => {
  // Everything the hub logs, at every level, for the last test.
  process.env.HUB_TEST_LOG_LEVEL = 'trace';
  sendLogsTo(new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));
  // No clock-driven jobs or relay: the row counts may move only through the requests sent here.
  hub = await startHub({ background: false, rateLimits: { enabled: false } });
  admin = await hub.token('admin');
  const introspection = await hub.query<IntrospectionQuery>(getIntrospectionQuery(), {}, admin);
  schema = buildClientSchema(introspection.data!);
  owners = mutationOwners(readFileSync(supergraphPath, 'utf8'));
}, 180_000);
afterAll(async () => {
  await hub?.stop();
  sendLogsTo(undefined);
  if (previousLevel === undefined) delete process.env.HUB_TEST_LOG_LEVEL;
  else process.env.HUB_TEST_LOG_LEVEL = previousLevel;
});

/** Which subgraph resolves each mutation, from the supergraph's `@join__field(graph:)`. */
function mutationOwners(supergraphSdl: string): Map<string, string> {
  const document = parse(supergraphSdl);
  const graphs = new Map<string, string>();
  const result = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
        if (name?.kind === Kind.STRING) graphs.set(value.name.value, name.value);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== 'Mutation') continue;
    for (const field of definition.fields ?? []) {
      const graph = field.directives?.find((d) => d.name.value === 'join__field')?.arguments?.find((a) => a.name.value === 'graph')?.value;
      if (graph?.kind === Kind.ENUM) result.set(field.name.value, graphs.get(graph.value)!);
    }
  }
  return result;
}

/** A value of `type` that looks valid, every optional field and list filled, and its scalar leaves. */
function sample(type: GraphQLInputType, path: Path, leaves: Leaf[]): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sample(nullable.ofType, [...path, 0], leaves)];
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(Object.values(nullable.getFields()).map((f) => [f.name, sample(f.type, [...path, f.name], leaves)]));
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (!isScalarType(nullable)) throw new Error(`unexpected input type ${String(type)}`);
  leaves.push({ path, scalar: nullable.name });
  switch (nullable.name) {
    case 'String': return `${MARKER} 陈大文 ${path.join('.')}`;
    case 'ID': return DEMO.disputes.filed;
    case 'Int': return 1;
    case 'Float': return 1.5;
    case 'Boolean': return true;
    case 'Decimal': return '100.00';
    case 'DateTime': return '2026-03-01T02:00:00Z';
    default: throw new Error(`no sample for scalar ${nullable.name}: add one (and its bad values)`);
  }
}

const withValueAt = (args: Record<string, unknown>, path: Path, value: unknown) => {
  const copy = structuredClone(args);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  return copy;
};

interface Probe { mutation: GraphQLField<unknown, unknown>; args: Record<string, unknown>; leaves: Leaf[] }

function probes(): Probe[] {
  return Object.values(schema.getMutationType()!.getFields()).map((mutation) => {
    const leaves: Leaf[] = [];
    const args = Object.fromEntries(mutation.args.map((a) => [a.name, sample(a.type, [a.name], leaves)]));
    return { mutation, args, leaves };
  });
}

/** The operation with every argument as a variable (`literal`: written into the document instead). */
function operationFor(mutation: GraphQLField<unknown, unknown>, args: Record<string, unknown>, literal = false) {
  const argument = (a: GraphQLArgument) => (literal ? print(astFromValue(args[a.name], a.type)!) : `$${a.name}`);
  const variables = literal ? '' : `(${mutation.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})`;
  return {
    query: `mutation Probe${variables} { ${mutation.name}(${mutation.args.map((a) => `${a.name}: ${argument(a)}`).join(', ')}) { __typename } }`,
    variables: literal ? {} : args,
  };
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** Runs `work` over `items`, a few at a time (two cores serve the whole hub). */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>, concurrency = 4) {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/** Rows in every table of every subgraph. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, subgraph] of Object.entries(hub.subgraphs)) {
    const db = subgraph.database.db as any;
    const tables = await db.execute(sql`select table_name from information_schema.tables where table_schema = ${name} and table_type = 'BASE TABLE'`);
    for (const { table_name: table } of tables.rows as { table_name: string }[]) {
      const result = await db.execute(sql.raw(`select count(*)::int as n from "${name}"."${table}"`));
      counts[`${name}.${table}`] = result.rows[0].n;
    }
  }
  return counts;
}

/** What every refused answer must look like: one typed error from the gateway itself, HTTP 400, no data. */
function expectRefused(answer: Awaited<ReturnType<typeof post>>, field: string, rule: string, what: string) {
  const error = answer.body.errors?.[0];
  try {
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(1);
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field, rule });
    expect(answer.body.data ?? null).toBeNull();
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}\nanswer: ${JSON.stringify(answer)}`);
  }
}

describe('every mutation refuses hostile text in every String and ID argument', () => {
  it('has a text argument in every mutation, or names it as having none', () => {
    const all = probes();
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((p) => !p.leaves.some((l) => l.scalar === 'String' || l.scalar === 'ID')).map((p) => p.mutation.name)).toEqual(WITHOUT_TEXT_INPUT);
    // The samples themselves pass the checks: the only problem in each probe is the one put there.
    for (const { mutation, args } of all) {
      const { query } = operationFor(mutation, args);
      const document = parse(query);
      expect(findInputProblem({ schema, document, operation: getOperationAST(document)!, variables: args })).toBeUndefined();
    }
  });

  it('answers BAD_USER_INPUT with the argument path at the gateway, in variables and in literals, and writes nothing', async () => {
    const before = await rowCounts();
    const cases = probes().flatMap(({ mutation, args, leaves }) =>
      leaves.filter((l) => l.scalar === 'String' || l.scalar === 'ID').flatMap((leaf) => HOSTILE.flatMap(([label, value, rule]) => [
        { what: `${mutation.name} ${leaf.path.join('.')} ${label} (variables)`, ...operationFor(mutation, withValueAt(args, leaf.path, value)), field: leaf.path.join('.'), rule },
        // A lone surrogate cannot be written in a document at all (below); the others can, escaped.
        ...(rule === 'ILL_FORMED_UNICODE' ? [] : [
          { what: `${mutation.name} ${leaf.path.join('.')} ${label} (literal)`, ...operationFor(mutation, withValueAt(args, leaf.path, value), true), field: leaf.path.join('.'), rule },
        ]),
      ])));
    expect(cases.length).toBeGreaterThan(300);
    await eachLimited(cases, async ({ what, query, variables, field, rule }) => {
      expectRefused(await post(hub.gatewayUrl, { query, variables }, admin), field, rule, what);
    });
    expect(await rowCounts()).toEqual(before);
  }, 600_000);

  it('answers the same from each subgraph called directly (the kit runs the checks too)', async () => {
    const before = await rowCounts();
    const cases = probes().flatMap(({ mutation, args, leaves }) =>
      leaves.filter((l) => l.scalar === 'String' || l.scalar === 'ID').flatMap((leaf) => HOSTILE.map(([label, value, rule]) => ({
        what: `${owners.get(mutation.name)} ${mutation.name} ${leaf.path.join('.')} ${label}`,
        subgraph: owners.get(mutation.name)!,
        ...operationFor(mutation, withValueAt(args, leaf.path, value)),
        field: leaf.path.join('.'),
        rule,
      }))));
    const tokens = new Map<string, string>();
    for (const name of new Set(cases.map((c) => c.subgraph))) tokens.set(name, await hub.internalToken(name, 'admin'));
    await eachLimited(cases, async ({ what, subgraph, query, variables, field, rule }) => {
      expectRefused(await post(hub.subgraphs[subgraph]!.url, { query, variables }, tokens.get(subgraph)), field, rule, what);
    });
    expect(await rowCounts()).toEqual(before);
  }, 600_000);

  it('refuses a lone surrogate written into the document itself as a parse error, HTTP 400', async () => {
    const answer = await post(hub.gatewayUrl, { query: 'mutation { revokeCreditConsent(consentId: "a\\ud800b") { __typename } }' }, admin);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a bidirectional override in a name', async () => {
    const input = { name: '陈大文\u202Egnp.exe', kind: 'NATURAL_PERSON', idType: 'PASSPORT', idNumber: 'E12345678' };
    const answer = await post(hub.gatewayUrl, { query: 'mutation($input: RegisterPartyInput!, $key: String!) { registerParty(input: $input, idempotencyKey: $key) { id } }', variables: { input, key: 'bidi-1' } }, admin);
    expectRefused(answer, 'input.name', 'BIDI_CONTROL', 'registerParty with U+202E');
  });
});

describe('every Decimal and DateTime argument is parsed with the kit scalars at the gateway', () => {
  it('answers BAD_USER_INPUT with the argument path, and writes nothing', async () => {
    const before = await rowCounts();
    const cases = probes().flatMap(({ mutation, args, leaves }) =>
      leaves.filter((l) => BAD_SCALARS[l.scalar]).flatMap((leaf) => BAD_SCALARS[leaf.scalar]!.values.flatMap((value) => {
        const changed = withValueAt(args, leaf.path, value);
        const what = `${mutation.name} ${leaf.path.join('.')} ${JSON.stringify(value)}`;
        return [
          { what: `${what} (variables)`, ...operationFor(mutation, changed), field: leaf.path.join('.'), rule: BAD_SCALARS[leaf.scalar]!.rule },
          { what: `${what} (literal)`, ...operationFor(mutation, changed, true), field: leaf.path.join('.'), rule: BAD_SCALARS[leaf.scalar]!.rule },
        ];
      })));
    // Decimal: amounts, instalments, claims, offers; DateTime: sessions, orders, agreements, consents, trials.
    expect(new Set(cases.map((c) => c.what.split(' ')[0])).size).toBeGreaterThan(10);
    await eachLimited(cases, async ({ what, query, variables, field, rule }) => {
      expectRefused(await post(hub.gatewayUrl, { query, variables }, admin), field, rule, what);
    });
    expect(await rowCounts()).toEqual(before);
  }, 600_000);
});

describe('subscriptions', () => {
  it('refuses hostile text in a subscription argument with the same error', async () => {
    const connection = await connect(hub.gatewayUrl, admin);
    const subscription = connection.subscribe('subscription($id: ID!) { disputeUpdated(id: $id) { cursor } }', { id: `${DEMO.disputes.filed}\u0000` });
    const result = await subscription.next(5_000);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', rule: 'CONTROL_CHARACTER' });
    await connection.close();
  });
});

describe('malformed requests are typed 400s, never 500', () => {
  const get = async (params: Record<string, string>, token?: string) => {
    const res = await fetch(`${hub.gatewayUrl}?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    return { status: res.status, body: (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] } };
  };

  it('an operationName the document does not have, over POST and GET', async () => {
    const query = 'query Courts { courts { id } }';
    for (const answer of [await post(hub.gatewayUrl, { query, operationName: 'Nope' }, admin), await get({ query, operationName: 'Nope' }, admin)]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    }
    const two = await post(hub.gatewayUrl, { query: `${query} query Again { courts { id } }` }, admin);
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('a body that is not JSON, and a document with a syntax error', async () => {
    const res = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const syntax = await post(hub.gatewayUrl, { query: '{ courts { id }' }, admin);
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it.each([
    ['no query', {}],
    ['a query that is not a string', { query: 5 }],
    ['variables that are not an object', { query: '{ courts { id } }', variables: [1] }],
    ['variables as a JSON string', { query: '{ courts { id } }', variables: '{}' }],
    ['an operationName that is not a string', { query: '{ courts { id } }', operationName: 5 }],
    ['a batch (not supported)', [{ query: '{ courts { id } }' }]],
    ['a bare string', 'query'],
    ['null', null],
  ])('%s', async (_, body) => {
    const answer = await post(hub.gatewayUrl, body, admin);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('POST /auth/widget-token checks its ids before any look-up', () => {
  const exchange = async (body: unknown) => {
    const platform = await hub.token('platform', { org: DEMO.platforms.silkRoadMall });
    return post(new URL('/auth/widget-token', hub.gatewayUrl).toString(), body, platform);
  };
  const good = { partyId: DEMO.parties.buyerLiNa, orderId: DEMO.orders.lanterns };

  it.each([
    ['a NUL in orderId', { ...good, orderId: `${good.orderId}\u0000` }, 'orderId'],
    ['a lone surrogate in partyId', { ...good, partyId: `${good.partyId}\ud800` }, 'partyId'],
    ['a C1 control in orderId', { ...good, orderId: `\u0085${good.orderId}` }, 'orderId'],
    ['a right-to-left override in partyId', { ...good, partyId: `\u202E${good.partyId}` }, 'partyId'],
    ['an id of another shape', { ...good, orderId: "ord_1' or '1'='1" }, 'orderId'],
    ['an id that is too long', { ...good, partyId: `pty_${'a'.repeat(200)}` }, 'partyId'],
    ['an id that is not a string', { ...good, orderId: 42 }, 'orderId'],
  ])('%s → 400 BAD_USER_INPUT naming the field', async (_, body, field) => {
    const before = hub.subgraphs.platforms!.traffic.graphqlRequests;
    const answer = await exchange(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    // Refused before the order was looked up in the graph.
    expect(hub.subgraphs.platforms!.traffic.graphqlRequests).toBe(before);
  });

  it('still exchanges good ids', async () => {
    const answer = await exchange(good);
    expect(answer.status).toBe(200);
  });
});

describe('logs', () => {
  it('hold no value any request of this suite sent', () => {
    const text = logLines.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [MARKER, '陈大文', '\\u0000', '\\ud800', '\\u0085', '\u0085', '"params"', 'gnp.exe', "or '1'='1"]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});
