import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CursorStore } from '../src/cursor-store.js';
import { FatalError } from '../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'referral-listener-cursor-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the cursor store', () => {
  test('a missing file means no cursor yet', async () => {
    expect(await new CursorStore(path.join(dir, 'org.cursor')).read()).toBeNull();
  });

  test('an empty file means no cursor yet', async () => {
    await writeFile(path.join(dir, 'org.cursor'), '\n');
    expect(await new CursorStore(path.join(dir, 'org.cursor')).read()).toBeNull();
  });

  test('writes and reads back, replacing the previous cursor', async () => {
    const store = new CursorStore(path.join(dir, 'org.cursor'));
    await store.write('99.0');
    expect(await store.read()).toBe('99.0');
    await store.write('100.3');
    expect(await store.read()).toBe('100.3');
    expect(await readFile(path.join(dir, 'org.cursor'), 'utf8')).toBe('100.3\n');
    // Nothing left behind next to it.
    expect(await readdir(dir)).toEqual(['org.cursor']);
  });

  test('creates the directory when it does not exist', async () => {
    const store = new CursorStore(path.join(dir, 'a', 'b', 'org.cursor'));
    await store.write('1.0');
    expect(await store.read()).toBe('1.0');
  });

  test('writes through a temporary file that is renamed over the cursor (never a torn write)', async () => {
    const store = new CursorStore(path.join(dir, 'org.cursor'));
    await store.write('5.0');
    // Concurrent readers only ever see a whole cursor, the old one or the new one.
    const seen = new Set<string | null>();
    let writing = true;
    const reader = (async () => {
      while (writing) seen.add(await store.read().catch((e: Error) => `error: ${e.message}`));
    })();
    for (let i = 6; i < 60; i += 1) await store.write(`${i}.${i}`);
    writing = false;
    await reader;
    for (const c of seen) expect(c).toMatch(/^\d+\.\d+$/);
    expect(await store.read()).toBe('59.59');
  });

  test('a temporary file left by a crash is ignored and cleaned up; the old cursor stands', async () => {
    const file = path.join(dir, 'org.cursor');
    await writeFile(file, '41.2\n');
    // A process died after writing half a temporary file, before the rename.
    await writeFile(path.join(dir, '.org.cursor.99999.deadbeef.tmp'), '42.');
    const store = new CursorStore(file);
    expect(await store.read()).toBe('41.2');
    expect(await readdir(dir)).toEqual(['org.cursor']);
  });

  test('a file that does not hold a cursor is a fatal error, not a silent restart from now', async () => {
    const file = path.join(dir, 'org.cursor');
    await writeFile(file, 'garbage');
    await expect(new CursorStore(file).read()).rejects.toBeInstanceOf(FatalError);
    await expect(new CursorStore(file).read()).rejects.toThrow(/does not hold a feed cursor/);
  });

  test('refuses to save a malformed cursor', async () => {
    await expect(new CursorStore(path.join(dir, 'org.cursor')).write('nope')).rejects.toThrow(/malformed/);
    expect(await readdir(dir)).toEqual([]);
  });
});
