import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { Logger } from 'pino';

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
  stats: DatabaseStats;
  ping(): Promise<void>;
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
    pool.on('error', (err) => options.log.error({ err }, 'idle PostgreSQL client failed'));
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
    return {
      db: db as unknown as HubDatabase<TSchema>,
      kind: 'postgres',
      stats,
      ping: async () => void (await pool.query('select 1')),
      close: () => pool.end(),
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
    stats,
    ping: async () => void (await client.query('select 1')),
    close: () => client.close(),
  };
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
