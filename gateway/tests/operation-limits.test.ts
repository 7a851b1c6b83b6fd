import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  getIntrospectionQuery, isEnumType, isInputObjectType, isListType, isNonNullType, Kind, parse, specifiedRules, typeFromAST, validate,
  type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { supergraphPath } from '@fengqiao/schema';
import { ensureLocalKeys } from '../src/auth/keys.js';
import { readGatewayOptions } from '../src/environment.js';
import { withoutSuggestions } from '../src/security/field-suggestions.js';
import {
  checkOperationCost, checkOperationShape, DEFAULT_OPERATION_LIMITS, OperationLimitExceeded, operationLimitRules, operationLimits, parseWithinLimits,
  type OperationLimits,
} from '../src/security/operation-limits.js';
import { documentsInTypeScript, readmeDocuments, trustedDocuments, type HubDocument } from './hub-documents.js';

const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
const limits = operationLimits();

/** Everything the limits check on an operation arriving over HTTP, in the gateway's order. */
function checkAll(source: string, variables: Record<string, unknown> = {}, within: OperationLimits = limits, schema: GraphQLSchema = api) {
  const document = parseWithinLimits(source, within);
  checkOperationShape(schema, document, within);
  checkOperationCost(schema, document, { variables }, within);
}

function refusal(run: () => void): OperationLimitExceeded {
  try {
    run();
  } catch (err) {
    if (err instanceof OperationLimitExceeded) return err;
    throw err;
  }
  throw new Error('the operation was not refused');
}

const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
/** dispute → mediation → dispute → …: `levels` levels of selections, all real fields. */
function nested(levels: number): string {
  const path = Array.from({ length: levels - 1 }, (_, i) => (i % 2 === 0 ? 'dispute' : 'mediation'));
  let selection = path.length % 2 === 1 ? 'title' : 'status';
  for (let i = path.length - 1; i >= 1; i--) selection = `${path[i]} { ${selection} }`;
  return `{ dispute(id: "dsp_demo_filed") { ${selection} } }`;
}

describe('each limit refuses with OPERATION_LIMIT_EXCEEDED, its name and its figures', () => {
  const cases: [string, string, Record<string, unknown>, { limit: string; max: number; actual?: number }][] = [
    ['ALIASES', `{ dispute(id: "dsp_demo_filed") { ${repeat(16, (i) => `t${i}: title`)} } }`, {}, { limit: 'ALIASES', max: 15, actual: 16 }],
    ['DEPTH', nested(16), {}, { limit: 'DEPTH', max: 15, actual: 16 }],
    ['TOKENS', `{ courts(region: "${'x'.repeat(10)}") { ${repeat(2_100, () => 'name')} } }`, {}, { limit: 'TOKENS', max: 2_000 }],
    ['DIRECTIVES', `{ courts { ${repeat(21, () => 'name @include(if: true)')} } }`, {}, { limit: 'DIRECTIVES', max: 20, actual: 21 }],
    ['ROOT_FIELDS', `{ ${repeat(11, () => 'courts { name }')} }`, {}, { limit: 'ROOT_FIELDS', max: 10, actual: 11 }],
    [
      'COST',
      `query ($n: Int) { disputes(first: $n) { edges { node {
        claimant { dataAccessLog(first: 100) { nodes { id field readerRole purpose } } }
        respondent { dataAccessLog(first: 100) { nodes { id field readerRole purpose } } }
      } } } }`,
      { n: 100 },
      { limit: 'COST', max: 80_000, actual: 100_601 },
    ],
  ];
  test.each(cases)('%s', (_name, source, variables, expected) => {
    const refused = refusal(() => checkAll(source, variables));
    const { actual, ...figures } = expected;
    expect(refused.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED', ...figures, ...(actual === undefined ? {} : { actual }), http: { status: 400 },
    });
    expect(refused.message).toContain(String(expected.max));
    // Over graphql-ws the same refusal, without the HTTP status.
    expect(refused.withoutHttp().extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', ...figures, ...(actual === undefined ? {} : { actual }) });
  });

  test('one under each limit passes', () => {
    expect(() => checkAll(`{ dispute(id: "dsp_demo_filed") { ${repeat(15, (i) => `t${i}: title`)} } }`)).not.toThrow();
    expect(() => checkAll(nested(15))).not.toThrow();
    expect(() => checkAll(`{ courts { ${repeat(20, () => 'name @include(if: true)')} } }`)).not.toThrow();
    expect(() => checkAll(`{ ${repeat(10, () => 'courts { name }')} }`)).not.toThrow();
    // The cost follows the variables: the same document with a page of 1 is cheap.
    expect(() => checkAll(cases[5]![1], { n: 1 })).not.toThrow();
  });

  test('fragments spread into fragments cannot make the estimate itself expensive', () => {
    const chain = repeat(24, (i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`);
    const source = `query { ...F24 } fragment F0 on Query { courts { name } } ${chain}`;
    const timings: number[] = [];
    let refused: OperationLimitExceeded | undefined;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      refused = refusal(() => checkAll(source));
      timings.push(performance.now() - started);
    }
    expect(Math.min(...timings)).toBeLessThan(100);
    expect(refused!.extensions).toMatchObject({ limit: 'COST', max: 80_000 });
    expect(refused!.extensions.actual).toBeUndefined();
  });
});

describe('the cost model', () => {
  const cost = (source: string, variables: Record<string, unknown> = {}) =>
    refusal(() => checkOperationCost(api, parse(source), { variables }, { ...limits, maxCost: 1 })).extensions.actual;

  test('a page counts its size, its schema default when absent, the maximum for null; a connection counts once', () => {
    expect(cost('{ disputes(first: 5) { edges { node { id } } } }')).toBe(1 + 5 * (1 + (1 + 1)));
    expect(cost('{ disputes { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ disputes(first: null) { edges { node { id } } } }')).toBe(1 + 100 * 3);
    expect(cost('{ disputes(first: 1000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
  });

  test('other lists of objects count costListSize items; lists of scalars count as one field', () => {
    expect(cost('{ courts { name } }')).toBe(1 + 10 * 1);
    expect(cost('{ dispute(id: "x") { recommendation { alternatives } } }')).toBe(1 + (1 + 1));
  });
});

describe('the defaults fit everything the hub itself sends, with room to spare', () => {
  /** A value of the variable's type, so the cost sees each variable set (pages at the maximum). */
  function sample(type: GraphQLInputType): unknown {
    if (isNonNullType(type)) return sample(type.ofType);
    if (isListType(type)) return [sample(type.ofType)];
    if (isEnumType(type)) return type.getValues()[0]!.name;
    if (isInputObjectType(type)) {
      const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
      return Object.fromEntries(required.map((f) => [f.name, sample(f.type)]));
    }
    return ({ Int: 100, Float: 1, Boolean: true } as Record<string, unknown>)[type.name] ?? '1';
  }
  const variablesOf = (source: string) => {
    const definitions = parse(source).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.variableDefinitions ?? [] : []));
    return Object.fromEntries(definitions.map((d) => [d.variable.name.value, sample(typeFromAST(api, d.type as never) as GraphQLInputType)]));
  };
  // Half of every default: a document the hub sends may grow to twice its size before a limit bites.
  const half = Object.fromEntries(Object.entries(DEFAULT_OPERATION_LIMITS).map(([k, v]) => [k, k === 'costListSize' ? v : Math.floor(v / 2)])) as unknown as OperationLimits;
  const valid = (docs: HubDocument[]) => docs.filter((doc) => validate(api, parse(doc.source), specifiedRules).length === 0);

  const corpora: [string, HubDocument[], number][] = [
    ['the README', valid(readmeDocuments()), 2],
    ["the E Station's trusted documents", valid(trustedDocuments()), 13],
    ['the bench', valid(documentsInTypeScript(['test/bench'])), 3],
    // Less the suite that sends operations over the limits on purpose.
    ['the end-to-end suites', valid(documentsInTypeScript(['test/src', 'test/tests'])).filter((d) => !d.origin.startsWith('test/tests/security-limits.test.ts')), 150],
    ['the other clients', valid(documentsInTypeScript(['clients/referral-listener/src', 'clients/demo-shop/src'])), 5],
  ];
  test.each(corpora)('%s', (_name, docs, atLeast) => {
    expect(docs.length).toBeGreaterThanOrEqual(atLeast);
    const refused = docs.flatMap((doc) => {
      try {
        checkAll(doc.source, variablesOf(doc.source), half);
        return [];
      } catch (err) {
        return [`${doc.origin}: ${(err as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });

  test("GraphiQL's schema introspection, the dearest of them, passes at the defaults", () => {
    for (const source of [getIntrospectionQuery(), getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true })]) {
      expect(() => checkAll(source)).not.toThrow();
    }
    // Two at once do not: introspection is counted like any other read.
    const full = getIntrospectionQuery();
    const fragments = full.slice(full.indexOf('fragment FullType'));
    const twice = `{ a: __schema { types { ...FullType } } b: __schema { types { ...FullType } } } ${fragments}`;
    expect(refusal(() => checkAll(twice)).extensions).toMatchObject({ limit: 'COST' });
  });
});

test('the attack that stalled the gateway (1,000 aliases) is refused by the rules alone in well under 100 ms', () => {
  const source = `{ ${repeat(1_000, (i) => `a${i}: dispute(id: "dsp_demo_filed") { recommendation { track advice } claimant { credit { discredited } } }`)} }`;
  const document = parse(source);
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const refused = refusal(() => validate(api, document, operationLimitRules(limits)));
    timings.push(performance.now() - started);
    expect(refused.extensions).toMatchObject({ limit: 'ALIASES', max: 15, actual: 1_000 });
  }
  // The best of five, so a busy machine's scheduling is not measured; planning it took minutes.
  expect(Math.min(...timings)).toBeLessThan(20);
  // Over HTTP it never gets that far: counting its tokens stops the parser.
  expect(refusal(() => parseWithinLimits(source, limits)).extensions).toMatchObject({ limit: 'TOKENS' });
});

test('without schema hints, no "Did you mean" survives in a validation error', () => {
  const messages = [
    ...validate(api, parse('{ disput(id: "x") { title } }')),
    ...validate(api, parse('{ disputes(frist: 5) { edges { cursor } } }')),
    ...validate(api, parse('{ disputes(filter: { status: [FILD] }) { edges { cursor } } }')),
  ].map((e) => e.message);
  expect(messages.join('\n')).toContain('Did you mean');
  const hidden = messages.map(withoutSuggestions);
  for (const message of hidden) expect(message).not.toMatch(/did you mean/i);
  expect(hidden[0]).toBe('Cannot query field "disput" on type "Query".');
});

describe('configuration', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-limits-'));
    await ensureLocalKeys(dataDir);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('each limit has its variable; production mode comes from NODE_ENV, introspection and GraphiQL can be switched', () => {
    const options = readGatewayOptions({
      DATA_DIR: dataDir, GATEWAY_MAX_ALIASES: '5', GATEWAY_MAX_DEPTH: '9', GATEWAY_MAX_TOKENS: '800', GATEWAY_MAX_DIRECTIVES: '3',
      GATEWAY_MAX_ROOT_FIELDS: '2', GATEWAY_MAX_COST: '5000', GATEWAY_COST_LIST_SIZE: '4', NODE_ENV: 'production', GATEWAY_GRAPHIQL: 'on',
    });
    expect(options.operationLimits).toEqual({ maxAliases: 5, maxDepth: 9, maxTokens: 800, maxDirectives: 3, maxRootFields: 2, maxCost: 5_000, costListSize: 4 });
    expect({ production: options.production, introspection: options.introspection, graphiql: options.graphiql }).toEqual({ production: true, introspection: undefined, graphiql: true });
  });

  test('defaults apply when nothing is set; development unless NODE_ENV=production', () => {
    const options = readGatewayOptions({ DATA_DIR: dataDir });
    expect(options.operationLimits).toEqual(DEFAULT_OPERATION_LIMITS);
    expect(options.production).toBe(false);
  });

  test('a bad value is reported by its variable', () => {
    expect(() => readGatewayOptions({ DATA_DIR: dataDir, GATEWAY_MAX_COST: '0', GATEWAY_INTROSPECTION: 'yes' })).toThrow(/GATEWAY_MAX_COST[\s\S]*GATEWAY_INTROSPECTION/);
  });
});
