import { fileURLToPath } from 'node:url';
import { pgSchema } from 'drizzle-orm/pg-core';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import pino from 'pino';
import WebSocket from 'ws';
import {
  appendEvents, comparePositions, createThrowawayDatabase, decodePosition, forbidden, generateInternalKeyPair, importInternalKey,
  outboxTable, readFeed, readFeedHead, signInternalToken, startSubgraph, startTestSubgraph, encodePosition,
  OutboxLiveFeed, type DomainEvent, type FeedItem, type FeedMatch, type HubDatabase, type LiveFeed, type RunningSubgraph, type SubgraphContext,
  type SubgraphDefinition, type TestSubgraph,
} from '../src/index.js';

const outbox = outboxTable(pgSchema('livetest'));
const tables = { outbox };
const actor = { role: 'admin' as const, sub: 'tester', org: null };

type Ctx = SubgraphContext<Record<string, never>, Record<string, never>>;
interface FeedArgs { types: string[]; disputeId?: string | null; kind?: string | null; after?: string | null }

const definition: SubgraphDefinition<typeof tables, Record<string, never>, Record<string, never>> = {
  name: 'livetest',
  typeDefs: parse(`
    type Query { ping: String }
    type Update { cursor: String!, kind: String!, type: String, aggregateId: String, replayLimit: Int }
    type Subscription {
      happened(types: [String!]!, disputeId: String, kind: String, after: String): Update!
      refused: Update!
      broken: Update!
    }
  `),
  resolvers: {
    Query: { ping: () => 'pong' },
    Subscription: {
      happened: {
        subscribe: (_: unknown, args: FeedArgs, ctx: Ctx) =>
          ctx.feed.subscribe({ types: args.types, disputeId: args.disputeId ?? undefined, payload: args.kind ? { kind: args.kind } : undefined }, args.after),
        resolve: (item: FeedItem) => ({
          cursor: item.cursor,
          kind: item.kind,
          type: item.kind === 'event' ? item.event.type : null,
          aggregateId: item.kind === 'event' ? item.event.aggregateId : null,
          replayLimit: item.kind === 'resync' ? item.replayLimit : null,
        }),
      },
      refused: { subscribe: () => { throw forbidden('Only mediators may watch this'); } },
      broken: { subscribe: () => { throw new Error('relation "secret_table" does not exist'); } },
    },
  },
  tables,
  migrationsFolder: fileURLToPath(new URL('./fixtures/live-feed', import.meta.url)),
  createServices: () => ({}),
  createLoaders: () => ({}),
  events: { outbox },
};

let counter = 0;
const event = (extra: Partial<DomainEvent> = {}): DomainEvent => {
  counter += 1;
  return { type: 'Happened', aggregateType: 'Thing', aggregateId: `t${counter}`, payload: {}, actor, ...extra };
};
const append = (db: HubDatabase<any>, ...events: DomainEvent[]) => appendEvents(db, outbox, events.length ? events : [event()]);
const head = async (db: HubDatabase<any>) => encodePosition(await readFeedHead(db, outbox));

/** Pulls `n` items, failing the test rather than hanging when they do not come. */
async function take(feed: AsyncIterableIterator<FeedItem>, n: number, timeoutMs = 5000): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  const deadline = Date.now() + timeoutMs;
  while (items.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${items.length} of ${n} items within ${timeoutMs} ms`)), Math.max(deadline - Date.now(), 1));
    });
    try {
      const r = await Promise.race([feed.next(), timeout]);
      if (r.done) throw new Error(`feed ended after ${items.length} of ${n} items`);
      items.push(r.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return items;
}

/** Nothing more arrives within `ms`. */
async function quiet(feed: AsyncIterableIterator<FeedItem>, ms = 300): Promise<void> {
  const r = await Promise.race([feed.next().then((x) => x), new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), ms))]);
  if (r !== 'quiet') throw new Error(`unexpected item ${JSON.stringify(r)}`);
}

const silent = pino({ level: 'silent' });
const cursors = (items: { cursor: string }[]) => items.map((i) => i.cursor);
const all: FeedMatch = { types: ['Happened'] };

describe('live feed', () => {
  let sg: TestSubgraph<typeof tables, Record<string, never>>;
  let db: HubDatabase<typeof tables>;
  beforeAll(async () => {
    sg = await startTestSubgraph(definition, { subscriptions: { replayLimit: 5, pollMs: 5000 } });
    db = sg.database.db;
  });
  afterAll(() => sg.stop());

  it('replays what followed the cursor in order, then goes on live', async () => {
    const start = await head(db);
    await append(db, event({ aggregateId: 'a' }));
    await append(db, event({ aggregateId: 'b' }), event({ aggregateId: 'c' }));
    const feed = sg.feed.subscribe(all, start);
    try {
      const replayed = await take(feed, 3);
      expect(replayed.map((i) => i.kind === 'event' && i.event.aggregateId)).toEqual(['a', 'b', 'c']);
      await append(db, event({ aggregateId: 'd' }));
      const [live] = await take(feed, 1);
      expect(live).toMatchObject({ kind: 'event', event: { aggregateId: 'd' } });
      expect(comparePositions(decodePosition(live!.cursor), decodePosition(replayed[2]!.cursor))).toBe(1);
      await quiet(feed);
    } finally {
      await feed.return!();
    }
  });

  it('without a cursor, is live from the head', async () => {
    await append(db, event({ aggregateId: 'old' }));
    const feed = sg.feed.subscribe(all);
    try {
      await new Promise((r) => setTimeout(r, 100));
      await append(db, event({ aggregateId: 'new' }));
      const [item] = await take(feed, 1);
      expect(item).toMatchObject({ kind: 'event', event: { aggregateId: 'new' } });
    } finally {
      await feed.return!();
    }
  });

  it('loses and repeats nothing when events commit while subscribers join', async () => {
    // The suite's replay limit of 5 would turn a slow start into a (correct) resync.
    const feed = new OutboxLiveFeed({ source: 'livetest', db, outbox, listen: sg.database.listen, log: silent, pollMs: 5000 });
    const start = await head(db);
    let stop = false;
    const writer = (async () => {
      for (let i = 0; i < 60 && !stop; i++) {
        if (i % 3 === 0) await db.transaction(async (tx) => void (await append(tx as never, event(), event())));
        else await append(db);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 5));
    const fromCursor = feed.subscribe({ types: [] }, start);
    await new Promise((r) => setTimeout(r, 20));
    const fromHead = feed.subscribe({ types: [] });
    try {
      await writer;
      const expected = cursors(await readFeed(db, outbox, 'livetest', { after: start, limit: 1000 }));
      expect(expected.length).toBe(80);
      const got = cursors(await take(fromCursor, expected.length));
      expect(got).toEqual(expected);
      await quiet(fromCursor, 200);

      // Joined somewhere in the middle: a gapless, duplicate-free tail of the same sequence.
      const live: FeedItem[] = [];
      for (;;) {
        const more = await Promise.race([fromHead.next(), new Promise<null>((r) => setTimeout(() => r(null), 300))]);
        if (!more || more.done) break;
        live.push(more.value);
      }
      const tail = cursors(live);
      expect(tail.length).toBeGreaterThan(0);
      expect(tail).toEqual(expected.slice(expected.length - tail.length));
    } finally {
      stop = true;
      await feed.close();
    }
  }, 20_000);

  it('sends a resync at the head when more than replayLimit events were missed', async () => {
    const start = await head(db);
    for (let i = 0; i < 6; i++) await append(db, event({ aggregateId: `r${i}` }));
    const newest = await head(db);
    const feed = sg.feed.subscribe(all, start);
    try {
      const [resync] = await take(feed, 1);
      expect(resync).toMatchObject({ kind: 'resync', cursor: newest, replayLimit: 5 });
      await append(db, event({ aggregateId: 'after-resync' }));
      expect((await take(feed, 1))[0]).toMatchObject({ kind: 'event', event: { aggregateId: 'after-resync' } });
    } finally {
      await feed.return!();
    }

    // Exactly the limit is still replayed.
    const five = await head(db);
    for (let i = 0; i < 5; i++) await append(db);
    const again = sg.feed.subscribe(all, five);
    try {
      expect((await take(again, 5)).every((i) => i.kind === 'event')).toBe(true);
    } finally {
      await again.return!();
    }
  });

  it('delivers only what the match selects, in replay and live', async () => {
    const start = await head(db);
    const mk = (id: string, disputeId: string, kind: string, type = 'Happened') => event({ aggregateId: id, disputeId, payload: { kind, n: 1 }, type });
    await append(db, mk('x1', 'd1', 'x'), mk('y1', 'd1', 'y'), mk('x2', 'd2', 'x'), mk('o1', 'd1', 'x', 'Other'));
    const match: FeedMatch = { types: ['Happened'], disputeId: 'd1', payload: { kind: 'x' } };
    const feed = sg.feed.subscribe(match, start);
    const byAggregate = sg.feed.subscribe({ types: ['Happened', 'Other'], aggregateId: 'o2', payload: { n: '1' } }, start);
    try {
      expect((await take(feed, 1)).map((i) => i.kind === 'event' && i.event.aggregateId)).toEqual(['x1']);
      await append(db, mk('y2', 'd1', 'y'), mk('x3', 'd2', 'x'), mk('x4', 'd1', 'x'), mk('o2', 'd1', 'x', 'Other'));
      expect((await take(feed, 1)).map((i) => i.kind === 'event' && i.event.aggregateId)).toEqual(['x4']);
      expect((await take(byAggregate, 1)).map((i) => i.kind === 'event' && i.event.aggregateId)).toEqual(['o2']);
      await quiet(feed, 200);
      await quiet(byAggregate, 100);
    } finally {
      await feed.return!();
      await byAggregate.return!();
    }
  });

  it('refuses a cursor that is not one', () => {
    expect(() => sg.feed.subscribe(all, 'yesterday')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) }));
  });

  it('ends a subscriber that falls too far behind instead of holding its events', async () => {
    const small = new OutboxLiveFeed({
      source: 'livetest', db, outbox, listen: sg.database.listen, log: silent,
      replayLimit: 2, maxBehind: 3, pollMs: 5000,
    });
    try {
      const slow = small.subscribe(all);
      await new Promise((r) => setTimeout(r, 100));
      await append(db, event(), event(), event(), event(), event(), event());
      await new Promise((r) => setTimeout(r, 300));
      await expect(slow.next()).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(small.size).toBe(0);
    } finally {
      await small.close();
    }
  });

  describe('over graphql-ws', () => {
    const happened = 'subscription($after: String) { happened(types: ["Happened"], after: $after) { cursor kind type aggregateId replayLimit } }';

    it('delivers through the helper, replay and live', async () => {
      const start = await head(db);
      await append(db, event({ aggregateId: 'ws1' }));
      const sub = sg.subscribe<{ happened: { cursor: string; aggregateId: string } }>(happened, { after: start });
      try {
        await sub.ready();
        await append(db, event({ aggregateId: 'ws2' }));
        const results = await sub.take(2);
        expect(results.map((r) => r.data?.happened.aggregateId)).toEqual(['ws1', 'ws2']);
      } finally {
        await sub.close();
      }
    });

    it('answers a subscribe resolver error with an error message carrying its code', async () => {
      const refused = sg.subscribe('subscription { refused { cursor } }');
      const broken = sg.subscribe('subscription { broken { cursor } }');
      const badCursor = sg.subscribe(happened, { after: 'not-a-cursor' });
      const invalid = sg.subscribe('subscription { nothing { cursor } }');
      const unparsable = sg.subscribe('subscription {');
      try {
        expect(await refused.next()).toEqual({ errors: [expect.objectContaining({ message: 'Only mediators may watch this', extensions: { code: 'FORBIDDEN' } })] });
        const masked = await broken.next();
        expect(masked.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
        expect(JSON.stringify(masked)).not.toContain('secret_table');
        expect((await badCursor.next()).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
        expect((await invalid.next()).errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
        expect((await unparsable.next()).errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED' });
      } finally {
        await Promise.all([refused, broken, badCursor, invalid, unparsable].map((s) => s.close()));
      }
    });

    it('refuses a connection without a valid gateway token with 4403', async () => {
      const other = await generateInternalKeyPair();
      const forged = await signInternalToken(await importInternalKey(other.privateJwk), 'livetest', actor);
      for (const authorization of [`Bearer ${forged}`, undefined]) {
        const client = createClient({ url: sg.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization } });
        const outcome = await new Promise<unknown>((resolve) => {
          client.subscribe({ query: happened }, { next: () => resolve('next'), error: resolve, complete: () => resolve('complete') });
        });
        expect(outcome).toMatchObject({ code: 4403 });
        await client.dispose();
      }
    });

    it('stops promptly with subscriptions open', async () => {
      const other = await startTestSubgraph(definition, { subscriptions: { pollMs: 50 } });
      const sub = other.subscribe(happened);
      await sub.ready();
      const started = Date.now();
      await other.stop();
      expect(Date.now() - started).toBeLessThan(3000);
      await expect(sub.next(1000)).rejects.toThrow(/closed|completed/);
      await sub.close();
    });
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
(serverUrl ? describe : describe.skip)('live feed across processes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  const running: RunningSubgraph<typeof tables>[] = [];
  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!);
    const keys = await generateInternalKeyPair();
    for (let i = 0; i < 2; i++) {
      running.push(await startSubgraph(definition, {
        port: 0, dataDir: 'memory', databaseUrl: database.url, internalPublicJwk: keys.publicJwk, logLevel: 'silent',
        // A slow poll: delivery within the test's timeout must come from NOTIFY.
        subscriptions: { pollMs: 60_000 },
      }));
    }
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    await database?.drop();
  });

  it('delivers in one process what another committed', async () => {
    const [writer, reader] = running as [RunningSubgraph<typeof tables>, RunningSubgraph<typeof tables>];
    const feed: LiveFeed = reader.feed;
    const items = feed.subscribe(all);
    try {
      await new Promise((r) => setTimeout(r, 300));
      await writer.database.db.transaction(async (tx) => void (await append(tx as never, event({ aggregateId: 'p1' }), event({ aggregateId: 'p2' }))));
      const got = await take(items, 2, 3000);
      expect(got.map((i) => i.kind === 'event' && i.event.aggregateId)).toEqual(['p1', 'p2']);
    } finally {
      await items.return!();
    }
  });

  it('delivers events held back by an older transaction once it ends, though its end notifies nobody', async () => {
    const [writer, reader] = running as [RunningSubgraph<typeof tables>, RunningSubgraph<typeof tables>];
    const items = reader.feed.subscribe(all);
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await new Promise((r) => setTimeout(r, 200));
      await blocker.query('begin');
      await blocker.query('select pg_current_xact_id()');
      await append(writer.database.db, event({ aggregateId: 'held' }));
      await quiet(items, 300);
      await blocker.query('commit');
      expect((await take(items, 1, 3000))[0]).toMatchObject({ kind: 'event', event: { aggregateId: 'held' } });
    } finally {
      await blocker.end();
      await items.return!();
    }
  });
});
