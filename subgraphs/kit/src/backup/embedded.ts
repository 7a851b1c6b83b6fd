import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Embedded storage (PGlite): a subgraph's data directory, whole, as PGlite's own tarball
 * (`dumpDataDir`). A physical copy: the transaction counter, and with it every event
 * cursor, comes back exactly as it was. PGlite is one process per directory, so the
 * subgraph must be stopped while this runs.
 */
export async function dumpEmbedded(dataDir: string, file: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  try {
    const dump = await db.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
}

/** Loads a dump into `dataDir`, which must not hold a database yet; then opens it once to check it. */
export async function loadEmbedded(file: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length) {
    throw new Error(`${dataDir} already holds data: restore into a fresh DATA_DIR, or move it away first`);
  }
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir, { loadDataDir: new Blob([await readFile(file)]) });
  try {
    await db.query('select 1');
  } finally {
    await db.close();
  }
}

export const embeddedFile = (subgraph: string) => `${subgraph}.pglite.tar.gz`;
export const embeddedDirOf = (dataDir: string, subgraph: string) => path.resolve(dataDir, subgraph);
