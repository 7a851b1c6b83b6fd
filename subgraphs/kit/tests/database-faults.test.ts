import { fileURLToPath } from 'node:url';
import { pgSchema } from 'drizzle-orm/pg-core';
import { GraphQLError, parse } from 'graphql';
import pg from 'pg';
import {
  appendEvents, isDatabaseUnavailable, maskUnexpectedError, outboxTable, startTestSubgraph,
  type FeedItem, type HubDatabase, type SubgraphContext, type SubgraphDefinition, type TestSubgraph,
} from '../src/index.js';

const outbox = outboxTable(pgSchema('livetest'));
const tables = { outbox };
const actor = { role: 'admin' as const, sub: 'tester', org: null };
type Services = { db: HubDatabase<typeof tables> };

/** A subgraph whose one mutation holds its transaction open, so a connection can be cut inside it. */
const definition: SubgraphDefinition<typeof tables, Services, Record<string, never>> = {
  name: 'faulttest',
  typeDefs: parse(`
    type Query { ping: String }
    type Mutation { append(id: String!, pauseMs: Int!): String }
  `),
  resolvers: {
    Query: { ping: () => 'pong' },
    Mutation: {
      append: (_: unknown, args: { id: string; pauseMs: number }, ctx: SubgraphContext<Services, Record<string, never>>) =>
        ctx.services.db.transaction(async (tx) => {
          await appendEvents(tx as never, outbox, [{ type: 'Happened', aggregateType: 'Thing', aggregateId: args.id, actor }]);
          await new Promise((r) => setTimeout(r, args.pauseMs));
          return args.id;
        }),
    },
  },
  tables,
  migrationsFolder: fileURLToPath(new URL('./fixtures/live-feed', import.meta.url)),
  createServices: (db) => ({ db }),
  createLoaders: () => ({}),
  events: { outbox },
};

describe('what counts as a lost database connection', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['a server restart or pg_terminate_backend', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server still starting', pgError('57P03', 'the database system is starting up')],
    ['a connection failure class', pgError('08006', 'connection failure')],
    ['a refused socket', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a socket that died mid-query', new Error('Connection terminated unexpectedly')],
    ['a client whose connection already died', new Error('Client has encountered a connection error and is not queryable')],
    ['drizzle wrapping the driver', Object.assign(new Error('Failed query: rollback'), { cause: new Error('Connection terminated unexpectedly') })],
    ['a GraphQL error around it', new GraphQLError('x', { originalError: pgError('57P01', 'terminating connection') })],
    ['both addresses of a host refused', new AggregateError([pgError('ECONNREFUSED', 'a'), pgError('ECONNREFUSED', 'b')])],
  ])('%s is one', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a syntax error', pgError('42601', 'syntax error at or near "selec"')],
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('%s is not', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('is answered SERVICE_UNAVAILABLE with retryAfterSeconds, and logged as nothing unexpected', () => {
    const logged: unknown[] = [];
    const format = maskUnexpectedError({ error: (obj) => void logged.push(obj) });
    const formatted = format({ message: 'terminating connection due to administrator command', path: ['append'] }, pgError('57P01', 'terminating connection'));
    expect(formatted).toEqual({ message: expect.stringContaining('retry'), path: ['append'], locations: undefined, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } });
    expect(logged).toEqual([]);
    expect(format({ message: 'boom' }, new Error('boom')).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
(serverUrl ? describe : describe.skip)('every connection of a subgraph terminated by the server (PostgreSQL only)', () => {
  let sg: TestSubgraph<typeof tables, Services>;
  let admin: pg.Client;
  const terminateAll = async () => {
    const { rows } = await admin.query<{ n: number }>(
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name like 'fengqiao-faulttest%'",
    );
    return rows[0]!.n;
  };
  const append = (id: string, pauseMs = 0) =>
    sg.request<{ append: string }>('mutation($id: String!, $pauseMs: Int!) { append(id: $id, pauseMs: $pauseMs) }', { id, pauseMs });

  // That no process exits is checked on real processes, in the end-to-end fault suite (test/tests/faults.test.ts).
  beforeAll(async () => {
    sg = await startTestSubgraph(definition, { subscriptions: { pollMs: 60_000 } });
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await sg?.stop();
  });

  it('answers a request cut inside its transaction SERVICE_UNAVAILABLE, stores nothing of it, and serves the next one', async () => {
    const cut = append('cut', 1500);
    await new Promise((r) => setTimeout(r, 500));
    expect(await terminateAll()).toBeGreaterThan(0);
    const res = await cut;
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(JSON.stringify(res)).not.toMatch(/terminat|stack|pg_/i);
    // The pool replaced its connections: the next request succeeds, the cut one left no event.
    expect((await append('after-cut')).data).toEqual({ append: 'after-cut' });
    const events = await sg.events();
    expect(events.map((e) => e.aggregateId)).toEqual(expect.arrayContaining(['after-cut']));
    expect(events.map((e) => e.aggregateId)).not.toContain('cut');
  });

  it('keeps a live subscriber at its position across the lost LISTEN connection: nothing lost, nothing repeated', async () => {
    const feed = sg.feed.subscribe({ types: ['Happened'] });
    const received: string[] = [];
    const pump = (async () => {
      for await (const item of feed as AsyncIterable<FeedItem>) if (item.kind === 'event') received.push(item.event.aggregateId);
    })();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect((await append('before')).data).toBeDefined();
      await waitFor(() => received.includes('before'));
      await terminateAll();
      // Written while the LISTEN connection reconnects; the slow poll (60 s) cannot be what delivers them.
      for (const id of ['during-1', 'during-2', 'during-3']) {
        let res = await append(id);
        while (res.errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE') res = await append(id);
        expect(res.data).toEqual({ append: id });
      }
      await waitFor(() => received.length >= 4, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toEqual(['before', 'during-1', 'during-2', 'during-3']);
    } finally {
      await feed.return!();
      await pump;
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
