import { getIntrospectionQuery } from 'graphql';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { connect, type Connection } from '../src/subscribe.js';

/**
 * Operation limits before planning (gateway/src/security/operation-limits.ts) and production
 * mode, against a whole hub: an attacker's operation is refused for the price of counting it,
 * over HTTP and over graphql-ws, and the gateway keeps answering meanwhile.
 */
let hub: Hub;
let court: string;
let production: string;
beforeAll(async () => {
  hub = await startHub({ background: false });
  court = await hub.token('court', { org: DEMO.courts.yiwu });
  // The same subgraphs behind a gateway in production mode, as NODE_ENV=production gives it.
  production = (await hub.startSecondGateway({ production: true })).url;
}, 120_000);
afterAll(() => hub?.stop());

const DISPUTE = DEMO.disputes.settledAndConfirmed;
const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
/** A dispute's selection `levels` levels deep: mediation → dispute → mediation → …, all real fields. */
function below(levels: number): string {
  const path = Array.from({ length: levels - 1 }, (_, i) => (i % 2 === 0 ? 'mediation' : 'dispute'));
  let selection = path.length % 2 === 1 ? 'status' : 'title';
  for (const field of path.reverse()) selection = `${field} { ${selection} }`;
  return selection;
}
const ALIAS_ATTACK = `{ ${repeat(1_000, (i) => `a${i}: dispute(id: "${DISPUTE}") { recommendation { track advice } claimant { credit { discredited } } }`)} }`;
const DEPTH_ATTACK = `{ dispute(id: "${DISPUTE}") { ${below(59)} } }`;
/** Pages of `page` nested in two lists, for both parties: 120,452 by the hub's cost model with pages of 100. */
const wide = (page: string) => `enforcementCases { dispute {
  claimant { servedDocuments { party { dataAccessLog(first: ${page}) { nodes { id field readerRole purpose readAt } } } } }
  respondent { servedDocuments { party { dataAccessLog(first: ${page}) { nodes { id field readerRole purpose readAt } } } } }
} }`;
const WIDE = wide('100');

async function post(url: string, query: string, token?: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse & { ms: number }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as object;
  return { status: res.status, ...body, ms: performance.now() - started };
}
const subgraphRequests = () => Object.values(hub.subgraphs).reduce((n, s) => n + s.traffic.graphqlRequests, 0);

describe('the attacks that stalled the gateway', () => {
  test('1,000 aliases and 60 levels are each refused in under 100 ms, and nothing reaches a subgraph', async () => {
    await post(hub.gatewayUrl, '{ courts { name } }', court); // the first request pays for warming up
    const before = subgraphRequests();
    const timings = { aliases: [] as number[], deep: [] as number[] };
    for (let i = 0; i < 3; i++) {
      const aliases = await post(hub.gatewayUrl, ALIAS_ATTACK, court);
      expect(aliases.status).toBe(400);
      // Counting its tokens stops the parser long before the aliases are reached.
      expect(aliases.errors).toEqual([{ message: expect.any(String), extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'TOKENS', max: 2_000 } }]);
      const deep = await post(hub.gatewayUrl, DEPTH_ATTACK, court);
      expect(deep.status).toBe(400);
      expect(deep.errors).toEqual([{ message: expect.any(String), extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'DEPTH', max: 15, actual: 60 } }]);
      timings.aliases.push(aliases.ms);
      timings.deep.push(deep.ms);
    }
    // The best of three, so a busy machine's scheduling is not what is measured (planning them took seconds to minutes).
    expect(Math.min(...timings.aliases)).toBeLessThan(100);
    expect(Math.min(...timings.deep)).toBeLessThan(100);
    expect(subgraphRequests()).toBe(before);
  });

  test('/healthz keeps answering while 20 of them arrive at once', async () => {
    const healthz = hub.gatewayUrl.replace(/\/graphql$/, '/healthz');
    const latencies: number[] = [];
    let attacking = true;
    const probe = (async () => {
      while (attacking) {
        const started = performance.now();
        const res = await fetch(healthz);
        expect(res.status).toBe(200);
        await res.json();
        latencies.push(performance.now() - started);
      }
    })();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(hub.gatewayUrl, i % 2 ? ALIAS_ATTACK : DEPTH_ATTACK, court)));
    const allRefused = performance.now() - started;
    attacking = false;
    await probe;
    expect(answers.map((a) => [a.status, a.errors?.[0]?.extensions?.code])).toEqual(Array(20).fill([400, 'OPERATION_LIMIT_EXCEEDED']));
    // Before the limits it stopped answering for as long as the planner ran (minutes). The
    // client's 20 requests of 110 kB share this process, so its latency is measured too.
    latencies.sort((a, b) => a - b);
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(100);
    expect(latencies.at(-1)).toBeLessThan(1_000);
    expect(allRefused).toBeLessThan(3_000);
  });
});

/**
 * One operation over the limit for each limit, as a query over HTTP and as a subscription over
 * graphql-ws (the subscription's extra root level costs one more).
 */
const LIMITS: [limit: string, query: string, subscription: string, figures: { max: number; actual?: number; socketActual?: number }][] = [
  [
    'ALIASES',
    `{ dispute(id: "${DISPUTE}") { ${repeat(16, (i) => `t${i}: title`)} } }`,
    `subscription { disputeUpdated(id: "${DISPUTE}") { ${repeat(16, (i) => `c${i}: cursor`)} } }`,
    { max: 15, actual: 16 },
  ],
  ['DEPTH', DEPTH_ATTACK, `subscription { disputeUpdated(id: "${DISPUTE}") { dispute { ${below(58)} } } }`, { max: 15, actual: 60 }],
  ['TOKENS', `{ courts { ${repeat(2_100, () => 'name')} } }`, `subscription { disputeUpdated(id: "${DISPUTE}") { ${repeat(2_100, () => 'cursor')} } }`, { max: 2_000 }],
  [
    'DIRECTIVES',
    `{ courts { ${repeat(21, () => 'name @include(if: true)')} } }`,
    `subscription { disputeUpdated(id: "${DISPUTE}") { ${repeat(21, () => 'cursor @include(if: true)')} } }`,
    { max: 20, actual: 21 },
  ],
  [
    'ROOT_FIELDS',
    `{ ${repeat(11, () => 'courts { name }')} }`,
    `subscription { ${repeat(11, () => `disputeUpdated(id: "${DISPUTE}") { cursor }`)} }`,
    { max: 10, actual: 11 },
  ],
  ['COST', `{ dispute(id: "${DISPUTE}") { ${WIDE} } }`, `subscription { disputeUpdated(id: "${DISPUTE}") { dispute { ${WIDE} } } }`, { max: 80_000, actual: 120_452, socketActual: 120_453 }],
];

describe('each limit, over HTTP and over graphql-ws', () => {
  let socket: Connection;
  beforeAll(async () => {
    socket = await connect(hub.gatewayUrl, court);
  });
  afterAll(() => socket?.close());

  test.each(LIMITS)('%s', async (limit, query, subscription, { socketActual, ...figures }) => {
    const extensions = { code: 'OPERATION_LIMIT_EXCEEDED', limit, ...figures };
    const before = subgraphRequests();
    const http = await post(hub.gatewayUrl, query, court);
    expect(http.status).toBe(400);
    expect(http.errors).toEqual([{ message: expect.any(String), extensions }]);
    expect(http.data).toBeUndefined();

    const refused = await socket.subscribe(subscription).next();
    expect(refused.errors).toEqual([{ message: expect.stringContaining(String(figures.max)), extensions: { ...extensions, ...(socketActual ? { actual: socketActual } : {}) } }]);
    expect(subgraphRequests()).toBe(before);
  });

  test('the same operations within the limits are served', async () => {
    const admin = await hub.token('admin');
    const served = await post(hub.gatewayUrl, `{ dispute(id: "${DISPUTE}") { ${repeat(15, (i) => `t${i}: title`)} ${below(14)} } }`, court);
    expect(served.errors).toBeUndefined();
    expect(served.data.dispute.t14).toBe('Phone cases delivered in the wrong colour');
    // The cost follows the variables: pages of one are cheap, pages of 100 are not.
    const query = `query($n: Int) { dispute(id: "${DISPUTE}") { ${wide('$n')} } }`;
    const small = await post(hub.gatewayUrl, query, admin, { n: 1 });
    expect(small.errors).toBeUndefined();
    expect(small.data.dispute.enforcementCases).toEqual(expect.any(Array));
    const large = await post(hub.gatewayUrl, query, admin, { n: 100 });
    expect(large.status).toBe(400);
    expect(large.errors).toEqual([{ message: expect.any(String), extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'COST', max: 80_000, actual: 120_452 } }]);
  });
});

describe('production mode', () => {
  test('introspection is refused', async () => {
    for (const query of [getIntrospectionQuery(), '{ __type(name: "Dispute") { fields { name } } }']) {
      const res = await post(production, query, court);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.data).toBeUndefined();
    }
    // Development answers it (GraphiQL needs it).
    const dev = await post(hub.gatewayUrl, getIntrospectionQuery(), court);
    expect(dev.errors).toBeUndefined();
    expect(dev.data.__schema.queryType.name).toBe('Query');
  });

  test('errors do not suggest field, argument or enum names, over HTTP and graphql-ws; no stack traces', async () => {
    const mistakes: [string, Record<string, unknown>][] = [
      [`{ disput(id: "${DISPUTE}") { title } }`, {}],
      ['{ disputes(frist: 5) { edges { cursor } } }', {}],
      ['query($s: [DisputeStatus!]) { disputes(filter: { status: $s }) { edges { cursor } } }', { s: ['FILD'] }],
    ];
    for (const [query, variables] of mistakes) {
      const dev = await post(hub.gatewayUrl, query, court, variables);
      expect(dev.errors?.[0]?.message).toContain('Did you mean');
      const prod = await post(production, query, court, variables);
      expect(prod.status).toBe(400);
      expect(JSON.stringify(prod.errors)).not.toMatch(/did you mean/i);
      for (const error of prod.errors ?? []) expect(Object.keys(error.extensions ?? {})).not.toContain('stacktrace');
    }
    const socket = await connect(production, court);
    const refused = await socket.subscribe(`subscription { disputeUpdatd(id: "${DISPUTE}") { cursor } }`).next();
    await socket.close();
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toBe('Cannot query field "disputeUpdatd" on type "Subscription".');
  });

  test('no landing page: GET /graphql from a browser is a plain JSON refusal, and no GraphiQL assets', async () => {
    const page = await fetch(production, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await page.text()).not.toMatch(/<html|<script/i);
    expect((await fetch(production.replace(/\/graphql$/, '/graphiql/graphiql.min.js'))).status).toBe(404);
  });

  test('the limits hold there too', async () => {
    const res = await post(production, DEPTH_ATTACK, court);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'DEPTH', max: 15, actual: 60 });
  });
});

describe('development: GraphiQL served by the hub itself', () => {
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');

  test('the page and every asset come from the hub, under a strict CSP, with no external URL', async () => {
    const page = await fetch(hub.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await page.text();
    expect(html).not.toContain('://');
    expect(html).toContain('id="token"');
    // The icon is an empty data: URL, so the browser does not ask for /favicon.ico either.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((url) => url !== 'data:,');
    expect(assets.sort()).toEqual([
      '/graphiql/graphiql.min.css', '/graphiql/graphiql.min.js', '/graphiql/hub.css', '/graphiql/react-dom.production.min.js',
      '/graphiql/react.production.min.js', '/graphiql/start.js',
    ]);
    for (const asset of assets) {
      const res = await fetch(`${base()}${asset}`);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers.get('content-security-policy')).toBe(csp);
      const text = await res.text();
      if (asset.endsWith('.css')) {
        expect(text).not.toMatch(/@import/);
        // Fonts and icons are inline data: URLs.
        for (const [, url] of text.matchAll(/url\(\s*["']?([^"')]+)/g)) expect(url).toMatch(/^data:/);
      } else {
        expect(text).not.toMatch(/fonts\.(googleapis|gstatic)\.com|unpkg\.com|jsdelivr\.net|cdnjs|apollographql\.com/);
      }
    }
    // The bearer token field is what start.js sends as Authorization.
    expect(await (await fetch(`${base()}/graphiql/start.js`)).text()).toContain('authorization');
  });

  test('a GraphQL GET request is still answered as GraphQL', async () => {
    const res = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent('{ courts { name } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true', authorization: `Bearer ${court}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { courts: unknown[] } }).data.courts.length).toBeGreaterThan(0);
  });
});

test("a subgraph's schema (introspection included) is only for callers with the gateway's token", async () => {
  const res = await fetch(hub.subgraphs.disputes!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
  });
  expect(res.status).toBe(401);
  expect(((await res.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
