import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SUBGRAPHS, defaultSubgraphUrl, supergraphPath } from '@fengqiao/schema';
import { blockedPortProblem, portOfUrl } from '@fengqiao/subgraph-kit';
import type { GatewayOptions } from './gateway.js';
import { keyFiles, readJwk } from './auth/keys.js';
import { DEFAULT_AUTH_BLOCK_SECONDS, DEFAULT_RATE_LIMITS, LIMIT_KINDS, trustedProxyList, type LimitKind, type RateLimitOptions } from './security/rate-limits.js';
import { DEFAULT_TRUSTED_DOCUMENTS, loadTrustedDocuments, type TrustedDocumentManifest } from './trusted-documents.js';
import { DEFAULT_OPERATION_LIMITS } from './security/operation-limits.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

const schema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535),
    host: z.string().min(1),
    dataDir: z.string().min(1),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    subgraphTimeoutMs: z.coerce.number().int().min(100).max(120_000),
    supergraphPath: z.string().min(1),
    subgraphUrls: z.record(z.string(), z.string().url()),
    jwksUrl: z.string().url().optional(),
    issuer: z.string().min(1).optional(),
    audience: z.string().min(1).optional(),
    algorithms: z.array(z.enum(ALGORITHMS)).min(1),
    eventRelay: z.enum(['on', 'off']),
    eventRelayIntervalMs: z.coerce.number().int().min(10).max(60_000),
    wsMaxConnections: z.coerce.number().int().min(1).max(1_000_000),
    wsMaxSubscriptions: z.coerce.number().int().min(1).max(10_000),
    wsMaxPayloadBytes: z.coerce.number().int().min(1_024).max(16 * 1024 * 1024),
    wsUpstreamRetryInitialMs: z.coerce.number().int().min(10).max(60_000),
    wsUpstreamRetryMaxMs: z.coerce.number().int().min(10).max(600_000),
    wsUpstreamGiveUpMs: z.coerce.number().int().min(1_000).max(3_600_000),
    widgetTokenTtlSeconds: z.coerce.number().int().min(1).max(3_600),
    stepUpTtlSeconds: z.coerce.number().int().min(30).max(900),
    corsOrigins: z.array(z.string().url()),
  })
  .superRefine((v, ctx) => {
    if (v.jwksUrl && !v.issuer) ctx.addIssue({ code: 'custom', path: ['AUTH_ISSUER'], message: 'AUTH_ISSUER is required with AUTH_JWKS_URL' });
    if (v.wsUpstreamRetryMaxMs < v.wsUpstreamRetryInitialMs) {
      ctx.addIssue({ code: 'custom', path: ['GATEWAY_WS_UPSTREAM_RETRY_MAX_MS'], message: 'must not be below GATEWAY_WS_UPSTREAM_RETRY_INITIAL_MS' });
    }
    if (v.jwksUrl && !v.audience) ctx.addIssue({ code: 'custom', path: ['AUTH_AUDIENCE'], message: 'AUTH_AUDIENCE is required with AUTH_JWKS_URL' });
    // fetch() — the gateway's calls to subgraphs, browsers' calls to the gateway — refuses these ports.
    const ownPort = blockedPortProblem(v.port);
    if (ownPort) ctx.addIssue({ code: 'custom', path: ['GATEWAY_PORT'], message: ownPort });
    for (const [name, url] of Object.entries(v.subgraphUrls)) {
      const problem = blockedPortProblem(portOfUrl(url) ?? 0);
      if (problem) ctx.addIssue({ code: 'custom', path: [`${name.toUpperCase()}_URL`], message: problem });
    }
  });

/** The WebSocket bounds are reported by the variable an operator sets. */
const WS_VARIABLES: Record<string, string> = {
  wsMaxConnections: 'GATEWAY_WS_MAX_CONNECTIONS',
  wsMaxSubscriptions: 'GATEWAY_WS_MAX_SUBSCRIPTIONS',
  wsMaxPayloadBytes: 'GATEWAY_WS_MAX_PAYLOAD_BYTES',
  wsUpstreamRetryInitialMs: 'GATEWAY_WS_UPSTREAM_RETRY_INITIAL_MS',
  wsUpstreamRetryMaxMs: 'GATEWAY_WS_UPSTREAM_RETRY_MAX_MS',
  wsUpstreamGiveUpMs: 'GATEWAY_WS_UPSTREAM_GIVE_UP_MS',
  widgetTokenTtlSeconds: 'WIDGET_TOKEN_TTL_SECONDS',
  stepUpTtlSeconds: 'STEP_UP_PROOF_TTL_SECONDS',
  corsOrigins: 'GATEWAY_CORS_ORIGINS',
};

/** `GATEWAY_RATE_LIMIT_<KIND>`, e.g. GATEWAY_RATE_LIMIT_AUTH_FAILURES for `auth-failures`. */
const limitVariable = (kind: LimitKind) => `GATEWAY_RATE_LIMIT_${kind.toUpperCase().replace(/-/g, '_')}`;

const limitWindow = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}\/[1-9]\d{0,5}$/, 'must be "<requests>/<seconds>", both positive, e.g. "120/60"')
  .transform((text) => {
    const [points, seconds] = text.split('/').map(Number) as [number, number];
    return { points, seconds };
  });

const protectionSchema = z.object({
  GATEWAY_RATE_LIMIT: z.enum(['on', 'off']),
  ...Object.fromEntries(LIMIT_KINDS.map((kind) => [limitVariable(kind), limitWindow])),
  GATEWAY_RATE_LIMIT_AUTH_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400),
  GATEWAY_TRUSTED_PROXIES: z.string().transform((list, ctx) => {
    const entries = list.split(',').map((p) => p.trim()).filter(Boolean);
    try {
      trustedProxyList(entries);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
    return entries;
  }),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** Rate limits (GATEWAY_RATE_LIMIT*, GATEWAY_TRUSTED_PROXIES) and METRICS_TOKEN; see docs/rate-limits.md and docs/metrics.md. */
function readProtection(env: NodeJS.ProcessEnv): { rateLimits: RateLimitOptions; metricsToken?: string } | { problems: string[] } {
  const raw: Record<string, string | undefined> = {
    GATEWAY_RATE_LIMIT: env.GATEWAY_RATE_LIMIT ?? 'on',
    GATEWAY_RATE_LIMIT_AUTH_BLOCK_SECONDS: env.GATEWAY_RATE_LIMIT_AUTH_BLOCK_SECONDS ?? String(DEFAULT_AUTH_BLOCK_SECONDS),
    GATEWAY_TRUSTED_PROXIES: env.GATEWAY_TRUSTED_PROXIES ?? '',
    METRICS_TOKEN: env.METRICS_TOKEN || undefined,
  };
  for (const kind of LIMIT_KINDS) {
    const { points, seconds } = DEFAULT_RATE_LIMITS[kind];
    raw[limitVariable(kind)] = env[limitVariable(kind)] ?? `${points}/${seconds}`;
  }
  const parsed = protectionSchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const v = parsed.data as z.infer<typeof protectionSchema> & Record<string, { points: number; seconds: number }>;
  return {
    rateLimits: {
      enabled: v.GATEWAY_RATE_LIMIT === 'on',
      limits: Object.fromEntries(LIMIT_KINDS.map((kind) => [kind, v[limitVariable(kind)]])),
      authBlockSeconds: v.GATEWAY_RATE_LIMIT_AUTH_BLOCK_SECONDS,
      trustedProxies: v.GATEWAY_TRUSTED_PROXIES,
    },
    metricsToken: v.METRICS_TOKEN,
  };
}

const limit = z.coerce.number().int().min(1).max(10_000_000);
const onOff = z.enum(['on', 'off']).optional();
const policySchema = z.object({
  GATEWAY_MAX_ALIASES: limit,
  GATEWAY_MAX_DEPTH: limit,
  GATEWAY_MAX_TOKENS: limit,
  GATEWAY_MAX_DIRECTIVES: limit,
  GATEWAY_MAX_ROOT_FIELDS: limit,
  GATEWAY_MAX_COST: limit,
  GATEWAY_COST_LIST_SIZE: limit,
  NODE_ENV: z.string().optional(),
  GATEWAY_INTROSPECTION: onOff,
  GATEWAY_GRAPHIQL: onOff,
});

/**
 * Operation limits and production mode (docs/operation-limits.md, docs/production.md):
 * NODE_ENV=production turns introspection, schema hints and GraphiQL off; GATEWAY_INTROSPECTION
 * and GATEWAY_GRAPHIQL turn each on or off whatever the mode.
 */
function readOperationPolicy(env: NodeJS.ProcessEnv): Pick<GatewayOptions, 'operationLimits' | 'production' | 'introspection' | 'graphiql'> | { problems: string[] } {
  const d = DEFAULT_OPERATION_LIMITS;
  const parsed = policySchema.safeParse({
    GATEWAY_MAX_ALIASES: env.GATEWAY_MAX_ALIASES || d.maxAliases,
    GATEWAY_MAX_DEPTH: env.GATEWAY_MAX_DEPTH || d.maxDepth,
    GATEWAY_MAX_TOKENS: env.GATEWAY_MAX_TOKENS || d.maxTokens,
    GATEWAY_MAX_DIRECTIVES: env.GATEWAY_MAX_DIRECTIVES || d.maxDirectives,
    GATEWAY_MAX_ROOT_FIELDS: env.GATEWAY_MAX_ROOT_FIELDS || d.maxRootFields,
    GATEWAY_MAX_COST: env.GATEWAY_MAX_COST || d.maxCost,
    GATEWAY_COST_LIST_SIZE: env.GATEWAY_COST_LIST_SIZE || d.costListSize,
    NODE_ENV: env.NODE_ENV || undefined,
    GATEWAY_INTROSPECTION: env.GATEWAY_INTROSPECTION || undefined,
    GATEWAY_GRAPHIQL: env.GATEWAY_GRAPHIQL || undefined,
  });
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const v = parsed.data;
  const switchOf = (value: 'on' | 'off' | undefined) => (value === undefined ? undefined : value === 'on');
  return {
    operationLimits: {
      maxAliases: v.GATEWAY_MAX_ALIASES,
      maxDepth: v.GATEWAY_MAX_DEPTH,
      maxTokens: v.GATEWAY_MAX_TOKENS,
      maxDirectives: v.GATEWAY_MAX_DIRECTIVES,
      maxRootFields: v.GATEWAY_MAX_ROOT_FIELDS,
      maxCost: v.GATEWAY_MAX_COST,
      costListSize: v.GATEWAY_COST_LIST_SIZE,
    },
    production: v.NODE_ENV === 'production',
    introspection: switchOf(v.GATEWAY_INTROSPECTION),
    graphiql: switchOf(v.GATEWAY_GRAPHIQL),
  };
}

/** Reads the gateway's configuration; every problem is reported at once. */
export function readGatewayOptions(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const dataDir = env.DATA_DIR ?? path.resolve('data');
  const raw = {
    port: env.GATEWAY_PORT ?? '4000',
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    logLevel: env.LOG_LEVEL ?? 'info',
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS ?? '5000',
    supergraphPath: env.SUPERGRAPH_PATH ?? supergraphPath,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, env[`${name.toUpperCase()}_URL`] ?? defaultSubgraphUrl(name)])),
    jwksUrl: env.AUTH_JWKS_URL || undefined,
    issuer: env.AUTH_ISSUER || undefined,
    audience: env.AUTH_AUDIENCE || undefined,
    algorithms: (env.AUTH_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim()),
    eventRelay: env.EVENT_RELAY ?? 'on',
    eventRelayIntervalMs: env.EVENT_RELAY_INTERVAL_MS ?? '500',
    wsMaxConnections: env.GATEWAY_WS_MAX_CONNECTIONS ?? '1000',
    wsMaxSubscriptions: env.GATEWAY_WS_MAX_SUBSCRIPTIONS ?? '25',
    wsMaxPayloadBytes: env.GATEWAY_WS_MAX_PAYLOAD_BYTES ?? String(64 * 1024),
    wsUpstreamRetryInitialMs: env.GATEWAY_WS_UPSTREAM_RETRY_INITIAL_MS ?? '100',
    wsUpstreamRetryMaxMs: env.GATEWAY_WS_UPSTREAM_RETRY_MAX_MS ?? '2000',
    wsUpstreamGiveUpMs: env.GATEWAY_WS_UPSTREAM_GIVE_UP_MS ?? '60000',
    widgetTokenTtlSeconds: env.WIDGET_TOKEN_TTL_SECONDS ?? '600',
    // A proof only bridges the code and the act it confirms: minutes, never a session.
    stepUpTtlSeconds: env.STEP_UP_PROOF_TTL_SECONDS ?? '300',
    corsOrigins: (env.GATEWAY_CORS_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean),
  };
  const parsed = schema.safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${WS_VARIABLES[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`);
  const protection = readProtection(env);
  if ('problems' in protection) problems.push(...protection.problems);
  const policy = readOperationPolicy(env);
  if ('problems' in policy) problems.push(...policy.problems);

  const files = keyFiles(dataDir);
  const internalPrivateJwk = env.HUB_INTERNAL_PRIVATE_JWK ? JSON.parse(env.HUB_INTERNAL_PRIVATE_JWK) : readJwk(files.internalPrivate);
  if (!internalPrivateJwk) problems.push(`HUB_INTERNAL_PRIVATE_JWK: not set and no key at ${files.internalPrivate} (npm start creates one)`);
  let widgetPrivateJwk: GatewayOptions['widgetPrivateJwk'];
  try {
    widgetPrivateJwk = env.HUB_WIDGET_PRIVATE_JWK ? JSON.parse(env.HUB_WIDGET_PRIVATE_JWK) : readJwk(files.widgetPrivate);
  } catch {
    problems.push('HUB_WIDGET_PRIVATE_JWK: not valid JSON');
  }
  let trustedDocuments: TrustedDocumentManifest = {};
  try {
    trustedDocuments = env.TRUSTED_DOCUMENTS
      ? loadTrustedDocuments(env.TRUSTED_DOCUMENTS.split(',').map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(p)))
      : loadTrustedDocuments([DEFAULT_TRUSTED_DOCUMENTS], { optional: true });
  } catch (err) {
    problems.push(`TRUSTED_DOCUMENTS: ${(err as Error).message}`);
  }
  const devPublicJwk = readJwk(files.devPublic);
  if (parsed.success && !parsed.data.jwksUrl && !devPublicJwk) problems.push(`AUTH_JWKS_URL: not set, and no local dev key at ${files.devPublic} (npm start creates one)`);
  if (!parsed.success || problems.length) throw new Error(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const v = parsed.data;
  return {
    supergraphSdl: readFileSync(v.supergraphPath, 'utf8'),
    subgraphUrls: v.subgraphUrls,
    internalPrivateJwk,
    clientAuth: v.jwksUrl
      ? { mode: 'jwks', jwksUrl: v.jwksUrl, issuer: v.issuer!, audience: v.audience!, algorithms: v.algorithms }
      : { mode: 'dev', devPublicJwk: devPublicJwk! },
    port: v.port,
    host: v.host,
    subgraphTimeoutMs: v.subgraphTimeoutMs,
    logLevel: v.logLevel,
    eventRelay: v.eventRelay === 'on' ? { intervalMs: v.eventRelayIntervalMs } : false,
    subscriptions: {
      maxConnections: v.wsMaxConnections,
      maxSubscriptionsPerConnection: v.wsMaxSubscriptions,
      maxPayloadBytes: v.wsMaxPayloadBytes,
      upstreamRetry: { initialMs: v.wsUpstreamRetryInitialMs, maxMs: v.wsUpstreamRetryMaxMs, giveUpAfterMs: v.wsUpstreamGiveUpMs },
    },
    widgetPrivateJwk,
    widgetTokenTtlSeconds: v.widgetTokenTtlSeconds,
    stepUpTtlSeconds: v.stepUpTtlSeconds,
    corsOrigins: v.corsOrigins,
    trustedDocuments,
    ...(protection as Exclude<typeof protection, { problems: string[] }>),
    ...(policy as Exclude<typeof policy, { problems: string[] }>),
  };
}

const listenPort = z.coerce.number().int().min(0).max(65535).superRefine((port, ctx) => {
  const problem = blockedPortProblem(port);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `npm start`: where each process listens, and how the launcher restarts one that dies (docs/faults.md). */
export interface LauncherOptions {
  dataDir: string;
  gatewayPort: number;
  subgraphPorts: Record<string, number>;
  demoShop: boolean;
  demoShopPort: number;
  restart: { limit: number; windowMs: number; initialDelayMs: number; maxDelayMs: number };
}

/** Reads `npm start`'s own variables; every problem at once, by the variable an operator sets. */
export function readLauncherOptions(env: NodeJS.ProcessEnv, defaultDataDir: string): LauncherOptions {
  const subgraphPortVariables = SUBGRAPHS.map(({ name, port }) => [`${name.toUpperCase()}_PORT`, env[`${name.toUpperCase()}_PORT`] || String(port)] as const);
  const launcherSchema = z.object({
    DATA_DIR: z.string().min(1),
    GATEWAY_PORT: listenPort,
    DEMO_SHOP: z.enum(['on', 'off']),
    DEMO_SHOP_PORT: listenPort,
    LAUNCHER_RESTART_LIMIT: z.coerce.number().int().min(0).max(1_000),
    LAUNCHER_RESTART_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400),
    LAUNCHER_RESTART_DELAY_MS: z.coerce.number().int().min(0).max(600_000),
    LAUNCHER_RESTART_MAX_DELAY_MS: z.coerce.number().int().min(0).max(600_000),
    ...Object.fromEntries(subgraphPortVariables.map(([variable]) => [variable, listenPort])),
  });
  const parsed = launcherSchema.safeParse({
    DATA_DIR: path.resolve(env.DATA_DIR || defaultDataDir),
    GATEWAY_PORT: env.GATEWAY_PORT || '4000',
    DEMO_SHOP: env.DEMO_SHOP || 'on',
    DEMO_SHOP_PORT: env.DEMO_SHOP_PORT || '4010',
    LAUNCHER_RESTART_LIMIT: env.LAUNCHER_RESTART_LIMIT || '5',
    LAUNCHER_RESTART_WINDOW_SECONDS: env.LAUNCHER_RESTART_WINDOW_SECONDS || '60',
    LAUNCHER_RESTART_DELAY_MS: env.LAUNCHER_RESTART_DELAY_MS || '1000',
    LAUNCHER_RESTART_MAX_DELAY_MS: env.LAUNCHER_RESTART_MAX_DELAY_MS || '15000',
    ...Object.fromEntries(subgraphPortVariables),
  });
  if (!parsed.success) {
    throw new Error(`Invalid configuration for npm start:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const v = parsed.data as Record<string, unknown> & z.infer<typeof launcherSchema>;
  return {
    dataDir: v.DATA_DIR,
    gatewayPort: v.GATEWAY_PORT,
    subgraphPorts: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, v[`${name.toUpperCase()}_PORT`] as number])),
    demoShop: v.DEMO_SHOP === 'on',
    demoShopPort: v.DEMO_SHOP_PORT,
    restart: {
      limit: v.LAUNCHER_RESTART_LIMIT,
      windowMs: v.LAUNCHER_RESTART_WINDOW_SECONDS * 1000,
      initialDelayMs: v.LAUNCHER_RESTART_DELAY_MS,
      maxDelayMs: Math.max(v.LAUNCHER_RESTART_MAX_DELAY_MS, v.LAUNCHER_RESTART_DELAY_MS),
    },
  };
}
