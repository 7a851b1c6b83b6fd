import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Logger } from '@fengqiao/subgraph-kit';
import { isAfter } from './cursor.js';
import type { SubscriptionLimits } from './options.js';
import { AFTER_VARIABLE } from './plan.js';

export interface UpstreamOptions {
  subgraph: string;
  /** The subgraph's ws:// URL. */
  url: string;
  fieldName: string;
  query: string;
  variables: Record<string, unknown>;
  /** Where the client asked to start. */
  after: string | null;
  /**
   * Without `after`: the owning subgraph's feed head now. The subscription starts there rather
   * than "live", so that a reconnect after a restart resumes from a position and does not miss
   * what was committed while the socket was down, even before a first event arrived.
   */
  head(): Promise<string>;
  /** A fresh internal token for each connection attempt: they are short-lived. */
  token(): Promise<string>;
  retry: SubscriptionLimits['upstreamRetry'];
  log: Logger;
  /** Each event once, in feed order, never one at or before an event already passed on. */
  onEvent(result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }): void;
  /** The subscription ended with errors: the subgraph's own, or SUBGRAPH_UNAVAILABLE. */
  onError(errors: readonly GraphQLFormattedError[]): void;
  onComplete(): void;
}

const isGraphQLErrors = (value: unknown): value is GraphQLFormattedError[] =>
  Array.isArray(value) && value.length > 0 && value.every((e) => typeof e === 'object' && e !== null && 'message' in e);

/**
 * Follows one subscription on its owning subgraph, across the subgraph's restarts: when the
 * socket goes away it reconnects with backoff and resumes after the last cursor passed on,
 * so the client sees neither a gap nor a repeat. Only the subgraph's own GraphQL errors (a
 * refusal, a bad argument) end it, and giving up after `giveUpAfterMs` of failures. A
 * subscription without `after` is pinned to the feed's head before its first connection.
 */
export function followUpstream(o: UpstreamOptions): { close(): void } {
  let lastCursor = o.after;
  let closed = false;
  // Callbacks of a client that has been replaced must not act: each attempt has its generation.
  let generation = 0;
  let client: Client | undefined;
  let delay = o.retry.initialMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let giveUpTimer: NodeJS.Timeout | undefined;

  const dispose = () => {
    const current = client;
    client = undefined;
    generation += 1;
    if (current) void Promise.resolve(current.dispose()).catch(() => undefined);
  };
  const finish = () => {
    closed = true;
    clearTimeout(retryTimer);
    clearTimeout(giveUpTimer);
    dispose();
  };

  function connect(): void {
    if (closed) return;
    const mine = ++generation;
    const live = () => !closed && mine === generation;
    if (lastCursor === null) {
      // Pinned first; a subgraph that cannot say where its feed ends is retried like a lost socket.
      o.head().then(
        (cursor) => {
          if (!live()) return;
          lastCursor = cursor;
          connect();
        },
        (err) => {
          if (live()) failed(err);
        },
      );
      return;
    }
    let completedByServer = false;
    const current = createClient({
      url: o.url,
      webSocketImpl: WebSocket,
      lazy: true,
      lazyCloseTimeout: 0,
      // Reconnecting is done here, where the last cursor is known.
      retryAttempts: 0,
      connectionAckWaitTimeout: 10_000,
      connectionParams: async () => ({ authorization: `Bearer ${await o.token()}` }),
      on: {
        connected: () => {
          if (!live()) return;
          delay = o.retry.initialMs;
          clearTimeout(giveUpTimer);
          giveUpTimer = undefined;
        },
        message: (message) => {
          if (message.type === 'complete') completedByServer = true;
        },
        closed: (event) => {
          if (live() && !completedByServer) failed(event);
        },
      },
    });
    client = current;
    current.subscribe<Record<string, { cursor?: unknown } | null>>(
      { query: o.query, variables: { ...o.variables, [AFTER_VARIABLE]: lastCursor } },
      {
        next(result) {
          if (!live()) return;
          const cursor = result.data?.[o.fieldName]?.cursor;
          if (typeof cursor === 'string') {
            // A replay after a reconnect may start before what was already passed on.
            if (!isAfter(cursor, lastCursor)) return;
            lastCursor = cursor;
          }
          o.onEvent(result);
        },
        error(err) {
          if (!live()) return;
          // A subgraph that lost its database for a moment asks to be retried, like a lost socket.
          if (isGraphQLErrors(err) && !err.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            finish();
            o.onError(err);
          } else {
            failed(err);
          }
        },
        complete() {
          if (!live()) return;
          if (!completedByServer) return failed(new Error('the subgraph closed the socket'));
          finish();
          o.onComplete();
        },
      },
    );
  }

  function failed(reason: unknown): void {
    dispose();
    const code = (reason as { code?: unknown }).code;
    o.log.debug({ subgraph: o.subgraph, code, retryInMs: delay }, 'subgraph subscription socket lost; resuming');
    giveUpTimer ??= setTimeout(() => {
      o.log.warn({ subgraph: o.subgraph }, 'subgraph unreachable for its subscriptions; giving up');
      finish();
      o.onError([{ message: `Subgraph "${o.subgraph}" is unavailable`, extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: o.subgraph } }]);
    }, o.retry.giveUpAfterMs);
    // Spread out so that the subscriptions of many sockets do not all come back at one instant.
    const wait = delay * (0.75 + Math.random() * 0.5);
    delay = Math.min(delay * 2, o.retry.maxMs);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, wait);
  }

  connect();
  return { close: finish };
}
