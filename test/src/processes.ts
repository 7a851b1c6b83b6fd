import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signDevToken } from '@fengqiao/gateway';
import { ensureLocalKeys } from '@fengqiao/gateway/keys';
import { SUBGRAPHS } from '@fengqiao/schema';
import { createThrowawayDatabase, type Role } from '@fengqiao/subgraph-kit';
import type { GraphQLResponse } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `url` answers 2xx; rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A hub started with `npm start`, as an operator starts it: every subgraph and the gateway a
 * real child process of the launcher, so a test can kill one with SIGKILL and watch the
 * launcher bring it back. Storage is PGlite in a fresh data directory, or a fresh database on
 * the server named by TEST_DATABASE_URL.
 */
export interface LaunchedHub {
  gatewayUrl: string;
  dataDir: string;
  /** The hub's database on a server; undefined on PGlite. */
  databaseUrl: string | undefined;
  storage: 'pglite' | 'postgres';
  ports: Record<string, number>;
  /** Everything the launcher printed so far. */
  output(): string;
  /** The current pid of a process (`gateway` or a subgraph), as the launcher last reported it. */
  pid(name: string): number;
  /** Resolves with the first match of `pattern` printed after character `from` of the output. */
  waitForOutput(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpExecArray>;
  token(role: Role, claims?: { sub?: string; org?: string }): Promise<string>;
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Ctrl-C, as a terminal sends it; resolves when the launcher has exited. */
  stop(): Promise<void>;
  /** Removes the data directory and drops the database. */
  dispose(): Promise<void>;
}

export async function launchHub(env: Record<string, string> = {}): Promise<LaunchedHub> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-launched-'));
  const database = process.env.TEST_DATABASE_URL ? await createThrowawayDatabase(process.env.TEST_DATABASE_URL) : undefined;
  const ports: Record<string, number> = { gateway: await freePort() };
  for (const { name } of SUBGRAPHS) ports[name] = await freePort();
  const launcher: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      GATEWAY_PORT: String(ports.gateway),
      ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
      DEMO_SHOP: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a terminal session: Ctrl-C goes to the whole group.
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk;
    for (const l of listeners) l();
  };
  launcher.stdout!.on('data', append);
  launcher.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));

  const waitForOutput = (pattern: RegExp, timeoutMs: number, from = 0) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(output.slice(from));
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} in the launcher's output within ${timeoutMs} ms:\n${output.slice(from)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const dispose = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  try {
    await Promise.race([
      waitForOutput(/Press Ctrl-C to stop\./, 240_000),
      exited.then(() => { throw new Error(`npm start exited:\n${output}`); }),
    ]);
  } catch (err) {
    try {
      process.kill(-launcher.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    await dispose();
    throw err;
  }

  const keys = await ensureLocalKeys(dataDir);
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  return {
    gatewayUrl,
    dataDir,
    databaseUrl: database?.url,
    storage: database ? 'postgres' : 'pglite',
    ports,
    output: () => output,
    pid(name) {
      // The newest of "✓ <name> … pid N" (start-up), "✓ <name> restarted (pid N)" and the gateway's line.
      const pattern = name === 'gateway'
        ? /Gateway ready: \S+ {2}\(pid (\d+)\)|✓ gateway restarted \(pid (\d+)\)/g
        : new RegExp(`✓ ${name} .*?pid (\\d+)\\)`, 'g');
      const matches = [...output.matchAll(pattern)];
      const last = matches.at(-1);
      if (!last) throw new Error(`no pid of ${name} in the launcher's output`);
      return Number(last[1] ?? last[2]);
    },
    waitForOutput,
    token: (role, claims = {}) => signDevToken(keys.devPrivate, { role, sub: claims.sub ?? `${role}-faults`, org: claims.org }),
    async query(query, variables = {}, token) {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async stop() {
      if (launcher.exitCode !== null || launcher.signalCode !== null) return;
      process.kill(-launcher.pid!, 'SIGINT');
      await exited;
    },
    dispose,
  };
}

/**
 * Runs SQL against a subgraph's own storage. On a server any time; on PGlite only once the hub
 * has stopped, since a PGlite data directory belongs to the one process that opened it.
 */
export async function queryStorage<T extends Record<string, unknown>>(hub: LaunchedHub, subgraph: string, text: string, params: unknown[] = []): Promise<T[]> {
  if (hub.databaseUrl) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(hub.dataDir, subgraph));
  try {
    return (await db.query<T>(text, params)).rows;
  } finally {
    await db.close();
  }
}
