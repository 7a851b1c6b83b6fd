import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateInternalKeyPair, importInternalKey, signInternalToken } from './auth/internal-token.js';
import type { Caller } from './auth/roles.js';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from './server.js';
import type { DeliveryResult } from './events/consumer.js';
import { eventsAudienceOf } from './events/endpoints.js';
import type { FeedEvent } from './events/feed.js';

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
  options: { seed?: boolean; jobs?: false | { everyMs?: number } } = {},
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
  };
}
