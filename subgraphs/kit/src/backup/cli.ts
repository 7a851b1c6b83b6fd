// `npm run backup [-- <dir>]` and `npm run restore -- <dir>`: every subgraph's storage, as the
// environment configures it (DATA_DIR for PGlite, DATABASE_URL / <SUBGRAPH>_DATABASE_URL for
// a server), into or out of one backup directory. See docs/faults.md.
import path from 'node:path';
import { readBackupEnvironment } from '../environment.js';
import { backupHub, restoreHub } from './hub-backup.js';

const [command, dirArgument] = process.argv.slice(2);
const usage = 'usage: npm run backup [-- <directory>]  |  npm run restore -- <directory>';

try {
  const env = readBackupEnvironment();
  if (command === 'backup') {
    const dir = path.resolve(dirArgument ?? path.join('backups', new Date().toISOString().replace(/[:.]/g, '-')));
    console.log(`Backing up the hub's storage into ${dir}`);
    const manifest = await backupHub(env, dir, (line) => console.log(line));
    console.log(`Done: ${manifest.subgraphs.length} subgraphs${manifest.keys.length ? ' and the local keys (keep this directory private)' : ''}.`);
  } else if (command === 'restore' && dirArgument) {
    const dir = path.resolve(dirArgument);
    console.log(`Restoring the hub's storage from ${dir}`);
    await restoreHub(env, dir, (line) => console.log(line));
    console.log('Done: start the hub (npm start, or its services) on this storage.');
  } else {
    console.error(usage);
    process.exit(2);
  }
} catch (err) {
  console.error(`${command === 'restore' ? 'Restore' : 'Backup'} failed: ${(err as Error).message}`);
  process.exit(1);
}
