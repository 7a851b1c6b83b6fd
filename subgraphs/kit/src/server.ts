import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { CryptoKey, JWK } from 'jose';
import { createInternalTokenVerifier, importInternalKey } from './auth/internal-token.js';
import type { Caller } from './auth/roles.js';
import { openDatabase, type DatabaseStats, type HubDatabase, type OpenDatabase } from './db/database.js';
import { maskUnexpectedError, unauthenticated } from './errors.js';
import type { OutboxTable } from './db/outbox.js';
import { EventConsumer, type EventCursorsTable, type EventSubscription } from './events/consumer.js';
import { eventEndpoints, eventsAudienceOf } from './events/endpoints.js';
import { OutboxLiveFeed, unavailableFeed, type LiveFeed } from './events/live-feed.js';
import { handleGraphQL, sendJson } from './http/graphql-handler.js';
import { inputChecksPlugin } from './input-checks.js';
import { metricsAccess } from './http/metrics-access.js';
import { attachSubscriptionsServer } from './http/subscriptions-server.js';
import type { LegalRule } from './legal-rules.js';
import { createLogger, type Logger } from './logger.js';
import { DateTime, Decimal } from './scalars.js';

export interface SubgraphContext<TServices, TLoaders> {
  caller: Caller;
  services: TServices;
  loaders: TLoaders;
  log: Logger;
  /** This subgraph's outbox as a live stream, for Subscription resolvers. */
  feed: LiveFeed;
}

/** What a subgraph package declares; the kit does the rest the same way for all seven. */
export interface SubgraphDefinition<TTables extends Record<string, unknown>, TServices, TLoaders> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: ResolverMap;
  tables: TTables;
  migrationsFolder: string;
  createServices(db: HubDatabase<TTables>, log: Logger): TServices;
  /** Fresh per request: DataLoader caches must never outlive one caller's request. */
  createLoaders(services: TServices, caller: Caller): TLoaders;
  /** Real reference data (courts, institutions, organisations): loaded or corrected at every start. */
  loadReferenceData?(services: TServices): Promise<void>;
  /** Writes the demo data when the database is empty; must be idempotent. */
  seed?(services: TServices, db: HubDatabase<TTables>): Promise<void>;
  /**
   * Work that runs on a clock rather than on a request, such as marking instalments missed
   * once their due date has passed. Each run must be safe to repeat and to run in two
   * processes at once (compare-and-set its changes).
   */
  jobs?: { name: string; everyMs: number; run(services: TServices, log: Logger): Promise<void> }[];
  /** What the subgraph publishes (its outbox) and which other subgraphs' events it handles. */
  events?: {
    outbox?: OutboxTable;
    cursors?: EventCursorsTable;
    consumes?: EventSubscription<TServices>[];
  };
  /** The rules of law this subgraph applies, with their sources and tests (see legal-rules.ts). */
  legalRules?: readonly LegalRule[];
}

export interface SubgraphOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  dataDir: string;
  internalPublicJwk: JWK;
  logLevel?: string;
  seedDemoData?: boolean;
  /** Run the definition's jobs (default on); `everyMs` overrides every job's period, for tests. */
  jobs?: false | { everyMs?: number };
  /** Live subscriptions: events replayed to one subscriber at most (1000), fallback poll period (2000 ms). */
  subscriptions?: { replayLimit?: number; pollMs?: number };
  /** Lets callers from other machines read /metrics with `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export interface RunningSubgraph<TTables extends Record<string, unknown> = Record<string, unknown>, TServices = unknown> {
  name: string;
  url: string;
  port: number;
  stats: DatabaseStats;
  /** GraphQL requests served since start: with `stats`, what tests and /metrics read to catch N+1. */
  traffic: { graphqlRequests: number };
  database: OpenDatabase<TTables>;
  services: TServices;
  feed: LiveFeed;
  stop(): Promise<void>;
}

const scalarResolvers = { DateTime, Decimal };

/** Resolvers as graphql-tools and @apollo/subgraph take them; each subgraph types its own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverMap = Record<string, any>;

export async function startSubgraph<TTables extends Record<string, unknown>, TServices, TLoaders>(
  definition: SubgraphDefinition<TTables, TServices, TLoaders>,
  options: SubgraphOptions,
): Promise<RunningSubgraph<TTables, TServices>> {
  const log = createLogger(`subgraph:${definition.name}`, options.logLevel);
  const internalKey: CryptoKey = await importInternalKey(options.internalPublicJwk);
  const verifyGatewayToken = createInternalTokenVerifier(internalKey, definition.name);
  const database = await openDatabase({
    name: definition.name,
    url: options.databaseUrl,
    dataDir: options.dataDir,
    schema: definition.tables,
    migrationsFolder: definition.migrationsFolder,
    log,
  });
  const services = definition.createServices(database.db, log);
  if (definition.loadReferenceData) await definition.loadReferenceData(services);
  if (options.seedDemoData && definition.seed) await definition.seed(services, database.db);

  const events = definition.events;
  if (events?.consumes?.length && !events.cursors) throw new Error(`${definition.name} consumes events but declares no cursors table`);
  const consumer = events?.consumes?.length
    ? new EventConsumer(database.db, events.cursors!, events.consumes, (tx) => definition.createServices(tx as HubDatabase<TTables>, log), log)
    : undefined;
  const routeEvents = eventEndpoints({
    name: definition.name,
    db: database.db,
    outbox: events?.outbox,
    consumer: consumer as EventConsumer<unknown> | undefined,
    verify: createInternalTokenVerifier(internalKey, eventsAudienceOf(definition.name)),
    log,
  });

  const feed: LiveFeed = events?.outbox
    ? new OutboxLiveFeed({
      source: definition.name,
      db: database.db,
      outbox: events.outbox,
      listen: database.listen,
      log,
      replayLimit: options.subscriptions?.replayLimit,
      pollMs: options.subscriptions?.pollMs,
    })
    : unavailableFeed(definition.name);

  const httpServer: Server = createServer();
  // One schema for queries over HTTP and subscriptions over WebSocket.
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: { ...scalarResolvers, ...definition.resolvers } as never,
  });
  const formatError = maskUnexpectedError(log);
  const apollo = new ApolloServer<SubgraphContext<TServices, TLoaders>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Our own shutdown drains requests and then closes the database; Apollo's would exit first.
    stopOnTerminationSignals: false,
    logger: log,
    // No Apollo Studio here: inline traces would only add weight to every subgraph response.
    // The ID and String checks (input-checks.ts) run before any resolver, whoever sent the operation.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), inputChecksPlugin()],
  });
  await apollo.start();

  // Only the gateway may call a subgraph: a request without its token never reaches a resolver.
  const context = async (req: import('node:http').IncomingMessage): Promise<SubgraphContext<TServices, TLoaders>> => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw unauthenticated('Subgraphs accept only requests signed by the gateway');
    let caller: Caller;
    try {
      caller = await verifyGatewayToken(token);
    } catch (err) {
      log.warn({ reason: (err as Error).message }, 'rejected a request without a valid gateway token');
      throw unauthenticated('Subgraphs accept only requests signed by the gateway');
    }
    return { caller, services, loaders: definition.createLoaders(services, caller), log, feed };
  };
  const subscriptions = attachSubscriptionsServer<SubgraphContext<TServices, TLoaders>>({
    httpServer,
    schema,
    verify: verifyGatewayToken,
    createContext: (caller) => ({ caller, services, loaders: definition.createLoaders(services, caller), log, feed }),
    formatError,
    log,
  });

  const timers = options.jobs === false ? [] : (definition.jobs ?? []).map((job) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopping) return;
      busy = true;
      job.run(services, log).catch((err) => log.error({ err, job: job.name }, 'job failed')).finally(() => { busy = false; });
    }, (options.jobs || undefined)?.everyMs ?? job.everyMs);
    timer.unref();
    return timer;
  });

  let stopping = false;
  const traffic = { graphqlRequests: 0 };
  const metricsAllowed = metricsAccess(options.metricsToken);
  httpServer.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', subgraph: definition.name });
    if (path === '/readyz') {
      if (stopping) return sendJson(res, 503, { status: 'stopping' });
      database.ping().then(
        () => sendJson(res, 200, { status: 'ready', storage: database.kind }),
        (err: Error) => sendJson(res, 503, { status: 'database unavailable', error: err.message }),
      );
      return;
    }
    if (path === '/metrics') {
      if (!metricsAllowed(req, res)) return;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE fengqiao_sql_statements_total counter\nfengqiao_sql_statements_total{subgraph="${definition.name}"} ${database.stats.statements}\n` +
        `# TYPE fengqiao_graphql_requests_total counter\nfengqiao_graphql_requests_total{subgraph="${definition.name}"} ${traffic.graphqlRequests}\n`);
      return;
    }
    if (routeEvents(req, res, path)) return;
    if (path === '/graphql' || path === '/') {
      traffic.graphqlRequests += 1;
      handleGraphQL(apollo, req, res, context).catch((err) => {
        log.error({ err }, 'request failed outside GraphQL execution');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url, storage: database.kind, location: database.location }, 'subgraph ready');

  return {
    name: definition.name,
    url,
    port,
    stats: database.stats,
    traffic,
    database,
    services,
    feed,
    async stop() {
      if (stopping) return;
      stopping = true;
      timers.forEach(clearInterval);
      // Open sockets would keep the HTTP drain waiting, and live feeds read the database.
      await subscriptions.close();
      if (feed instanceof OutboxLiveFeed) await feed.close();
      await apollo.stop();
      await database.close();
      log.info('subgraph stopped');
    },
  };
}
