import WebSocket from 'ws';
import type { GraphQLResponse } from './harness.js';

/** What one subscription delivered: a `next` payload, or the errors of an `error` message. */
export type SubscriptionResult<T = any> = Omit<GraphQLResponse<T>, 'status'>;

export interface Subscription<T = any> {
  /** The next result; rejects after `timeoutMs`, or when the subscription or socket ends first. */
  next(timeoutMs?: number): Promise<SubscriptionResult<T>>;
  /** The next `n` results, all within `timeoutMs`. */
  take(n: number, timeoutMs?: number): Promise<SubscriptionResult<T>[]>;
  /** Completes the subscription; from `subscribe()`, also closes its socket. */
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export interface Connection {
  /** Whether the server acknowledged connection_init (false when it closed the socket instead). */
  acknowledged: boolean;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  /** Sends a raw frame, for tests of what the server does with malformed or oversized messages. */
  sendRaw(data: string): void;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

const wsUrl = (url: string) => url.replace(/^http/, 'ws');

/**
 * A minimal graphql-transport-ws client over `ws`, for tests: it keeps every message, so a
 * test can wait for the next one with a timeout, and exposes the close code and reason.
 * Resolves once the server acknowledged the connection or closed it.
 */
export async function connect(url: string, token?: string): Promise<Connection> {
  const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => undefined); // surfaced through `closed`
  const streams = new Map<string, { push(message: any): void; end(why: string): void }>();
  let acknowledged = false;
  const ready = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        acknowledged = true;
        resolve();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.id !== undefined) {
        streams.get(message.id)?.push(message);
      }
    });
    void closed.then(({ code, reason }) => {
      for (const stream of streams.values()) stream.end(`socket closed ${code} ${reason}`);
      resolve();
    });
  });
  socket.once('open', () => {
    socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
  });
  await ready;

  let nextId = 0;
  const closeSocket = async () => {
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    await closed;
  };
  return {
    get acknowledged() {
      return acknowledged;
    },
    sendRaw: (data) => socket.send(data),
    close: closeSocket,
    closed,
    subscribe<T = any>(query: string, variables: Record<string, unknown> = {}): Subscription<T> {
      const id = String(++nextId);
      const results: SubscriptionResult<T>[] = [];
      let ended: string | undefined;
      let wake: (() => void) | undefined;
      streams.set(id, {
        push(message) {
          if (message.type === 'next') results.push(message.payload);
          else if (message.type === 'error') results.push({ errors: message.payload });
          if (message.type === 'error' || message.type === 'complete') ended ??= `subscription ${message.type}`;
          wake?.();
        },
        end(why) {
          ended ??= why;
          wake?.();
        },
      });
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      else ended = 'socket not open';

      const next = async (timeoutMs = 10_000): Promise<SubscriptionResult<T>> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const result = results.shift();
          if (result) return result;
          if (ended) throw new Error(`no more results: ${ended}`);
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`no result within ${timeoutMs} ms`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, left);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      };
      return {
        next,
        async take(n, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          const taken: SubscriptionResult<T>[] = [];
          while (taken.length < n) taken.push(await next(Math.max(1, deadline - Date.now())));
          return taken;
        },
        async close() {
          if (!ended && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id, type: 'complete' }));
          ended ??= 'closed by the client';
          streams.delete(id);
        },
        closed,
      };
    },
  };
}

/** One subscription on its own socket (closing it closes the socket). */
export async function subscribe<T = any>(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Subscription<T>> {
  const connection = await connect(url, token);
  const subscription = connection.subscribe<T>(query, variables);
  return {
    ...subscription,
    async close() {
      await subscription.close();
      await connection.close();
    },
  };
}
