import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { DEMO } from '@fengqiao/subgraph-kit';
import type { GatewayOptions } from '@fengqiao/gateway';
import { startHub, type Hub } from '../src/harness.js';
import { connect } from '../src/subscribe.js';

/**
 * Rate limits at the gateway and the guard of /metrics, against the running hub
 * (docs/rate-limits.md, docs/metrics.md). Each test that counts starts its own gateway over
 * the hub's subgraphs with the limits it needs, so no test spends another's allowance. The
 * servers listen on every interface, so /metrics can be asked from an address of this machine
 * that is not loopback.
 */
const METRICS_TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';
const PUBLIC_QUERY = '{ courts { id } }';
/** A non-loopback address of this machine: requests to it arrive from it, not from 127.0.0.1. */
const OUTSIDE = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let hub: Hub;
beforeAll(async () => {
  if (!OUTSIDE) throw new Error('this machine has no non-loopback IPv4 address; the /metrics tests need one');
  hub = await startHub({ host: '0.0.0.0', metricsToken: METRICS_TOKEN });
}, 90_000);
afterAll(() => hub?.stop());

/** A gateway of its own over the hub's subgraphs, reached on 127.0.0.1. */
async function gateway(rateLimits: GatewayOptions['rateLimits']): Promise<string> {
  const { url } = await hub.startSecondGateway({ rateLimits });
  return `http://127.0.0.1:${new URL(url).port}`;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function post(base: string, options: { token?: string; forwardedFor?: string; query?: string; path?: string; body?: unknown } = {}): Promise<Answer> {
  const res = await fetch(`${base}${options.path ?? '/graphql'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    body: JSON.stringify(options.body ?? { query: options.query ?? PUBLIC_QUERY }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

/** A 429 as every limit answers it: Retry-After in whole seconds, the same number in the body, and which limit. */
function expectRefused(answer: Answer, limit: string, windowSeconds: number) {
  expect(answer.status).toBe(429);
  const seconds = Number(answer.retryAfter);
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= windowSeconds).toBe(true);
  expect(answer.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds, limit } }] });
}

const forge = (token: string) => `${token.slice(0, -6)}AAAAAA`;
const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('HTTP', () => {
  test('150 concurrent anonymous queries from one address: the anonymous limit is served, the rest get 429 with Retry-After', async () => {
    const base = await gateway({ limits: { anonymous: { points: 20, seconds: 60 } } });
    const answers = await Promise.all(Array.from({ length: 150 }, () => post(base)));
    expect(count(answers, 200)).toBe(20);
    expect(count(answers, 429)).toBe(130);
    for (const answer of answers.filter((a) => a.status === 429)) expectRefused(answer, 'anonymous', 60);
    expect(answers.find((a) => a.status === 200)?.body.data.courts.length).toBeGreaterThan(0);
    // A signed-in caller from the same address is counted as itself.
    const signedIn = await post(base, { token: await hub.token('court', { org: DEMO.courts.yiwu }) });
    expect(signedIn.status).toBe(200);
    // The refusals are counted on the gateway's /metrics.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^fengqiao_gateway_rate_limited_total\{limit="anonymous"\} 130$/m);
    expect(metrics).toMatch(/^fengqiao_gateway_http_requests_total\{route="graphql",status="429"\} 130$/m);
  });

  test("a signed-in caller under its limit is unaffected by another caller's burst", async () => {
    const base = await gateway({ limits: { caller: { points: 10, seconds: 60 } } });
    const noisy = await hub.token('court', { sub: 'clerk-noisy', org: DEMO.courts.yiwu });
    const calm = await hub.token('court', { sub: 'clerk-calm', org: DEMO.courts.yiwu });
    const burst = await Promise.all(Array.from({ length: 30 }, () => post(base, { token: noisy })));
    expect(count(burst, 200)).toBe(10);
    for (const answer of burst.filter((a) => a.status !== 200)) expectRefused(answer, 'caller', 60);
    const answer = await post(base, { token: calm });
    expect(answer.status).toBe(200);
    expect(answer.body.data.courts.length).toBeGreaterThan(0);
  });

  test('a limit serves again once its window has passed', async () => {
    const base = await gateway({ limits: { caller: { points: 3, seconds: 2 } } });
    const token = await hub.token('admin');
    for (let i = 0; i < 3; i += 1) expect((await post(base, { token })).status).toBe(200);
    const refused = await post(base, { token });
    expectRefused(refused, 'caller', 2);
    await new Promise((r) => setTimeout(r, Number(refused.retryAfter) * 1000 + 200));
    expect((await post(base, { token })).status).toBe(200);
  });
});

describe('failed authentication', () => {
  // Behind a trusted proxy (here: loopback), X-Forwarded-For names the client, so each case has its own address.
  const limits = { limits: { 'auth-failures': { points: 5, seconds: 60 } }, authBlockSeconds: 30, trustedProxies: ['127.0.0.1', '::1'] };

  test('after 5 bad-signature tokens the address is refused, a valid token included; its anonymous calls and other addresses go on', async () => {
    const base = await gateway(limits);
    const valid = await hub.token('court', { org: DEMO.courts.yiwu });
    const attacker = '203.0.113.10';
    for (let i = 0; i < 5; i += 1) {
      const answer = await post(base, { token: forge(valid), forwardedFor: attacker });
      expect([answer.status, answer.body.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expectRefused(await post(base, { token: forge(valid), forwardedFor: attacker }), 'auth-failures', 30);
    expectRefused(await post(base, { token: valid, forwardedFor: attacker }), 'auth-failures', 30);
    expect((await post(base, { forwardedFor: attacker })).status).toBe(200);
    expect((await post(base, { token: valid, forwardedFor: '203.0.113.11' })).status).toBe(200);
    // Its WebSocket upgrades are refused too: a socket is no use without a token.
    const upgrade = await upgradeAttempt(base, { 'x-forwarded-for': attacker });
    expect(upgrade.status).toBe(429);
    expect(upgrade.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'auth-failures' });
  });

  test('expired tokens count too, and over graphql-ws', async () => {
    const base = await gateway(limits);
    const expired = await hub.token('admin', { ttl: '1s' });
    await new Promise((r) => setTimeout(r, 1_500));
    const client = '203.0.113.12';
    for (let i = 0; i < 3; i += 1) expect((await post(base, { token: expired, forwardedFor: client })).status).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await wsConnect(base, expired, client)).closed).toEqual({ code: 4401, reason: 'The token has expired' });
    const blocked = await wsConnect(base, await hub.token('admin'), client);
    expect(blocked.upgrade?.status ?? blocked.closed?.code).toBe(429);
  });

  test('without a trusted proxy, X-Forwarded-For is ignored: the socket address is what counts', async () => {
    const base = await gateway({ limits: limits.limits, authBlockSeconds: 30 });
    const valid = await hub.token('admin');
    for (let i = 0; i < 5; i += 1) expect((await post(base, { token: forge(valid), forwardedFor: `198.51.100.${i}` })).status).toBe(401);
    expectRefused(await post(base, { token: valid, forwardedFor: '198.51.100.99' }), 'auth-failures', 30);
  });
});

describe('POST /auth/widget-token', () => {
  test('guesses by one platform are limited per platform; another platform is not held back', async () => {
    const base = await gateway({ limits: { 'widget-token-platform': { points: 5, seconds: 60 } } });
    const guesser = await hub.token('platform', { org: DEMO.platforms.silkRoadMall });
    for (let i = 0; i < 5; i += 1) {
      const answer = await post(base, { path: '/auth/widget-token', token: guesser, body: { partyId: DEMO.parties.buyerLiNa, orderId: `ord_guess_${i}` } });
      expect([answer.status, answer.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    }
    expectRefused(await post(base, { path: '/auth/widget-token', token: guesser, body: { partyId: DEMO.parties.buyerLiNa, orderId: DEMO.orders.lanterns } }), 'widget-token-platform', 60);
    const other = await hub.token('platform', { org: DEMO.platforms.yiwuGo });
    expect((await post(base, { path: '/auth/widget-token', token: other, body: { partyId: DEMO.parties.buyerLiNa, orderId: 'ord_guess_x' } })).status).toBe(403);
  });

  test('exchanges from one address are limited whatever their token', async () => {
    const base = await gateway({ limits: { 'widget-token-address': { points: 4, seconds: 60 } } });
    const body = { partyId: DEMO.parties.buyerLiNa, orderId: DEMO.orders.lanterns };
    for (let i = 0; i < 4; i += 1) expect((await post(base, { path: '/auth/widget-token', body })).status).toBe(401);
    expectRefused(await post(base, { path: '/auth/widget-token', body, token: await hub.token('platform', { org: DEMO.platforms.silkRoadMall }) }), 'widget-token-address', 60);
  });
});

describe('graphql-ws', () => {
  test('connection attempts from one address are limited: the upgrade beyond is a 429 with Retry-After', async () => {
    const base = await gateway({ limits: { 'ws-connections': { points: 3, seconds: 60 } } });
    const token = await hub.token('admin');
    const open = await Promise.all(Array.from({ length: 3 }, () => connect(base, token)));
    try {
      expect(open.every((c) => c.acknowledged)).toBe(true);
      const refused = await upgradeAttempt(base);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.retryAfter), limit: 'ws-connections' } }] });
    } finally {
      await Promise.all(open.map((c) => c.close()));
    }
  });

  test("subscribes count as the caller's operations", async () => {
    const base = await gateway({ limits: { caller: { points: 2, seconds: 60 } } });
    const connection = await connect(base, await hub.token('admin'));
    try {
      const query = 'subscription($id: ID!) { disputeUpdated(id: $id) { cursor } }';
      const subs = [DEMO.disputes.inMediation, DEMO.disputes.filed, DEMO.disputes.withdrawn].map((id) => connection.subscribe(query, { id }));
      // Quiet feeds send nothing; the one over the limit gets its error.
      const results = await Promise.allSettled(subs.map((s) => s.next(3_000)));
      const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(answered).toHaveLength(1);
      expect(answered[0]!.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'caller', retryAfterSeconds: expect.any(Number) });
      await Promise.all(subs.map((s) => s.close()));
    } finally {
      await connection.close();
    }
  });
});

describe('/metrics', () => {
  const metrics = (host: string, port: number, headers: Record<string, string> = {}) =>
    fetch(`http://${host}:${port}/metrics`, { headers }).then(async (res) => ({ status: res.status, text: await res.text() }));
  const gatewayPort = () => Number(new URL(hub.gatewayUrl).port);

  test.each([
    ['the gateway', () => gatewayPort(), /^fengqiao_gateway_http_requests_total\{/m],
    ['a subgraph', () => hub.subgraphs.disputes!.port, /^fengqiao_sql_statements_total\{subgraph="disputes"\}/m],
  ])('%s: refused from another address without the token, served with it and to this machine', async (_name, port, expected) => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
      const refused = await metrics(OUTSIDE!, port(), headers);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }] });
    }
    const served = await metrics(OUTSIDE!, port(), { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(served.status).toBe(200);
    expect(served.text).toMatch(expected);
    expect((await metrics('127.0.0.1', port())).text).toMatch(expected);
  });

  test("the gateway's trusted proxies do not open /metrics: a forwarded loopback address is not this machine", async () => {
    const base = await gateway({ trustedProxies: [OUTSIDE!, '127.0.0.1'] });
    const port = Number(new URL(base).port);
    expect((await metrics(OUTSIDE!, port, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
    expect((await metrics('127.0.0.1', port, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
    const served = await metrics('127.0.0.1', port);
    expect(served.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(served.text).toContain('# TYPE fengqiao_gateway_graphql_errors_total counter');
  });
});

/** A WebSocket upgrade that is expected to be refused: its HTTP status, Retry-After and JSON body. */
function upgradeAttempt(base: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; retryAfter?: string; body: any }>((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text ? JSON.parse(text) : undefined }));
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });
}

/** connection_init with a token and a forwarded client address: either the upgrade's refusal or how the socket closed. */
function wsConnect(base: string, token: string, forwardedFor: string) {
  return new Promise<{ upgrade?: { status: number }; closed?: { code: number; reason: string } }>((resolve) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers: { 'x-forwarded-for': forwardedFor } });
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ upgrade: { status: res.statusCode ?? 0 } });
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('close', (code, reason) => resolve({ closed: { code, reason: reason.toString() } }));
    socket.once('error', () => undefined);
  });
}
