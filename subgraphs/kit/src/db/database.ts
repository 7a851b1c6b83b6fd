import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { Logger } from 'pino';
import { maskUrlPassword } from '../addresses.js';

export type HubDatabase<TSchema extends Record<string, unknown> = Record<string, unknown>> = PgDatabase<PgQueryResultHKT, TSchema>;

export interface DatabaseOptions<TSchema extends Record<string, unknown>> {
  /** The subgraph's name; also its PostgreSQL schema, so subgraphs can share one server database. */
  name: string;
  /** A PostgreSQL server; when absent, embedded PGlite is used. */
  url?: string;
  /** Where PGlite keeps its files; `memory` for a throw-away database. */
  dataDir: string;
  schema: TSchema;
  migrationsFolder: string;
  log: Logger;
}

export interface DatabaseStats {
  /** SQL statements issued through drizzle since start; read by tests and /metrics to catch N+1. */
  statements: number;
}

export interface OpenDatabase<TSchema extends Record<string, unknown>> {
  db: HubDatabase<TSchema>;
  kind: 'pglite' | 'postgres';
  /** Where the data is, fit for a log: the server's URL with its password masked, or PGlite's directory. */
  location: string;
  stats: DatabaseStats;
  ping(): Promise<void>;
  /**
   * LISTENs on `channel`; `onNotify` runs for every notification committed to it by any
   * connection to this database. The returned function stops listening. On PostgreSQL one
   * dedicated connection carries every channel; when it drops it reconnects, and then calls
   * every `onNotify` once, since notifications sent meanwhile are lost.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

class CountingLogger implements DrizzleLogger {
  constructor(private readonly stats: DatabaseStats, private readonly log: Logger) {}
  logQuery(query: string): void {
    this.stats.statements += 1;
    this.log.trace({ sql: query }, 'sql');
  }
}

export async function openDatabase<TSchema extends Record<string, unknown>>(
  options: DatabaseOptions<TSchema>,
): Promise<OpenDatabase<TSchema>> {
  const stats: DatabaseStats = { statements: 0 };
  const logger = new CountingLogger(stats, options.log);
  // One migrations table per subgraph in drizzle's own schema: the subgraph's schema is created by its first migration.
  const migrationConfig = { migrationsFolder: options.migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `migrations_${options.name}` };

  if (options.url) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: options.url, max: 10, application_name: `fengqiao-${options.name}` });
    // A connection can die while checked out too (a server restart, pg_terminate_backend between
    // two statements of a transaction): without a listener of its own, that 'error' ends the
    // process. The request using it fails with SERVICE_UNAVAILABLE; the pool drops the client on
    // release and opens a new one for the next request.
    pool.on('connect', (client) => {
      let reported = false;
      client.on('error', (err) => {
        // A dying connection reports twice (the server's message, then the socket's end): once is enough.
        if (reported) return;
        reported = true;
        options.log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'PostgreSQL connection lost; the pool replaces it');
      });
    });
    // The pool re-emits an idle client's error; the listener above has already reported it.
    pool.on('error', () => undefined);
    const db = drizzle(pool, { schema: options.schema, logger });
    // Subgraphs sharing one server database would race to create drizzle's schema.
    const lock = await pool.connect();
    try {
      await lock.query('select pg_advisory_lock(727274)');
      await migrate(db, migrationConfig);
    } finally {
      await lock.query('select pg_advisory_unlock(727274)').catch(() => undefined);
      lock.release();
    }
    const listener = new PgListener(options.url, options.name, options.log);
    return {
      db: db as unknown as HubDatabase<TSchema>,
      kind: 'postgres',
      location: `${maskUrlPassword(options.url)} (schema ${options.name})`,
      stats,
      ping: async () => void (await pool.query('select 1')),
      listen: (channel, onNotify) => listener.listen(channel, onNotify),
      close: async () => {
        await listener.close();
        await pool.end();
      },
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let client: import('@electric-sql/pglite').PGlite;
  if (options.dataDir === 'memory') {
    client = await PGlite.create('memory://', { loadDataDir: await emptyClusterTemplate() });
  } else {
    const dataDir = path.resolve(options.dataDir, options.name);
    mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir);
  }
  const db = drizzle(client, { schema: options.schema, logger });
  await migrate(db, migrationConfig);
  return {
    db: db as unknown as HubDatabase<TSchema>,
    kind: 'pglite',
    location: options.dataDir === 'memory' ? 'memory' : path.resolve(options.dataDir, options.name),
    stats,
    ping: async () => void (await client.query('select 1')),
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, () => onNotify());
      return async () => {
        // PGlite refuses statements once closed; a late unlisten has nothing left to undo.
        if (!client.closed) await unlisten();
      };
    },
    close: () => client.close(),
  };
}

/**
 * The one connection of a process that LISTENs, outside the pool: a pooled connection
 * would drop its LISTENs when released. Connects on the first listen.
 */
class PgListener {
  private readonly channels = new Map<string, Set<() => void>>();
  private client: import('pg').Client | undefined;
  private connecting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = 0;
  private closed = false;

  constructor(private readonly url: string, private readonly name: string, private readonly log: Logger) {}

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('database is closed');
    let callbacks = this.channels.get(channel);
    const first = !callbacks;
    if (!callbacks) this.channels.set(channel, (callbacks = new Set()));
    callbacks.add(onNotify);
    await this.connect();
    if (first && this.client) await this.client.query(`LISTEN ${this.client.escapeIdentifier(channel)}`);
    return async () => {
      const set = this.channels.get(channel);
      if (!set?.delete(onNotify) || set.size) return;
      this.channels.delete(channel);
      await this.client?.query(`UNLISTEN ${this.client.escapeIdentifier(channel)}`).catch(() => undefined);
    };
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.open().finally(() => { this.connecting = undefined; });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.url, application_name: `fengqiao-${this.name}-listen` });
    client.on('notification', (msg) => {
      for (const cb of this.channels.get(msg.channel) ?? []) cb();
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      // Not awaited: ending a client whose connect failed may wait for a socket that never opened.
      void client.end().catch(() => undefined);
      this.scheduleReconnect(err as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    const wasRetrying = this.retryMs > 0;
    this.client = client;
    this.retryMs = 0;
    if (wasRetrying) {
      this.log.info('LISTEN connection restored');
      for (const set of this.channels.values()) for (const cb of set) cb();
    }
  }

  private lost(client: import('pg').Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (!this.closed) this.scheduleReconnect(err ?? new Error('connection ended'));
  }

  private scheduleReconnect(err: Error): void {
    if (this.closed || this.retryTimer) return;
    this.retryMs = Math.min(Math.max(this.retryMs * 2, 250), 10_000);
    this.log.warn({ err, retryInMs: this.retryMs }, 'LISTEN connection lost; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    this.channels.clear();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}

let template: Promise<Blob> | undefined;

/**
 * Throw-away databases (tests, benchmarks) start from a dump of an empty cluster kept in the
 * OS temp directory: loading it takes about half as long as PGlite's own initdb, and a hub
 * opens seven of them.
 */
function emptyClusterTemplate(): Promise<Blob> {
  template ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { readFile, writeFile, rename } = await import('node:fs/promises');
    const os = await import('node:os');
    const { createRequire } = await import('node:module');
    let version = 'unknown';
    try {
      const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
      const pkgDir = entry.slice(0, entry.lastIndexOf('/dist/'));
      version = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')).version;
    } catch {
      // an unknown version only means the template is not shared across versions
    }
    const file = path.join(os.tmpdir(), `fengqiao-pglite-empty-${version}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      const base = await PGlite.create('memory://');
      const dump = await base.dumpDataDir('none');
      await base.close();
      const tmp = `${file}.${process.pid}`;
      await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
      await rename(tmp, file);
      return dump;
    }
  })();
  return template;
}
