import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { pgSchema } from 'drizzle-orm/pg-core';
import pg from 'pg';
import pino from 'pino';
import {
  appendEvents, createThrowawayDatabase, EventConsumer, eventCursorsTable, HubError, outboxTable, readFeed,
  type FeedEvent, type HubDatabase,
} from '../src/index.js';

const schema = pgSchema('evtest');
const outbox = outboxTable(schema);
const cursors = eventCursorsTable(schema);
const tables = { outbox, cursors };
const actor = { role: 'admin' as const, sub: 'tester', org: null };
const log = pino({ level: 'silent' });

const DDL = `
  create schema evtest;
  create table evtest.outbox (
    seq bigserial primary key, tx_id xid8 not null default pg_current_xact_id(), event_type text not null,
    aggregate_type text not null, aggregate_id text not null, dispute_id text, payload jsonb not null,
    actor_role text not null, actor_id text, occurred_at timestamptz not null default now());
  create table evtest.event_cursors (source text primary key, position text not null, updated_at timestamptz not null default now());
  create table evtest.effects (event text primary key);
`;

const event = (id: string) => ({ type: 'Happened', aggregateType: 'Thing', aggregateId: id, payload: { id }, actor });

describe('outbox feed and consumer (PGlite)', () => {
  let client: PGlite;
  let db: HubDatabase<typeof tables>;
  beforeAll(async () => {
    client = await PGlite.create('memory://');
    await client.exec(DDL);
    db = drizzlePglite(client, { schema: tables }) as unknown as HubDatabase<typeof tables>;
  });
  afterAll(() => client.close());

  it('reads forward from a cursor, in order, filtered by type', async () => {
    await db.transaction(async (tx) => {
      await appendEvents(tx as never, outbox, [event('a'), event('b')]);
    });
    await appendEvents(db, outbox, [{ ...event('c'), type: 'Other' }, event('d')]);
    const all = await readFeed(db, outbox, 'test', { limit: 10 });
    expect(all.map((e) => e.aggregateId)).toEqual(['a', 'b', 'c', 'd']);
    const happened = await readFeed(db, outbox, 'test', { limit: 10, types: ['Happened'] });
    expect(happened.map((e) => e.aggregateId)).toEqual(['a', 'b', 'd']);
    const rest = await readFeed(db, outbox, 'test', { limit: 10, after: all[1]!.cursor });
    expect(rest.map((e) => e.aggregateId)).toEqual(['c', 'd']);
    expect(await readFeed(db, outbox, 'test', { limit: 10, after: all[3]!.cursor })).toEqual([]);
  });

  it('applies each event once, even when delivered twice; a refusal is consumed, a crash is retried', async () => {
    const seen: string[] = [];
    let crash = true;
    const consumer = new EventConsumer(db, cursors, [{
      source: 'test',
      handlers: {
        Happened: async (e: FeedEvent, services: { tx: HubDatabase<any> }) => {
          if (e.aggregateId === 'b') throw new HubError('CONFLICT', 'refused');
          if (e.aggregateId === 'd' && crash) throw new Error('database went away');
          await services.tx.execute(`insert into evtest.effects values ('${e.aggregateId}')` as never);
          seen.push(e.aggregateId);
        },
      },
    }], (tx) => ({ tx }), log);

    expect(await consumer.plan()).toEqual([{ source: 'test', types: ['Happened'], after: null }]);
    const events = await readFeed(db, outbox, 'test', { limit: 10, types: ['Happened'] });
    const first = await consumer.deliver('test', events);
    expect(first).toMatchObject({ applied: 2, skipped: 0, failed: { type: 'Happened' } });
    expect(seen).toEqual(['a']);

    crash = false;
    const again = await consumer.deliver('test', events);
    expect(again).toMatchObject({ applied: 1, skipped: 2 });
    expect(again.failed).toBeUndefined();
    expect(seen).toEqual(['a', 'd']);
    expect((await client.query('select event from evtest.effects order by event')).rows).toEqual([{ event: 'a' }, { event: 'd' }]);
    expect((await consumer.plan())[0]!.after).toBe(events[2]!.cursor);
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
(serverUrl ? describe : describe.skip)('outbox feed on a PostgreSQL server', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let pool: pg.Pool;
  let db: HubDatabase<typeof tables>;
  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!);
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    await pool.query(DDL);
    db = drizzlePg(pool, { schema: tables }) as unknown as HubDatabase<typeof tables>;
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('never shows an event behind a position a reader has passed, whatever the commit order', async () => {
    const early = await pool.connect();
    const late = await pool.connect();
    try {
      // `early` takes its transaction id (and seq) first but commits last.
      await early.query('begin');
      await early.query(`insert into evtest.outbox (event_type, aggregate_type, aggregate_id, payload, actor_role) values ('Happened', 'Thing', 'early', '{}', 'admin')`);
      await late.query('begin');
      await late.query(`insert into evtest.outbox (event_type, aggregate_type, aggregate_id, payload, actor_role) values ('Happened', 'Thing', 'late', '{}', 'admin')`);
      await late.query('commit');

      // Following seq alone, a reader would now see `late` and later skip `early`.
      expect(await readFeed(db, outbox, 'test', { limit: 10 })).toEqual([]);

      await early.query('commit');
      const events = await readFeed(db, outbox, 'test', { limit: 10 });
      expect(events.map((e) => e.aggregateId)).toEqual(['early', 'late']);
    } finally {
      early.release();
      late.release();
    }
  });
});
