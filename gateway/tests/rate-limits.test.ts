import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '@fengqiao/subgraph-kit';
import { AuthenticationFailed, type VerifiedClient } from '../src/auth/client-auth.js';
import { addressKey, clientAddress, createRateLimits, trustedProxyList, type LimitKind, type RateLimitOptions } from '../src/security/rate-limits.js';

const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

/** What a ServerResponse was sent, for the 429s. */
function response() {
  const sent: { status?: number; headers?: Record<string, string>; body?: any } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
    },
    end(body: string) {
      sent.body = JSON.parse(body);
    },
  } as unknown as ServerResponse;
  return { res, sent };
}

const as = (caller: Partial<Caller> & Pick<Caller, 'role'>, extra: Partial<VerifiedClient> = {}) =>
  jest.fn(async (): Promise<VerifiedClient> => ({ caller: { sub: null, org: null, ...caller }, ...extra }));
const badToken = () => jest.fn(async (): Promise<VerifiedClient> => { throw new AuthenticationFailed('The token could not be verified'); });

function limits(options: RateLimitOptions = {}) {
  const refused: LimitKind[] = [];
  return { limits: createRateLimits(options, (limit) => refused.push(limit)), refused };
}

async function admitMany(rl: ReturnType<typeof createRateLimits>, n: number, req: () => IncomingMessage, verify: ReturnType<typeof as>, endpoint: 'graphql' | 'widget-token' = 'graphql') {
  const outcomes: boolean[] = [];
  for (let i = 0; i < n; i += 1) outcomes.push(await rl.admit(endpoint, req(), response().res, verify));
  return outcomes;
}

describe('the client address', () => {
  const trusted = trustedProxyList(['10.0.0.0/8', '192.0.2.1']);

  test('is the socket peer; X-Forwarded-For counts only when that peer is a trusted proxy', () => {
    expect(clientAddress(request('198.51.100.7', { 'x-forwarded-for': '1.2.3.4' }), trusted)).toBe('198.51.100.7');
    expect(clientAddress(request('10.1.2.3', { 'x-forwarded-for': '1.2.3.4' }), trusted)).toBe('1.2.3.4');
    expect(clientAddress(request('::ffff:10.1.2.3', { 'x-forwarded-for': '1.2.3.4' }), trusted)).toBe('1.2.3.4');
  });

  test('is read from the right, past every trusted proxy; what the client wrote further left is ignored', () => {
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '127.0.0.1, 203.0.113.9, 192.0.2.1, 10.0.0.2' }), trusted)).toBe('203.0.113.9');
    // A trusted proxy that received no header leaves its own address as the client.
    expect(clientAddress(request('10.0.0.1'), trusted)).toBe('10.0.0.1');
    // Garbage where a proxy would have written an address stops the walk at the last good hop.
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '203.0.113.9, not-an-ip' }), trusted)).toBe('10.0.0.1');
  });

  test('counts an IPv6 client by its /64, an IPv4 client alone', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('::1');
  });

  test('trusted proxies must be addresses or CIDR ranges', () => {
    for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.0/8/1', '::/129', '10.0.0.0/x']) expect(() => trustedProxyList([bad])).toThrow(/not an IP/);
    expect(() => trustedProxyList(['fd00::/8', '127.0.0.1', ' 10.0.0.0/8 '])).not.toThrow();
  });
});

describe('/graphql', () => {
  test('anonymous callers are limited per address, and a refusal is a typed 429 with Retry-After', async () => {
    const { limits: rl, refused } = limits({ limits: { anonymous: { points: 3, seconds: 60 } } });
    const anonymous = as({ role: 'anonymous' });
    expect(await admitMany(rl, 3, () => request('198.51.100.1'), anonymous)).toEqual([true, true, true]);
    const { res, sent } = response();
    expect(await rl.admit('graphql', request('198.51.100.1'), res, anonymous)).toBe(false);
    expect(sent.status).toBe(429);
    expect(sent.headers?.['retry-after']).toMatch(/^(59|60)$/);
    expect(sent.body).toEqual({
      errors: [{ message: 'Too many requests without a token from this address', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(sent.headers?.['retry-after']), limit: 'anonymous' } }],
    });
    expect(refused).toEqual(['anonymous']);
    // Another address, and a signed-in caller from the same one, are not held back.
    expect(await admitMany(rl, 1, () => request('198.51.100.2'), anonymous)).toEqual([true]);
    expect(await admitMany(rl, 1, () => request('198.51.100.1', { authorization: 'Bearer x' }), as({ role: 'court', sub: 'judge' }))).toEqual([true]);
    // Nothing is verified for a request without a token.
    expect(anonymous).not.toHaveBeenCalled();
  });

  test('a verified caller is limited by role and subject, wherever it calls from', async () => {
    const { limits: rl, refused } = limits({ limits: { caller: { points: 2, seconds: 60 } } });
    const judge = as({ role: 'court', sub: 'judge-1' });
    let n = 0;
    expect(await admitMany(rl, 3, () => request(`198.51.100.${(n += 1)}`, { authorization: 'Bearer x' }), judge)).toEqual([true, true, false]);
    expect(refused).toEqual(['caller']);
    expect(await admitMany(rl, 1, () => request('198.51.100.1', { authorization: 'Bearer y' }), as({ role: 'court', sub: 'judge-2' }))).toEqual([true]);
    expect(await admitMany(rl, 1, () => request('198.51.100.1', { authorization: 'Bearer z' }), as({ role: 'party', sub: 'judge-1' }))).toEqual([true]);
  });

  test('every request from one address counts against the address limit, before any token is verified', async () => {
    const { limits: rl, refused } = limits({ limits: { address: { points: 2, seconds: 60 } } });
    const judge = as({ role: 'court', sub: 'judge' });
    expect(await admitMany(rl, 1, () => request('198.51.100.1'), judge)).toEqual([true]);
    expect(await admitMany(rl, 2, () => request('198.51.100.1', { authorization: 'Bearer x' }), judge)).toEqual([true, false]);
    expect(judge).toHaveBeenCalledTimes(1);
    expect(refused).toEqual(['address']);
  });

  test('after N failed tokens the address is refused before any signature check, a valid token included; anonymous requests go on', async () => {
    const { limits: rl, refused } = limits({ limits: { 'auth-failures': { points: 3, seconds: 60 } }, authBlockSeconds: 120 });
    const forged = badToken();
    // Each failure is let through to be answered 401 by the handler, and counted.
    expect(await admitMany(rl, 3, () => request('198.51.100.1', { authorization: 'Bearer forged' }), forged)).toEqual([true, true, true]);
    expect(forged).toHaveBeenCalledTimes(3);
    const valid = as({ role: 'court', sub: 'judge' });
    const { res, sent } = response();
    expect(await rl.admit('graphql', request('198.51.100.1', { authorization: 'Bearer valid' }), res, valid)).toBe(false);
    expect(valid).not.toHaveBeenCalled();
    expect(sent.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', limit: 'auth-failures', retryAfterSeconds: expect.any(Number) });
    expect(sent.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(60);
    expect(sent.body.errors[0].extensions.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(await admitMany(rl, 1, () => request('198.51.100.1'), as({ role: 'anonymous' }))).toEqual([true]);
    expect(await admitMany(rl, 1, () => request('198.51.100.2', { authorization: 'Bearer valid' }), valid)).toEqual([true]);
    expect(await rl.connection(request('198.51.100.1'))).toMatchObject({ limit: 'auth-failures' });
    expect(refused).toEqual(['auth-failures', 'auth-failures']);
  });

  test('only failed authentication counts as one: a verifier that cannot reach its keys is not the client\'s failure', async () => {
    const { limits: rl } = limits({ limits: { 'auth-failures': { points: 1, seconds: 60 } } });
    const broken = jest.fn(async (): Promise<VerifiedClient> => { throw new Error('JWKS unreachable'); });
    expect(await admitMany(rl, 3, () => request('198.51.100.1', { authorization: 'Bearer x' }), broken)).toEqual([true, true, true]);
  });

  test('a limit lets requests through again after its window', async () => {
    const { limits: rl } = limits({ limits: { anonymous: { points: 2, seconds: 1 } } });
    const anonymous = as({ role: 'anonymous' });
    expect(await admitMany(rl, 3, () => request('198.51.100.1'), anonymous)).toEqual([true, true, false]);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await admitMany(rl, 2, () => request('198.51.100.1'), anonymous)).toEqual([true, true]);
  });
});

describe('/auth/widget-token', () => {
  test('exchanges are limited per platform across addresses, and per address across platforms', async () => {
    const { limits: rl, refused } = limits({ limits: { 'widget-token-platform': { points: 2, seconds: 60 }, 'widget-token-address': { points: 4, seconds: 60 } } });
    const mall = as({ role: 'platform', sub: 'backend', org: 'plt_mall' });
    expect(await admitMany(rl, 1, () => request('198.51.100.1', { authorization: 'Bearer a' }), mall, 'widget-token')).toEqual([true]);
    expect(await admitMany(rl, 2, () => request('198.51.100.2', { authorization: 'Bearer a' }), mall, 'widget-token')).toEqual([true, false]);
    const other = as({ role: 'platform', sub: 'backend', org: 'plt_other' });
    expect(await admitMany(rl, 3, () => request('198.51.100.2', { authorization: 'Bearer b' }), other, 'widget-token')).toEqual([true, true, false]);
    expect(refused).toEqual(['widget-token-platform', 'widget-token-address']);
    // The exchange's own requests to /graphql are not counted here, nor are these there.
    expect(await admitMany(rl, 1, () => request('198.51.100.2', { authorization: 'Bearer a' }), mall)).toEqual([true]);
  });
});

describe('graphql-ws', () => {
  test('connection attempts are limited per address; subscribes count as the caller\'s operations', async () => {
    const { limits: rl } = limits({ limits: { 'ws-connections': { points: 2, seconds: 60 }, caller: { points: 1, seconds: 60 } } });
    expect(await rl.connection(request('198.51.100.1'))).toBeUndefined();
    expect(await rl.connection(request('198.51.100.1'))).toBeUndefined();
    expect(await rl.connection(request('198.51.100.1'))).toMatchObject({ limit: 'ws-connections', message: expect.any(String), retryAfterSeconds: expect.any(Number) });
    expect(await rl.connection(request('198.51.100.2'))).toBeUndefined();
    const caller: Caller = { role: 'mediation_org', sub: 'case-manager', org: 'mor_1' };
    expect(await rl.operation(caller)).toBeUndefined();
    expect(await rl.operation(caller)).toMatchObject({ limit: 'caller' });
  });
});

test('off, nothing is refused (benchmarks only)', async () => {
  const { limits: rl, refused } = limits({ enabled: false, limits: { anonymous: { points: 1, seconds: 60 }, 'auth-failures': { points: 1, seconds: 60 } } });
  expect(await admitMany(rl, 5, () => request('198.51.100.1'), as({ role: 'anonymous' }))).toEqual([true, true, true, true, true]);
  expect(await admitMany(rl, 5, () => request('198.51.100.1', { authorization: 'Bearer forged' }), badToken())).toEqual([true, true, true, true, true]);
  expect(await rl.connection(request('198.51.100.1'))).toBeUndefined();
  expect(refused).toEqual([]);
  expect(rl.addressOf(request('::ffff:198.51.100.1'))).toBe('198.51.100.1');
});
