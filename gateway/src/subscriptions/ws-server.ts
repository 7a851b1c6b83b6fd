import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, stringifyMessage } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Caller, Logger } from '@fengqiao/subgraph-kit';
import { AuthenticationFailed, type ClientVerifier } from '../auth/client-auth.js';
import { authorizationOf, millisecondsLeft } from './connection-auth.js';
import { rateLimitedError, type RateLimits } from '../security/rate-limits.js';
import { resolveDocument, type TrustedDocumentManifest } from '../trusted-documents.js';
import type { ConsistencyGate } from './consistency-gate.js';
import { forwardSubscription, UpstreamErrors } from './forward.js';
import { sharedLookups, type ExecuteAs } from './lookups.js';
import type { SubscriptionLimits } from './options.js';
import { subscriptionOwners, type SubscriptionOwner } from './ownership.js';
import { entityLookups, planSubscription, type OperationPolicy, type SubscriptionPlan } from './plan.js';
import type { Channel } from './channel.js';
import type { ClientResult } from './event-payload.js';

export interface SubscriptionServerDeps {
  httpServer: HttpServer;
  limits: SubscriptionLimits;
  verifier: ClientVerifier;
  /** Connection attempts per address, failed tokens per address, subscribes per caller. */
  rateLimits?: RateLimits;
  /** Documents a subscribe may name by `extensions.documentId`; the only ones a widget token may run. */
  trustedDocuments?: TrustedDocumentManifest;
  /** The operation limits and error hints HTTP operations get, applied to each subscribe. */
  operationPolicy: OperationPolicy;
  sign(subgraph: string, caller: Caller): Promise<string>;
  subgraphUrls: Record<string, string>;
  execute: ExecuteAs;
  gate: ConsistencyGate;
  log: Logger;
}

export interface SubscriptionServer {
  /** The API schema and supergraph the gateway serves now; subscriptions validate against them. */
  updateSchema(apiSchema: GraphQLSchema, supergraphSdl: string): void;
  /** Closes every client socket and every upstream subscription. */
  close(): Promise<void>;
}

interface Extra {
  socket: WebSocket;
  /** The client address rate limits count against. */
  address: string;
  authorization?: string;
  expiry?: NodeJS.Timeout;
}

interface OperationContext {
  plan: SubscriptionPlan;
  caller: Caller;
}

const KEEP_ALIVE_MS = 12_000;
// setTimeout's longest delay; a token valid for longer is checked again on every subscribe anyway.
const MAX_TIMER_MS = 2 ** 31 - 1;

const typed = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/**
 * graphql-ws on the gateway's HTTP server. The socket carries subscriptions only; each is
 * checked against the API schema, authenticated again, and forwarded to the subgraph that
 * owns its root field. Built on graphql-ws's `makeServer` rather than `useServer`: the latter
 * writes socket errors to the console, and a client sending oversized frames must not be
 * able to fill the gateway's stderr.
 */
export function startSubscriptionServer(deps: SubscriptionServerDeps): SubscriptionServer {
  const { limits, log } = deps;
  let served: { schema: GraphQLSchema; owners: Map<string, SubscriptionOwner>; lookups: Map<string, string> } | undefined;
  let stopping = false;
  let open = 0;
  const channels = new Set<Channel<ClientResult>>();
  const lookups = sharedLookups(deps.execute);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes, handleProtocols });

  const refuse = (ctx: { extra: Extra }, code: number, reason: string) => {
    // A close reason longer than 123 bytes makes ws throw instead of closing.
    let short = reason;
    while (Buffer.byteLength(short) > 123) short = short.slice(0, -1);
    ctx.extra.socket.close(code, short);
  };

  const server = makeServer<Record<string, unknown>, Extra>({
    async onConnect(ctx) {
      const authorization = authorizationOf(ctx.connectionParams);
      if (!authorization) {
        refuse(ctx, CloseCode.Unauthorized, 'Authentication required: connectionParams.authorization must be "Bearer <JWT>"');
        return false;
      }
      const blocked = await deps.rateLimits?.blocked(ctx.extra.address);
      if (blocked) {
        refuse(ctx, CloseCode.TooManyInitialisationRequests, `${blocked.message}; retry after ${blocked.retryAfterSeconds} s`);
        return false;
      }
      try {
        await deps.verifier.verify(authorization);
      } catch (err) {
        if (!(err instanceof AuthenticationFailed)) throw err;
        await deps.rateLimits?.authenticationFailed(ctx.extra.address);
        refuse(ctx, CloseCode.Unauthorized, err.message);
        return false;
      }
      ctx.extra.authorization = authorization;
      const left = millisecondsLeft(authorization);
      if (left !== undefined) {
        ctx.extra.expiry = setTimeout(() => refuse(ctx, CloseCode.Unauthorized, 'Token expired'), Math.min(left, MAX_TIMER_MS));
      }
      return true;
    },

    async onSubscribe(ctx, id, payload) {
      // Counted before the first await: subscribes arriving together would otherwise all see
      // the final count, and the first ones would be refused instead of the one over the limit.
      // graphql-ws has already entered the one being started.
      const tooMany = Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection;
      let caller: Caller;
      let widget: boolean;
      const blocked = await deps.rateLimits?.blocked(ctx.extra.address);
      if (blocked) return [rateLimitedError(blocked)];
      try {
        // Verified again: the token may have expired or stopped verifying since connection_init.
        const verified = await deps.verifier.verifyClient(ctx.extra.authorization);
        caller = verified.caller;
        widget = verified.client === 'e-station';
      } catch (err) {
        if (!(err instanceof AuthenticationFailed)) throw err;
        await deps.rateLimits?.authenticationFailed(ctx.extra.address);
        const errors = [typed(err.message, 'UNAUTHENTICATED')];
        // Sent before the close frame so the client learns why; graphql-ws's own send is then a no-op.
        ctx.extra.socket.send(stringifyMessage({ id, type: MessageType.Error, payload: errors.map((e) => e.toJSON()) }));
        refuse(ctx, CloseCode.Unauthorized, err.message.includes('expired') ? 'Token expired' : err.message);
        return errors;
      }
      if (tooMany) {
        return [typed(`At most ${limits.maxSubscriptionsPerConnection} subscriptions at once on one connection`, 'RATE_LIMITED')];
      }
      const limited = await deps.rateLimits?.operation(caller);
      if (limited) return [rateLimitedError(limited)];
      const documentId = payload.extensions?.documentId;
      const resolution = resolveDocument(deps.trustedDocuments ?? {}, { documentId, query: payload.query }, widget);
      if (resolution && !resolution.ok) return [typed(resolution.message, resolution.code)];
      if (resolution) payload = { ...payload, query: resolution.query };
      if (!served) return [typed('The gateway has not loaded its schema yet', 'SERVICE_UNAVAILABLE')];
      const plan = planSubscription(served.schema, served.owners, served.lookups, payload, deps.operationPolicy);
      if (Array.isArray(plan)) return plan;
      const contextValue: OperationContext = { plan, caller };
      return { schema: served.schema, document: plan.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    },

    subscribe(args) {
      const { plan, caller } = args.contextValue as OperationContext;
      const channel: Channel<ClientResult> = forwardSubscription(
        {
          plan,
          caller,
          upstreamUrl: (deps.subgraphUrls[plan.owner.subgraph] ?? plan.owner.url).replace(/^http/, 'ws'),
          sign: deps.sign,
          lookups,
          gate: deps.gate,
          retry: limits.upstreamRetry,
          log,
        },
        () => channels.delete(channel),
      );
      channels.add(channel);
      // Payloads are already formatted (errors as the subgraph or lookup gave them).
      return channel as unknown as AsyncIterable<never>;
    },

    onNext: (_ctx, _id, _payload, _args, result) => result as unknown as FormattedExecutionResult,

    onError(_ctx, _id, _payload, errors): GraphQLFormattedError[] {
      return errors.flatMap((error) => {
        const original = error.originalError;
        if (original instanceof UpstreamErrors) return [...original.errors];
        if (typeof error.extensions?.code === 'string') return [error.toJSON()];
        log.error({ err: original ?? error }, 'subscription failed');
        return [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
      });
    },
  });

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // A frame over maxPayload ends here after ws has closed the socket with 1009.
    socket.on('error', (err) => log.debug({ err }, 'client socket error'));
    const extra: Extra = { socket, address: deps.rateLimits?.addressOf(request) ?? '' };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            // A failed send means the socket is going away; its close does the cleaning up.
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((err: unknown) => {
              log.error({ err }, 'subscription message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    // Sockets whose client vanished without a close frame are found and dropped.
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      clearTimeout(extra.expiry);
      void closed(code, reason.toString());
    });
  });

  const reject = (socket: Duplex, status: number, text: string, headers: Record<string, string> = {}, body = '') => {
    const lines = [`HTTP/1.1 ${status} ${text}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  deps.httpServer.on('upgrade', async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/graphql' && path !== '/') return reject(socket, 404, 'Not Found');
    const limited = await deps.rateLimits?.connection(request);
    if (limited) {
      const body = JSON.stringify({ errors: [rateLimitedError(limited).toJSON()] });
      return reject(socket, 429, 'Too Many Requests', { 'Retry-After': String(limited.retryAfterSeconds), 'Content-Type': 'application/json; charset=utf-8' }, body);
    }
    if (stopping) return reject(socket, 503, 'Service Unavailable', { 'Retry-After': '5' });
    if (open >= limits.maxConnections) {
      log.warn({ open }, 'WebSocket connection limit reached; refusing');
      return reject(socket, 503, 'Service Unavailable', { 'Retry-After': '5' });
    }
    // Counted from the upgrade on, so a burst of handshakes cannot overshoot the limit.
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  return {
    updateSchema(apiSchema, supergraphSdl) {
      try {
        served = { schema: apiSchema, owners: subscriptionOwners(supergraphSdl), lookups: entityLookups(apiSchema) };
        log.debug({ subscriptions: [...served.owners.keys()] }, 'subscription schema loaded');
      } catch (err) {
        log.error({ err }, 'reading subscription owners from the supergraph failed; keeping the previous schema');
      }
    },
    async close() {
      stopping = true;
      for (const channel of [...channels]) void channel.return();
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      // Clients normally answer the close frame at once; those that do not are cut off.
      const deadline = Date.now() + 1_000;
      while (wss.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      lookups.clear();
    },
  };
}
