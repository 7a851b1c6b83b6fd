import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getOperationAST, GraphQLError, parse, subscribe, validate, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../auth/roles.js';
import { findInputProblem, inputRefused } from '../input-checks.js';
import type { Logger } from '../logger.js';

/** Subscription documents and their variables are small; anything bigger is not from the gateway. */
export const MAX_SUBSCRIPTION_PAYLOAD_BYTES = 64 * 1024;

export interface SubscriptionsServerOptions<TContext> {
  httpServer: Server;
  schema: GraphQLSchema;
  /** Verifies the gateway's token, as for HTTP requests; throws when it is not one. */
  verify(token: string): Promise<Caller>;
  /** A fresh context per subscription: loaders must not outlive one operation. */
  createContext(caller: Caller): TContext;
  /** Apollo's `formatError`, so subscriptions mask exactly what HTTP masks. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  log: Logger;
  path?: string;
}

export interface SubscriptionsServer {
  /** Drops every socket at once (their subscriptions end with them) and stops accepting new ones. */
  close(): Promise<void>;
}

type Extra = { caller?: Caller };

/**
 * graphql-transport-ws on the subgraph's own port, for the gateway only: the connection's
 * `authorization` param carries the same internal token as an HTTP request, checked once
 * per connection; a connection without it is closed with 4403.
 */
export function attachSubscriptionsServer<TContext>(options: SubscriptionsServerOptions<TContext>): SubscriptionsServer {
  const { httpServer, schema, log } = options;
  const path = options.path ?? '/graphql';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SUBSCRIPTION_PAYLOAD_BYTES });
  let closing = false;

  const onUpgrade = (req: import('node:http').IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = (req.url ?? '/').split('?')[0];
    if (closing || url !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  httpServer.on('upgrade', onUpgrade);

  const formatErrors = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      let formatted = error.toJSON();
      // graphql-js's own validation and coercion errors carry no code and no original error.
      if (formatted.extensions?.code === undefined && !error.originalError) {
        formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } };
      }
      return options.formatError(formatted, error.originalError ?? error);
    });

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      // Close reasons never carry an internal message to the client.
      isProd: true,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
        try {
          if (!token) throw new Error('no token');
          ctx.extra.caller = await options.verify(token);
          return true;
        } catch (err) {
          log.warn({ reason: (err as Error).message }, 'refused a subscription connection without a valid gateway token');
          return false;
        }
      },
      // Parsing here rather than in graphql-ws: a syntax error there closes the whole socket.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          const syntax = err as GraphQLError;
          return [new GraphQLError(syntax.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        const problem = operation ? findInputProblem({ schema, document, operation, variables: payload.variables }) : undefined;
        if (problem) return [inputRefused(problem)];
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => options.createContext(ctx.extra.caller!) as never,
      subscribe: subscribeOrFail,
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: formatErrors(result.errors) };
      },
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    wss,
  );

  return {
    async close() {
      if (closing) return;
      closing = true;
      httpServer.off('upgrade', onUpgrade);
      for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
    },
  };
}

/**
 * graphql-js answers a `subscribe` resolver's error with a single result, which graphql-ws
 * would send as a `next` message; the gateway and clients expect a subscription that cannot
 * start to fail with an `error` message, so the result becomes a stream that fails at once.
 */
async function subscribeOrFail(args: ExecutionArgs) {
  const result = await subscribe(args);
  if (Symbol.asyncIterator in result || !result.errors?.length) return result;
  const [error] = result.errors;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => Promise.reject(error),
    return: () => Promise.resolve({ value: undefined, done: true as const }),
  } as AsyncIterableIterator<never>;
}
