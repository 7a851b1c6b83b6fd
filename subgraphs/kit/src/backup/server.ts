import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A subgraph on a PostgreSQL server: its own schema with `pg_dump --schema` (tables, data,
 * sequences, enum types, the outbox trigger), and its row of drizzle's migration book-keeping
 * (`drizzle.migrations_<name>`), which lives outside the schema and tells a restored subgraph
 * that its migrations are applied. Restored with `pg_restore` into a database without the schema.
 */
export interface ServerTarget {
  subgraph: string;
  url: string;
  /** Where pg_dump and pg_restore are; PATH when absent. */
  binDir?: string;
}

export const serverFiles = (subgraph: string) => ({ schema: `${subgraph}.schema.dump`, migrations: `${subgraph}.migrations.dump` });

/** libpq takes the password from the environment, so it never shows in a process list. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function tool(target: ServerTarget, name: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  const binary = target.binDir ? path.join(target.binDir, name) : name;
  const { dbname, env } = connection(target.url);
  try {
    await run(binary, [...args, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`${name} was not found${target.binDir ? ` in POSTGRES_BIN_DIR (${target.binDir})` : ' on PATH'}: install Debian's postgresql-client of your server's major version, or set POSTGRES_BIN_DIR`);
    }
    // libpq's messages name objects and the server, never a password: passed on as they are.
    throw new Error(`${name} failed for ${target.subgraph}: ${(e.stderr ?? e.message).trim()}`);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The newest transaction id in the subgraph's outbox ('0' without one): event cursors are made of these. */
export function newestOutboxTransaction(target: ServerTarget): Promise<string> {
  return withClient(target.url, async (client) => {
    const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [`${target.subgraph}.outbox`]);
    if (!rows[0]!.exists) return '0';
    const newest = await client.query<{ tx: string }>(`select coalesce(max(tx_id)::text, '0') as tx from ${client.escapeIdentifier(target.subgraph)}.outbox`);
    return newest.rows[0]!.tx;
  });
}

export async function dumpServer(target: ServerTarget, dir: string): Promise<void> {
  const files = serverFiles(target.subgraph);
  await tool(target, 'pg_dump', ['--format=custom', `--schema=${target.subgraph}`, `--file=${path.join(dir, files.schema)}`]);
  await tool(target, 'pg_dump', ['--format=custom', `--table=drizzle.migrations_${target.subgraph}`, `--file=${path.join(dir, files.migrations)}`]);
}

/**
 * Refuses, before anything is written, a database that already has the subgraph, and a server
 * whose transaction counter is behind the backup's newest event: events written after the
 * restore would sort before restored ones, and every reader past those would skip them.
 */
export async function checkServerTarget(target: ServerTarget, newestTransaction: string): Promise<void> {
  await withClient(target.url, async (client) => {
    const { rows } = await client.query<{ present: boolean; current: string }>(
      'select exists(select 1 from pg_namespace where nspname = $1) as present, pg_current_xact_id()::text as current',
      [target.subgraph],
    );
    const { present, current } = rows[0]!;
    if (present) throw new Error(`the database already has a "${target.subgraph}" schema: restore into a database without the hub, or drop it first`);
    if (BigInt(current) <= BigInt(newestTransaction)) {
      throw new Error(`this server's transaction counter (${current}) is behind the backup's newest event of ${target.subgraph} (${newestTransaction}); ` +
        'events written after the restore would be skipped by readers. Restore on the server the backup came from, or advance the new ' +
        "server's counter first (docs/faults.md, Backup and restore)");
    }
  });
}

export async function restoreServer(target: ServerTarget, dir: string): Promise<void> {
  const files = serverFiles(target.subgraph);
  await withClient(target.url, (client) => client.query('create schema if not exists drizzle'));
  // Owners and grants of the source server may not exist here: the restoring role owns everything.
  const common = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
  await tool(target, 'pg_restore', [...common, path.join(dir, files.schema)]);
  await tool(target, 'pg_restore', [...common, path.join(dir, files.migrations)]);
}
