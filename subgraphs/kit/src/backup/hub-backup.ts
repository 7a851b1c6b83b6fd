import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { maskUrlPassword } from '../addresses.js';
import type { BackupEnvironment } from '../environment.js';
import { dumpEmbedded, embeddedDirOf, embeddedFile, loadEmbedded } from './embedded.js';
import { checkServerTarget, dumpServer, newestOutboxTransaction, restoreServer, serverFiles, type ServerTarget } from './server.js';

/** What a backup directory holds; `manifest.json` in it. */
export interface BackupManifest {
  format: 'fengqiao-hub-backup';
  version: 1;
  createdAt: string;
  subgraphs: (
    | { name: string; storage: 'pglite'; file: string }
    | { name: string; storage: 'postgres'; files: { schema: string; migrations: string }; newestOutboxTransaction: string }
  )[];
  /** The local keys of an embedded hub (DATA_DIR/keys), so tokens and subgraph calls keep verifying. */
  keys: string[];
}

const MANIFEST = 'manifest.json';

/** Whether something accepts connections on `port`: an embedded subgraph must not be running while its directory is copied. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

async function refuseRunningEmbedded(env: BackupEnvironment): Promise<void> {
  const running = [];
  for (const s of env.subgraphs) if (!s.databaseUrl && (await listening(env.host, s.port))) running.push(`${s.name} (port ${s.port})`);
  if (running.length) {
    throw new Error(`embedded storage is copied with the hub stopped, and something listens where these subgraphs do: ${running.join(', ')}. Stop the hub (Ctrl-C on npm start) and run this again`);
  }
}

const target = (env: BackupEnvironment, name: string, url: string): ServerTarget => ({ subgraph: name, url, binDir: env.postgresBinDir });

export async function backupHub(env: BackupEnvironment, dir: string, say: (line: string) => void): Promise<BackupManifest> {
  if (existsSync(dir) && readdirSync(dir).length) throw new Error(`${dir} is not empty: name a new directory for the backup`);
  // It may hold the local private keys.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await refuseRunningEmbedded(env);
  const manifest: BackupManifest = { format: 'fengqiao-hub-backup', version: 1, createdAt: new Date().toISOString(), subgraphs: [], keys: [] };
  for (const s of env.subgraphs) {
    if (s.databaseUrl) {
      const t = target(env, s.name, s.databaseUrl);
      // Read before the dump: the dump then holds at least every event up to it.
      const newest = await newestOutboxTransaction(t);
      await dumpServer(t, dir);
      manifest.subgraphs.push({ name: s.name, storage: 'postgres', files: serverFiles(s.name), newestOutboxTransaction: newest });
      say(`  ✓ ${s.name.padEnd(12)} schema ${s.name} of ${maskUrlPassword(s.databaseUrl)} (pg_dump)`);
    } else {
      const source = embeddedDirOf(env.dataDir, s.name);
      if (!existsSync(source)) throw new Error(`${source} does not exist: DATA_DIR must be the hub's data directory`);
      await dumpEmbedded(source, path.join(dir, embeddedFile(s.name)));
      manifest.subgraphs.push({ name: s.name, storage: 'pglite', file: embeddedFile(s.name) });
      say(`  ✓ ${s.name.padEnd(12)} ${source} (PGlite)`);
    }
  }
  const keyDir = path.join(env.dataDir, 'keys');
  if (manifest.subgraphs.some((s) => s.storage === 'pglite') && existsSync(keyDir)) {
    mkdirSync(path.join(dir, 'keys'));
    for (const file of readdirSync(keyDir)) {
      await copyFile(path.join(keyDir, file), path.join(dir, 'keys', file));
      manifest.keys.push(file);
    }
  }
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${dir} has no readable ${MANIFEST}: not a backup made by npm run backup`);
  }
  if (manifest.format !== 'fengqiao-hub-backup' || manifest.version !== 1) throw new Error(`${dir}/${MANIFEST} is not a Fengqiao Hub backup of a version this hub reads`);
  return manifest;
}

/**
 * Restores every subgraph where the configuration puts it now: a PGlite backup into an empty
 * `<DATA_DIR>/<subgraph>`, a server backup into a database without that schema. Everything is
 * checked before anything is written.
 */
export async function restoreHub(env: BackupEnvironment, dir: string, say: (line: string) => void): Promise<void> {
  const manifest = await readManifest(dir);
  const plan = manifest.subgraphs.map((saved) => {
    const configured = env.subgraphs.find((s) => s.name === saved.name);
    if (!configured) throw new Error(`the backup has a subgraph this hub does not know: ${saved.name}`);
    const storage = configured.databaseUrl ? 'postgres' : 'pglite';
    if (storage !== saved.storage) {
      throw new Error(`${saved.name} was backed up from ${saved.storage === 'pglite' ? 'embedded storage (PGlite)' : 'a PostgreSQL server'} and is configured for ${storage === 'pglite' ? 'embedded storage' : 'a server'} now: restore it to the same kind of storage`);
    }
    return { saved, configured };
  });
  const missing = env.subgraphs.filter((s) => !manifest.subgraphs.some((m) => m.name === s.name));
  if (missing.length) throw new Error(`the backup lacks ${missing.map((s) => s.name).join(', ')}`);
  await refuseRunningEmbedded(env);
  for (const { saved, configured } of plan) {
    if (saved.storage === 'postgres') await checkServerTarget(target(env, saved.name, configured.databaseUrl!), saved.newestOutboxTransaction);
    else if (existsSync(embeddedDirOf(env.dataDir, saved.name)) && readdirSync(embeddedDirOf(env.dataDir, saved.name)).length) {
      throw new Error(`${embeddedDirOf(env.dataDir, saved.name)} already holds data: restore into a fresh DATA_DIR, or move it away first`);
    }
  }
  for (const { saved, configured } of plan) {
    if (saved.storage === 'postgres') {
      await restoreServer(target(env, saved.name, configured.databaseUrl!), dir);
      say(`  ✓ ${saved.name.padEnd(12)} schema ${saved.name} into ${maskUrlPassword(configured.databaseUrl!)} (pg_restore)`);
    } else {
      await loadEmbedded(path.join(dir, saved.file), embeddedDirOf(env.dataDir, saved.name));
      say(`  ✓ ${saved.name.padEnd(12)} ${embeddedDirOf(env.dataDir, saved.name)} (PGlite)`);
    }
  }
  if (manifest.keys.length) {
    const keyDir = path.join(env.dataDir, 'keys');
    if (existsSync(keyDir) && readdirSync(keyDir).length) {
      say(`  ! ${keyDir} already has keys: kept them; the backup's are in ${path.join(dir, 'keys')}`);
    } else {
      mkdirSync(keyDir, { recursive: true, mode: 0o700 });
      for (const file of manifest.keys) await copyFile(path.join(dir, 'keys', file), path.join(keyDir, file));
      say(`  ✓ local keys    ${keyDir}`);
    }
  }
}
