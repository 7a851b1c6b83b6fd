import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { startGateway, signDevToken, generateWidgetKeyPair, type RunningGateway, type ClientAuthConfig, type GatewayOptions } from '@fengqiao/gateway';
import { supergraphPath } from '@fengqiao/schema';
import { createThrowawayDatabase, generateInternalKeyPair, importInternalKey, signInternalToken, startSubgraph, type RunningSubgraph, type Role, type SubgraphDefinition, type SubgraphOptions } from '@fengqiao/subgraph-kit';
import { disputesSubgraph } from '@fengqiao/disputes';
import { identitySubgraph } from '@fengqiao/identity';
import { platformsSubgraph } from '@fengqiao/platforms';
import { mediationSubgraph } from '@fengqiao/mediation';
import { arbitrationSubgraph } from '@fengqiao/arbitration';
import { courtsSubgraph } from '@fengqiao/courts';
import { creditSubgraph } from '@fengqiao/credit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const definitions: SubgraphDefinition<any, any, any>[] = [
  disputesSubgraph, identitySubgraph, platformsSubgraph, mediationSubgraph, arbitrationSubgraph, courtsSubgraph, creditSubgraph,
];

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface Hub {
  gatewayUrl: string;
  subgraphs: Record<string, RunningSubgraph>;
  storage: 'pglite' | 'postgres';
  token(role: Role, claims?: { sub?: string; org?: string; ttl?: string }): Promise<string>;
  /** `headers`: extra request headers, such as a step-up proof (test/src/step-up.ts). */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A token as the gateway would sign it, for calling one subgraph directly (benchmarks). */
  internalToken(subgraph: string, role: Role, sub?: string): Promise<string>;
  stopSubgraph(name: string): Promise<void>;
  /** Starts a stopped subgraph again on the same port and storage (needs `persistent` on PGlite). */
  restartSubgraph(name: string): Promise<void>;
  /** Another gateway process's worth: a second gateway over the same subgraphs, stopped with the hub. */
  startSecondGateway(overrides?: Partial<GatewayOptions>): Promise<{ url: string }>;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Client auth other than the dev key, e.g. a JWKS. */
  clientAuth?: (dev: { devPublicJwk: JWK }) => ClientAuthConfig;
  /** Point the gateway at another address for a subgraph (for failure tests). */
  subgraphUrlOverrides?: Record<string, string>;
  subgraphTimeoutMs?: number;
  /** Run the event relay and clock-driven jobs (default true); off where a test counts every SQL statement. */
  background?: boolean;
  /**
   * Keep PGlite data on disk (a temporary directory, removed on stop) rather than in memory,
   * so a subgraph can be stopped and started again with its data, as after a crash.
   */
  persistent?: boolean;
  /** Storage the caller owns and keeps after stop (backup tests): a PGlite data directory, or a server database. */
  storage?: { dataDir: string } | { databaseUrl: string };
  /** Passed to the gateway (connection and subscription bounds). */
  gatewaySubscriptions?: GatewayOptions['subscriptions'];
  /** Passed to every subgraph (the replay bound). */
  subgraphSubscriptions?: SubgraphOptions['subscriptions'];
  /** Passed to the gateway: trusted documents (default: the E Station's manifest if built), widget token lifetime, CORS origins. */
  trustedDocuments?: GatewayOptions['trustedDocuments'];
  widgetTokenTtlSeconds?: number;
  corsOrigins?: string[];
  /** Passed to the gateway: its rate limits (default: the production defaults). */
  rateLimits?: GatewayOptions['rateLimits'];
  /** Passed to the gateway and every subgraph: the token that opens /metrics to other machines. */
  metricsToken?: string;
  /** Interface every server listens on (default 127.0.0.1); `0.0.0.0` to be reached from another local address. */
  host?: string;
}

/**
 * A whole hub in this process: seven real subgraph servers on free ports, each with its own
 * database, and the real gateway in front. Storage is in-memory PGlite, or a fresh database
 * on the PostgreSQL server named by TEST_DATABASE_URL, dropped again on stop.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const internal = await generateInternalKeyPair();
  const dev = await generateKeyPair('ES256', { extractable: true });
  const devPrivate = { ...(await exportJWK(dev.privateKey)), kid: 'fengqiao-dev' };
  const devPublic = { ...(await exportJWK(dev.publicKey)), kid: 'fengqiao-dev' };
  // One widget key for every gateway of this hub, as HUB_WIDGET_PRIVATE_JWK would give them.
  const widget = await generateWidgetKeyPair();

  const owned = options.storage;
  const database = !owned && process.env.TEST_DATABASE_URL ? await createThrowawayDatabase(process.env.TEST_DATABASE_URL) : undefined;
  const databaseUrl = owned && 'databaseUrl' in owned ? owned.databaseUrl : database?.url;
  const dropDatabase = async () => database?.drop();

  const dataDir = owned && 'dataDir' in owned ? owned.dataDir : options.persistent && !databaseUrl ? mkdtempSync(path.join(os.tmpdir(), 'fengqiao-hub-')) : 'memory';
  const subgraphs: Record<string, RunningSubgraph> = {};
  const stopped = new Set<string>();
  const launch = async (definition: SubgraphDefinition<any, any, any>, port: number) => {
    subgraphs[definition.name] = await startSubgraph(definition, {
      port,
      host: options.host,
      metricsToken: options.metricsToken,
      dataDir,
      databaseUrl,
      internalPublicJwk: internal.publicJwk,
      logLevel: process.env.HUB_TEST_LOG_LEVEL ?? 'silent',
      seedDemoData: true,
      // Clock-driven work (instalments falling due) checked often, so tests see it promptly.
      jobs: options.background === false ? false : { everyMs: 500 },
      subscriptions: options.subgraphSubscriptions,
    });
  };
  await Promise.all(definitions.map((definition) => launch(definition, 0)));
  const gatewayOptions = (): GatewayOptions => ({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: { ...Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])), ...options.subgraphUrlOverrides },
    internalPrivateJwk: internal.privateJwk,
    clientAuth: options.clientAuth?.({ devPublicJwk: devPublic }) ?? { mode: 'dev', devPublicJwk: devPublic },
    port: 0,
    host: options.host,
    subgraphTimeoutMs: options.subgraphTimeoutMs,
    // Quick hops between subgraphs keep the journeys short; production default is 500 ms.
    eventRelay: options.background === false ? false : { intervalMs: 100 },
    logLevel: process.env.HUB_TEST_LOG_LEVEL ?? 'silent',
    subscriptions: options.gatewaySubscriptions,
    widgetPrivateJwk: widget.privateJwk,
    widgetTokenTtlSeconds: options.widgetTokenTtlSeconds,
    corsOrigins: options.corsOrigins,
    rateLimits: options.rateLimits,
    metricsToken: options.metricsToken,
    trustedDocuments: options.trustedDocuments,
  });
  const gateway: RunningGateway = await startGateway(gatewayOptions());
  const extraGateways: RunningGateway[] = [];

  return {
    gatewayUrl: gateway.url,
    subgraphs,
    storage: databaseUrl ? 'postgres' : 'pglite',
    internalToken: async (subgraph, role, sub = `${role}-bench`) =>
      signInternalToken(await importInternalKey(internal.privateJwk), subgraph, { role, sub, org: null }),
    token: (role, claims = {}) => signDevToken(devPrivate, { role, sub: claims.sub ?? `${role}-test-user`, org: claims.org }, claims.ttl),
    async query(query, variables = {}, token, headers = {}) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async stopSubgraph(name) {
      stopped.add(name);
      await subgraphs[name]!.stop();
    },
    async restartSubgraph(name) {
      if (dataDir === 'memory' && !databaseUrl) throw new Error('restartSubgraph needs startHub({ persistent: true }) on PGlite');
      const definition = definitions.find((d) => d.name === name)!;
      await launch(definition, subgraphs[name]!.port);
      stopped.delete(name);
    },
    async startSecondGateway(overrides = {}) {
      // The relay stays with the first gateway: two relays would only race for the same work.
      const second = await startGateway({ ...gatewayOptions(), eventRelay: false, ...overrides });
      extraGateways.push(second);
      return { url: second.url };
    },
    async stop() {
      await Promise.all(extraGateways.map((g) => g.stop()));
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).filter((s) => !stopped.has(s.name)).map((s) => s.stop()));
      await dropDatabase();
      if (dataDir !== 'memory' && !owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
