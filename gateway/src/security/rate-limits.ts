import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIP, isIPv4 } from 'node:net';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { peerAddress, type Caller } from '@fengqiao/subgraph-kit';
import { AuthenticationFailed, type VerifiedClient } from '../auth/client-auth.js';

/**
 * The gateway's rate limits, one fixed window per kind and key, counted in this process's
 * memory (N gateways let N times as much through; docs/rate-limits.md says what sharing
 * them would take):
 *
 * - `address`: every request to /graphql from one client address;
 * - `anonymous`: requests without a token from one address — stricter, as nothing else
 *   tells those callers apart;
 * - `caller`: requests and subscribes of one verified caller (role and subject), from
 *   wherever it calls;
 * - `auth-failures`: tokens that do not verify (bad signature, expired, malformed) from one
 *   address; once there are that many, the address's requests with a token are refused for
 *   `authBlockSeconds` before any signature is checked — a valid token included, since only
 *   the check being saved could tell it apart;
 * - `widget-token-address`, `widget-token-platform`: exchanges at /auth/widget-token from
 *   one address, and by one platform whatever its address;
 * - `ws-connections`: WebSocket upgrades from one address.
 *
 * A refusal is checked before anything costly the key allows (body, JSON, signature), and
 * answered HTTP 429 with `Retry-After` and `RATE_LIMITED` naming the limit.
 */
export const LIMIT_KINDS = ['address', 'anonymous', 'caller', 'auth-failures', 'widget-token-address', 'widget-token-platform', 'ws-connections'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

export interface LimitWindow {
  /** Requests (or failures) allowed per window. */
  points: number;
  seconds: number;
}

/** Far above what one person, one platform backend or the end-to-end suites ask of one gateway. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<LimitKind, LimitWindow>> = {
  address: { points: 3_000, seconds: 60 },
  anonymous: { points: 120, seconds: 60 },
  caller: { points: 1_200, seconds: 60 },
  'auth-failures': { points: 20, seconds: 60 },
  'widget-token-address': { points: 300, seconds: 60 },
  'widget-token-platform': { points: 300, seconds: 60 },
  'ws-connections': { points: 120, seconds: 60 },
};
export const DEFAULT_AUTH_BLOCK_SECONDS = 300;

export interface RateLimitOptions {
  /** Off only for benchmarks (default on). */
  enabled?: boolean;
  limits?: Partial<Record<LimitKind, LimitWindow>>;
  /** How long an address is refused once it reached the `auth-failures` limit (default 300 s). */
  authBlockSeconds?: number;
  /**
   * Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client. Without them
   * the client is the socket's peer, whatever the headers say.
   */
  trustedProxies?: string[];
}

const MESSAGES: Record<LimitKind, string> = {
  address: 'Too many requests from this address',
  anonymous: 'Too many requests without a token from this address',
  caller: 'Too many requests from this caller',
  'auth-failures': 'Too many failed authentications from this address',
  'widget-token-address': 'Too many widget token requests from this address',
  'widget-token-platform': 'Too many widget token requests from this platform',
  'ws-connections': 'Too many connection attempts from this address',
};

export interface Refusal {
  limit: LimitKind;
  retryAfterSeconds: number;
  message: string;
}

export const rateLimitedError = (refusal: Refusal) =>
  new GraphQLError(refusal.message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: refusal.retryAfterSeconds, limit: refusal.limit } });

/** The HTTP answer to a refusal: 429, `Retry-After`, and the error as GraphQL clients read it. */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(refusal.retryAfterSeconds) });
  res.end(JSON.stringify({ errors: [rateLimitedError(refusal).toJSON()] }));
}

export interface RateLimits {
  /** The client address a request counts against (see `trustedProxies`). */
  addressOf(req: IncomingMessage): string;
  /**
   * The gate of /graphql (GET and POST) and /auth/widget-token. `verify` is the request's one
   * verification, shared with what handles it next. True when the request may go on;
   * otherwise it has been answered 429.
   */
  admit(endpoint: 'graphql' | 'widget-token', req: IncomingMessage, res: ServerResponse, verify: (req: IncomingMessage) => Promise<VerifiedClient>): Promise<boolean>;
  /** A WebSocket upgrade from this request's address. */
  connection(req: IncomingMessage): Promise<Refusal | undefined>;
  /** Whether this address is refused token checks after too many failures. */
  blocked(address: string): Promise<Refusal | undefined>;
  /** A token from this address did not verify. */
  authenticationFailed(address: string): Promise<void>;
  /** One operation (a subscribe) by a verified caller. */
  operation(caller: Caller): Promise<Refusal | undefined>;
}

const callerKey = (caller: Caller) => `${caller.role}:${caller.sub ?? ''}`;

export function createRateLimits(options: RateLimitOptions = {}, onRefused: (limit: LimitKind) => void = () => undefined): RateLimits {
  const trusted = trustedProxyList(options.trustedProxies ?? []);
  const addressOf = (req: IncomingMessage) => addressKey(clientAddress(req, trusted));
  if (options.enabled === false) return unlimited(addressOf);

  const windows = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const limiters = Object.fromEntries(
    LIMIT_KINDS.map((kind) => [kind, new RateLimiterMemory({ keyPrefix: kind, points: windows[kind].points, duration: windows[kind].seconds })]),
  ) as Record<LimitKind, RateLimiterMemory>;
  const blockSeconds = options.authBlockSeconds ?? DEFAULT_AUTH_BLOCK_SECONDS;

  const refused = (limit: LimitKind, msBeforeNext: number): Refusal => {
    onRefused(limit);
    return { limit, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)), message: MESSAGES[limit] };
  };
  const take = async (limit: LimitKind, key: string): Promise<Refusal | undefined> => {
    try {
      await limiters[limit].consume(key);
      return undefined;
    } catch (res) {
      if (res instanceof RateLimiterRes) return refused(limit, res.msBeforeNext);
      throw res;
    }
  };
  const blocked = async (address: string) => {
    const failures = await limiters['auth-failures'].get(address);
    return failures && failures.consumedPoints >= windows['auth-failures'].points ? refused('auth-failures', failures.msBeforeNext) : undefined;
  };
  const authenticationFailed = async (address: string) => {
    // Counted without refusing: this request is answered 401 as before; the next one with a token is not checked.
    const failures = await limiters['auth-failures'].penalty(address);
    if (failures.consumedPoints >= windows['auth-failures'].points) await limiters['auth-failures'].block(address, blockSeconds);
  };

  const check = async (endpoint: 'graphql' | 'widget-token', req: IncomingMessage, verify: (req: IncomingMessage) => Promise<VerifiedClient>) => {
    const address = addressOf(req);
    const withToken = Boolean(req.headers.authorization);
    const early = (withToken && (await blocked(address))) || (await take(endpoint === 'graphql' ? 'address' : 'widget-token-address', address));
    if (early) return early;
    if (!withToken) return endpoint === 'graphql' ? take('anonymous', address) : undefined;
    let verified: VerifiedClient;
    try {
      verified = await verify(req);
    } catch (err) {
      // The handler answers this request from the same verification; here it only counts.
      if (err instanceof AuthenticationFailed) await authenticationFailed(address);
      return undefined;
    }
    if (endpoint === 'graphql') return take('caller', callerKey(verified.caller));
    const { caller } = verified;
    return caller.role === 'platform' && caller.org && !verified.client ? take('widget-token-platform', caller.org) : undefined;
  };

  return {
    addressOf,
    async admit(endpoint, req, res, verify) {
      const refusal = await check(endpoint, req, verify);
      if (refusal) sendRefusal(res, refusal);
      return !refusal;
    },
    async connection(req) {
      const address = addressOf(req);
      // A socket is useless without a token, so a blocked address gets none.
      return (await blocked(address)) ?? take('ws-connections', address);
    },
    blocked,
    authenticationFailed,
    operation: (caller) => take('caller', callerKey(caller)),
  };
}

function unlimited(addressOf: (req: IncomingMessage) => string): RateLimits {
  return {
    addressOf,
    admit: async () => true,
    connection: async () => undefined,
    blocked: async () => undefined,
    authenticationFailed: async () => undefined,
    operation: async () => undefined,
  };
}

/** Parses trusted proxies (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`); throws naming the first bad entry. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.trim().split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (bits !== undefined && (!/^\d{1,3}$/.test(prefix!) || bits! > max))) {
      throw new Error(`not an IP address or CIDR range: "${entry}"`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

const isTrusted = (list: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/**
 * The client's address: the socket's peer, or — only when that peer is a trusted proxy —
 * the nearest address in `X-Forwarded-For` that is not one, read from the right, where each
 * trusted proxy appended what it saw. Entries further left are the client's own say.
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList): string {
  let address = peerAddress(req);
  if (!isTrusted(trusted, address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  while (isTrusted(trusted, address) && hops.length) {
    const hop = hops.pop()!;
    const mapped = hop.startsWith('::ffff:') && isIPv4(hop.slice(7)) ? hop.slice(7) : hop;
    // Anything but an address was not written by a proxy we trust: the last good hop stands.
    if (!isIP(mapped)) break;
    address = mapped;
  }
  return address;
}

/**
 * The key an address is counted under. One IPv6 subscriber usually holds a whole /64, so
 * its addresses count as one; an IPv4 address counts alone.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const bare = address.split('%')[0]!.toLowerCase();
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  // ::1, :: and the other special addresses of the first /64 are no subscriber's prefix.
  if (all.slice(0, 4).every((g) => Number.parseInt(g, 16) === 0)) return bare;
  return `${all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`;
}
