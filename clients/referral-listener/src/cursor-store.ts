import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { FatalError } from './errors.js';
import { isValidCursor } from './cursor.js';

/**
 * The listener's position in the feed, one line in one file. Written atomically: the new
 * cursor goes to a temporary file in the same directory, which is fsynced and then renamed over
 * the old one (and the directory fsynced), so after a crash the file holds either the old
 * cursor or the new one, never a torn write.
 */
export class CursorStore {
  readonly file: string;

  constructor(file: string) {
    this.file = path.resolve(file);
  }

  /** The saved cursor, or null when none was saved yet (no file, or an empty one). */
  async read(): Promise<string | null> {
    await this.removeStaleTemporaries();
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new FatalError(`cannot read the cursor file ${this.file}: ${(err as Error).message}`);
    }
    const cursor = text.trim();
    if (cursor === '') return null;
    if (!isValidCursor(cursor)) {
      throw new FatalError(`the cursor file ${this.file} does not hold a feed cursor (<txId>.<seq>): ${JSON.stringify(cursor.slice(0, 80))}; fix or delete it`);
    }
    return cursor;
  }

  async write(cursor: string): Promise<void> {
    if (!isValidCursor(cursor)) throw new Error(`refusing to save a malformed cursor: ${JSON.stringify(cursor)}`);
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true });
    const temp = path.join(dir, `${this.tempPrefix()}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(`${cursor}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await syncDirectory(dir);
  }

  private tempPrefix(): string {
    return `.${path.basename(this.file)}.`;
  }

  /** Temporary files left by a process that died between writing and renaming. */
  private async removeStaleTemporaries(): Promise<void> {
    const dir = path.dirname(this.file);
    const prefix = this.tempPrefix();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    await Promise.all(
      names
        .filter((n) => n.startsWith(prefix) && n.endsWith('.tmp') && !n.startsWith(`${prefix}${process.pid}.`))
        .map((n) => unlink(path.join(dir, n)).catch(() => undefined)),
    );
  }
}

/** Makes the rename itself durable. Not every platform lets a directory be opened; then skip. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL on some platforms and file systems: the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
