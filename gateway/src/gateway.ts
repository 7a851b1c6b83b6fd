import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { JWK } from 'jose';
import { createInternalTokenSigner, createLogger, importInternalKey, maskUnexpectedError } from '@fengqiao/subgraph-kit';
import { handleGraphQL, sendJson, type GraphQLRequestTransform } from '@fengqiao/subgraph-kit/http';
import { AuthenticationFailed, createClientVerifier, type ClientAuthConfig, type VerifiedClient } from './auth/client-auth.js';
import { generateWidgetKeyPair, publicJwkOf } from './auth/keys.js';
import type { GatewayContext } from './context.js';
import { corsHandler } from './cors.js';
import { graphiqlHandler } from './graphiql/graphiql.js';
import { gatewayMetrics } from './metrics.js';
import { startEventRelay, type EventRelay } from './relay/event-relay.js';
import { referenceCheck } from './references/check.js';
import { inOrder } from './security/in-order.js';
import { createRateLimits, type RateLimitOptions } from './security/rate-limits.js';
import { withoutSuggestionsIn } from './security/field-suggestions.js';
import { gatewayInputChecks } from './security/input-checks.js';
import { operationCostPlugin, operationLimits, operationLimitsTransform, type OperationLimits } from './security/operation-limits.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { consistencyGate } from './subscriptions/consistency-gate.js';
import { executeThrough } from './subscriptions/lookups.js';
import { subscriptionLimits, type SubscriptionOptions } from './subscriptions/options.js';
import { startSubscriptionServer } from './subscriptions/ws-server.js';
import { checkTrustedDocuments, DEFAULT_TRUSTED_DOCUMENTS, loadTrustedDocuments, trustedDocumentTransform, type TrustedDocumentManifest } from './trusted-documents.js';
import { DEFAULT_WIDGET_TOKEN_TTL_SECONDS, widgetTokenExchange } from './widget/token-exchange.js';
import { stepUpExchange } from './step-up/exchange.js';
import { DEFAULT_STEP_UP_TTL_SECONDS, STEP_UP_HEADER, stepUpSigner, stepUpVerifier } from './step-up/proof.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph listens; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  internalPrivateJwk: JWK;
  clientAuth: ClientAuthConfig;
  port: number;
  host?: string;
  subgraphTimeoutMs?: number;
  logLevel?: string;
  /** Carry events between subgraphs from this process (default on, every 500 ms when idle). */
  eventRelay?: false | { intervalMs?: number };
  /** Bounds of the WebSocket endpoint for subscriptions (graphql-ws on the same port and path). */
  subscriptions?: SubscriptionOptions;
  /**
   * The key that signs E Station widget tokens (ES256 private JWK); every gateway of one hub
   * needs the same. Absent: one is generated for this process (tokens die with it).
   */
  widgetPrivateJwk?: JWK;
  /** Lifetime of a widget token (default 600 s). */
  widgetTokenTtlSeconds?: number;
  /** Lifetime of a step-up proof for a legal act (default 300 s; docs/step-up.md). */
  stepUpTtlSeconds?: number;
  /** Origins whose pages may call /graphql and /auth/widget-token from a browser (default none). */
  corsOrigins?: string[];
  /**
   * Trusted documents, `{ "sha256:<hex>": "<document>" }`. Absent: the E Station's manifest
   * (clients/e-station/trusted-documents.json) if it exists, else none.
   */
  trustedDocuments?: TrustedDocumentManifest;
  /** Bounds on each operation, checked before it is planned (defaults: DEFAULT_OPERATION_LIMITS). */
  operationLimits?: Partial<OperationLimits>;
  /**
   * Production mode: introspection, "Did you mean" hints and GraphiQL are off unless enabled
   * below. Default off here; `readGatewayOptions` turns it on with NODE_ENV=production.
   */
  production?: boolean;
  /** Introspection and the schema hints in error messages (default: on, off in production). */
  introspection?: boolean;
  /** GraphiQL for browsers at GET /graphql, served from /graphiql/ (default: on, off in production). */
  graphiql?: boolean;
  /** Rate limits of this process (default on, see security/rate-limits.ts). */
  rateLimits?: RateLimitOptions;
  /** Lets callers from other machines read /metrics with `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = createLogger('gateway', options.logLevel);
  const signInternal = createInternalTokenSigner(await importInternalKey(options.internalPrivateJwk));
  const widgetPrivateJwk = options.widgetPrivateJwk ?? (await generateWidgetKeyPair()).privateJwk;
  if (!options.widgetPrivateJwk) log.warn('no widget key configured; E Station tokens are signed with a key generated for this process');
  const verifier = createClientVerifier(options.clientAuth, publicJwkOf(widgetPrivateJwk));
  const trustedDocuments = options.trustedDocuments
    ? checkTrustedDocuments(options.trustedDocuments)
    : loadTrustedDocuments([DEFAULT_TRUSTED_DOCUMENTS], { optional: true });
  const cors = corsHandler(options.corsOrigins ?? []);
  const metrics = gatewayMetrics(options.metricsToken);
  const rateLimits = createRateLimits(options.rateLimits, metrics.rateLimited);
  const timeoutMs = options.subgraphTimeoutMs ?? 5_000;
  const limits = operationLimits(options.operationLimits);
  const introspection = options.introspection ?? !options.production;
  const graphiql = (options.graphiql ?? !options.production) ? graphiqlHandler() : undefined;

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: log,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL configured for subgraph ${name}`);
      return new SubgraphDataSource(name, target, signInternal, timeoutMs);
    },
  });

  const httpServer = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: log,
    formatError: (formatted, error) => {
      // Subgraph failures are expected in a federation: they name the subgraph and pass through.
      const ext = formatted.extensions ?? {};
      if (typeof ext.serviceName === 'string' && typeof ext.code === 'string' && ext.code.startsWith('SUBGRAPH_')) {
        return { message: formatted.message, path: formatted.path, extensions: { code: ext.code, serviceName: ext.serviceName } };
      }
      const masked = maskUnexpectedError(log)(formatted, error);
      return introspection ? masked : withoutSuggestionsIn(masked);
    },
    includeStacktraceInErrorResponses: false,
    // Our own shutdown drains requests and then closes the database; Apollo's would exit first.
    stopOnTerminationSignals: false,
    introspection,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      metrics.plugin,
      // Before planning, cheapest first; the first refusal ends the request (Apollo alone would run them at once).
      inOrder(
        // Control characters, ill-formed Unicode, bad Decimal/DateTime: refused with the client's own argument path.
        gatewayInputChecks(),
        // The cost of each HTTP operation, with its variables.
        operationCostPlugin(limits),
        // Ids of other subgraphs' entities a mutation names are checked with their owners before it runs.
        referenceCheck({ supergraphSdl: options.supergraphSdl, subgraphUrls: options.subgraphUrls, sign: signInternal, timeoutMs }),
      ),
      // No Apollo landing page (it loads Sandbox from a CDN): development has its own GraphiQL.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  // Started once the gateway listens (below); the subscription gate only nudges it.
  let relay: EventRelay | undefined;
  const subscriptions = startSubscriptionServer({
    httpServer,
    limits: subscriptionLimits(options.subscriptions),
    verifier,
    rateLimits,
    trustedDocuments,
    operationPolicy: { limits, fieldSuggestions: introspection },
    sign: signInternal,
    subgraphUrls: options.subgraphUrls,
    execute: executeThrough(apollo, log),
    gate: consistencyGate({ subgraphUrls: options.subgraphUrls, sign: signInternal, log, nudge: () => relay?.wake() }),
    log: createLogger('subscriptions', options.logLevel),
  });
  // Registered before start so the first load is seen too.
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => subscriptions.updateSchema(apiSchema, coreSupergraphSdl));
  let servedSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    servedSchema = apiSchema;
  });
  await apollo.start();

  // One verification per request, shared by the trusted-document check and the context.
  const verified = new WeakMap<IncomingMessage, Promise<VerifiedClient>>();
  const verifyOnce = (req: IncomingMessage) => {
    let result = verified.get(req);
    if (!result) {
      result = verifier.verifyClient(req.headers.authorization);
      verified.set(req, result);
    }
    return result;
  };
  const trusted = trustedDocumentTransform(trustedDocuments, async (req) => {
    try {
      return (await verifyOnce(req)).client === 'e-station';
    } catch (err) {
      if (err instanceof AuthenticationFailed) return false;
      throw err;
    }
  });
  // Tokens and shape before anything else reads the request (Apollo Server's parse, the token check).
  const withinLimits = operationLimitsTransform(limits, () => servedSchema);
  const transform: GraphQLRequestTransform = async (request, req) => {
    const checked = await withinLimits(request, req);
    return 'status' in checked ? checked : trusted(request, req);
  };
  // A party's own confirmation of a legal act: a right code becomes a proof sent with the act.
  const exchangeStepUp = stepUpExchange({
    verifier, apollo, sign: stepUpSigner(widgetPrivateJwk, options.stepUpTtlSeconds ?? DEFAULT_STEP_UP_TTL_SECONDS), log,
  });
  const verifyStepUp = stepUpVerifier(publicJwkOf(widgetPrivateJwk));
  const exchangeWidgetToken = widgetTokenExchange({
    verifier,
    apollo,
    widgetPrivateJwk,
    ttlSeconds: options.widgetTokenTtlSeconds ?? DEFAULT_WIDGET_TOKEN_TTL_SECONDS,
    log,
  });

  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    try {
      const { caller } = await verifyOnce(req);
      const stepUp = await verifyStepUp(req.headers[STEP_UP_HEADER], caller);
      return { caller: stepUp ? { ...caller, stepUp } : caller };
    } catch (err) {
      if (err instanceof AuthenticationFailed) {
        throw new GraphQLError(err.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      throw err;
    }
  };

  let stopping = false;
  httpServer.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    metrics.track(path, res);
    if (path === '/metrics') return metrics.serve(req, res);
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', component: 'gateway' });
    if (path === '/readyz') return sendJson(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ready' });
    if (path === '/auth/step-up') {
      if (cors(req, res)) return;
      rateLimits.admit('graphql', req, res, verifyOnce).then((admitted) => (admitted ? exchangeStepUp(req, res) : undefined)).catch((err) => {
        log.error({ err }, 'step-up exchange failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      });
      return;
    }
    if (path === '/auth/widget-token') {
      if (cors(req, res)) return;
      rateLimits.admit('widget-token', req, res, verifyOnce).then((admitted) => (admitted ? exchangeWidgetToken(req, res) : undefined)).catch((err) => {
        log.error({ err }, 'widget token exchange failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      });
      return;
    }
    if (graphiql?.(req, res, path)) return;
    if (path === '/graphql' || path === '/') {
      if (cors(req, res)) return;
      rateLimits.admit('graphql', req, res, verifyOnce).then((admitted) => (admitted ? handleGraphQL(apollo, req, res, context, transform) : undefined)).catch((err) => {
        log.error({ err }, 'request failed outside GraphQL execution');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`;
  relay = options.eventRelay === false
    ? undefined
    : startEventRelay({
        subgraphUrls: options.subgraphUrls,
        sign: signInternal,
        intervalMs: options.eventRelay?.intervalMs,
        log: createLogger('event-relay', options.logLevel),
      });
  log.info({ url, auth: options.clientAuth.mode, eventRelay: Boolean(relay), trustedDocuments: Object.keys(trustedDocuments).length }, 'gateway ready');
  return {
    url,
    port,
    async stop() {
      if (stopping) return;
      stopping = true;
      await relay?.stop();
      // Open sockets would otherwise keep the HTTP server from closing.
      await subscriptions.close();
      await apollo.stop();
      metrics.close();
      log.info('gateway stopped');
    },
  };
}

export { startEventRelay, type EventRelay } from './relay/event-relay.js';
export { createClientVerifier, type ClientAuthConfig } from './auth/client-auth.js';
export type { SubscriptionOptions } from './subscriptions/options.js';
export { ensureLocalKeys, keyFiles, generateWidgetKeyPair, DEV_ISSUER, HUB_AUDIENCE, WIDGET_ISSUER } from './auth/keys.js';
export { DEFAULT_TRUSTED_DOCUMENTS, loadTrustedDocuments, type TrustedDocumentManifest } from './trusted-documents.js';
export { signDevToken } from './auth/dev-token.js';
export { REFERENCES, LOCAL, type Reference } from './references/declared.js';
