import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { generateInternalKeyPair, importInternalKey, signInternalToken } from './auth/internal-token.js';
import type { Caller } from './auth/roles.js';
import type { LegalAct } from './auth/step-up.js';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition, type SubgraphOptions } from './server.js';
import type { DeliveryResult } from './events/consumer.js';
import { eventsAudienceOf } from './events/endpoints.js';
import type { FeedEvent } from './events/feed.js';
import { OutboxLiveFeed } from './events/live-feed.js';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestSubgraph<TTables extends Record<string, unknown>, TServices> extends RunningSubgraph<TTables, TServices> {
  /** Sends an operation as the gateway would for `caller`. */
  request<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResult<T>>;
  /** This subgraph's published events, as the relay reads them. */
  events(options?: { after?: string; types?: string[] }): Promise<FeedEvent[]>;
  /** Hands events of another subgraph to this one, as the relay would. */
  deliver(source: string, events: FeedEvent[]): Promise<DeliveryResult>;
  /**
   * Starts a subscription over graphql-ws as the gateway would for `caller`. Without an
   * `after` cursor it is live from whenever the subgraph gets it: await `ready()` before
   * committing the events it should see.
   */
  subscribe<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): TestSubscription<T>;
}

export interface TestSubscription<T> {
  /** The next `next` payload, or `{ errors }` when the server answered with an error; rejects on timeout (default 5 s). */
  next(timeoutMs?: number): Promise<GraphQLResult<T>>;
  take(n: number, timeoutMs?: number): Promise<GraphQLResult<T>[]>;
  /** Resolves once the subgraph's live feed has taken this subscription in (replay done, live). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function testSubscription<T>(
  url: string,
  token: Promise<string>,
  payload: { query: string; variables: Record<string, unknown> },
  /** Subscriptions the subgraph's live feed has taken in so far; absent without an outbox. */
  joined: (() => number) | undefined,
): TestSubscription<T> {
  const results: GraphQLResult<T>[] = [];
  let ended: Error | undefined;
  let wake: (() => void) | undefined;
  const joinedBefore = joined?.() ?? 0;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: async () => ({ authorization: `Bearer ${await token}` }),
    retryAttempts: 0,
  });
  const unsubscribe = client.subscribe<T>(payload, {
    next: (value) => {
      results.push(value as GraphQLResult<T>);
      notify();
    },
    error: (err) => {
      if (Array.isArray(err)) results.push({ errors: err as GraphQLResult['errors'] });
      else {
        const close = err as { code?: number; reason?: string; message?: string };
        ended = new Error(close.code !== undefined ? `subscription socket closed: ${close.code} ${close.reason ?? ''}`.trim() : `subscription failed: ${close.message ?? String(err)}`);
      }
      notify();
    },
    complete: () => {
      ended ??= new Error('subscription completed');
      notify();
    },
  });
  const next = async (timeoutMs = 5000): Promise<GraphQLResult<T>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = results.shift();
      if (result) return result;
      if (ended) throw ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no subscription result within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    next,
    async take(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      const taken: GraphQLResult<T>[] = [];
      while (taken.length < n) taken.push(await next(Math.max(deadline - Date.now(), 1)));
      return taken;
    },
    async ready(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (joined && joined() <= joinedBefore) {
        if (ended) throw ended;
        if (Date.now() > deadline) throw new Error(`subscription not live within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * `caller` as the gateway forwards it after the party confirmed `act` on `subjectId` and
 * `contentHash` with a one-time code (a subgraph's own tests stand in for identity and the gateway).
 */
export function withStepUp(caller: Caller, act: LegalAct, subjectId: string, contentHash: string, challengeId = `acc_test_${randomBytes(6).toString('hex')}`): Caller {
  return { ...caller, stepUp: { act, subjectId, contentHash, challengeId, confirmedAt: new Date().toISOString() } };
}

/** An event as another subgraph would publish it, for delivering to a subgraph under test. */
export function feedEvent(source: string, seq: number, type: string, payload: Record<string, unknown>, extra: Partial<FeedEvent> = {}): FeedEvent {
  return {
    source, seq, cursor: `1.${seq}`, type, aggregateType: 'Test', aggregateId: `test-${seq}`,
    disputeId: (payload.disputeId as string | undefined) ?? null, payload,
    actor: { role: 'admin', id: 'test-admin' }, occurredAt: new Date().toISOString(), ...extra,
  };
}

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database on the PostgreSQL server named by `adminUrl`, for one test's hub or
 * subgraph; `drop` removes it (and any connection left to it) afterwards.
 */
export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `fengqiao_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Starts one subgraph on a free port for the subgraph's own tests, with a throw-away
 * database: in-memory PGlite, or — when TEST_DATABASE_URL names a PostgreSQL server — a
 * fresh database there, dropped again on stop.
 */
export async function startTestSubgraph<TTables extends Record<string, unknown>, TServices, TLoaders>(
  definition: SubgraphDefinition<TTables, TServices, TLoaders>,
  options: { seed?: boolean; jobs?: false | { everyMs?: number }; subscriptions?: SubgraphOptions['subscriptions'] } = {},
): Promise<TestSubgraph<TTables, TServices>> {
  const keys = await generateInternalKeyPair();
  const database = process.env.TEST_DATABASE_URL ? await createThrowawayDatabase(process.env.TEST_DATABASE_URL) : undefined;
  const signingKey = await importInternalKey(keys.privateJwk);
  const running = await startSubgraph(definition, {
    port: 0,
    dataDir: 'memory',
    databaseUrl: database?.url,
    internalPublicJwk: keys.publicJwk,
    logLevel: 'silent',
    seedDemoData: options.seed ?? true,
    // Off unless asked: a test runs a job itself (`definition.jobs`) when it wants one.
    jobs: options.jobs ?? false,
    subscriptions: options.subscriptions,
  });
  const relayCall = async (path: string, init: RequestInit = {}) => {
    const token = await signInternalToken(signingKey, eventsAudienceOf(definition.name), { role: 'admin', sub: 'event-relay', org: null });
    const res = await fetch(running.url.replace(/\/graphql$/, path), { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    if (!res.ok) throw new Error(`${path} answered HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return {
    ...running,
    async stop() {
      await running.stop();
      await database?.drop();
    },
    async events({ after, types } = {}) {
      const q = new URLSearchParams({ limit: '500' });
      if (after) q.set('after', after);
      if (types?.length) q.set('types', types.join(','));
      return ((await relayCall(`/events?${q}`)) as { events: FeedEvent[] }).events;
    },
    async deliver(source, events) {
      return (await relayCall('/events/consumer', { method: 'POST', body: JSON.stringify({ source, events }) })) as DeliveryResult;
    },
    async request(query, variables = {}, caller = { role: 'admin', sub: 'test-admin', org: null }) {
      const token = await signInternalToken(signingKey, definition.name, caller);
      const res = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResult;
    },
    subscribe(query, variables = {}, caller = { role: 'admin', sub: 'test-admin', org: null }) {
      const token = signInternalToken(signingKey, definition.name, caller);
      const feed = running.feed;
      return testSubscription(running.url.replace(/^http/, 'ws'), token, { query, variables }, feed instanceof OutboxLiveFeed ? () => feed.joined : undefined);
    },
  };
}
