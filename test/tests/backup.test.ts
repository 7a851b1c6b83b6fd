import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@fengqiao/schema';
import { createThrowawayDatabase, DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type Hub } from '../src/harness.js';
import { freePort } from '../src/processes.js';
import { DISPUTE_OVERVIEW, FILE_DISPUTE } from '../src/queries.js';

/**
 * `npm run backup` and `npm run restore` as an operator runs them: a hub with activity is
 * stopped and backed up, the backup restored into a fresh data directory (PGlite) or a fresh
 * database (PostgreSQL), and a hub started on it gives the same answers — and goes on:
 * an event written after the restore is still carried between subgraphs.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const P = DEMO.parties;
const ORG = DEMO.mediationOrganizations.yiwuMarketMediation;
const ROUTE = 'mutation($id: ID!, $track: Track!, $dest: RouteDestinationInput, $k: String!) { routeDispute(disputeId: $id, track: $track, destination: $dest, idempotencyKey: $k) { status } }';
const ORDER = 'mutation($input: RecordOrderInput!, $key: String!) { recordOrder(input: $input, idempotencyKey: $key) { id } }';
const CONSENT = 'mutation($input: GrantCreditConsentInput!, $key: String!) { grantCreditConsent(input: $input, idempotencyKey: $key) { id } }';
const PARTY_ORDERS = 'query($id: ID!) { order(id: $id) { orderNumber amount itemSummary buyer { name } store { name } } }';
const CONSENTS = '{ myCreditConsents { id purpose expiresAt revokedAt } }';

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `fengqiao-${name}-`));
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Each side of the restore: where its storage is, as the environment of the npm scripts names it. */
async function storage(): Promise<{ hub: { dataDir: string } | { databaseUrl: string }; env: NodeJS.ProcessEnv; describe: string }> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await createThrowawayDatabase(process.env.TEST_DATABASE_URL);
    cleanups.push(() => database.drop());
    return { hub: { databaseUrl: database.url }, env: { DATABASE_URL: database.url }, describe: 'a fresh database' };
  }
  const dataDir = tmp('backup-data');
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { hub: { dataDir }, env: { DATA_DIR: dataDir }, describe: 'a fresh data directory' };
}

async function npmRun(script: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  // Free ports: the scripts refuse to copy embedded storage while something listens on a subgraph's port.
  const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async ({ name }) => [`${name.toUpperCase()}_PORT`, String(await freePort())])));
  const { DATABASE_URL: _inherited, ...base } = process.env;
  const { stdout } = await run('npm', ['run', '--silent', script, '--', ...args], { cwd: root, env: { ...base, ...ports, ...env }, timeout: 240_000 });
  return stdout;
}

async function answers(hub: Hub, ids: { disputeId: string; orderId: string }) {
  const buyer = await hub.token('party', { sub: P.buyerWangFang });
  const court = await hub.token('court', { org: DEMO.courts.yiwu });
  const strip = (res: { data?: unknown; errors?: unknown }) => {
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  return {
    dispute: strip(await hub.query(DISPUTE_OVERVIEW, { id: ids.disputeId }, buyer)),
    demoDispute: strip(await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.settledAndConfirmed }, court)),
    order: strip(await hub.query(PARTY_ORDERS, { id: ids.orderId }, buyer)),
    consents: strip(await hub.query(CONSENTS, {}, buyer)),
  };
}

/** The same answer twice, a second apart. */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  let last = await read();
  for (let i = 0; i < 30; i += 1) {
    await new Promise((r) => setTimeout(r, 1_000));
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error('the hub did not come to rest within 30 s');
}

test('a hub backed up after activity and restored elsewhere answers the same, and carries new events on', async () => {
  const source = await storage();
  const first = await startHub({ storage: source.hub });
  const buyer = await first.token('party', { sub: P.buyerWangFang });
  const file = async (title: string) => {
    const res = await first.query(FILE_DISPUTE, { input: { title, description: 'Lanterns arrived broken', category: 'CONSUMER_PURCHASE', respondentId: P.merchantYiwuCrafts, claimAmount: '300.00' }, key: `backup-${title.replace(/\W+/g, '-')}` }, buyer);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.fileDispute.id as string;
  };
  let ids: { disputeId: string; orderId: string };
  let later: string;
  let before: Awaited<ReturnType<typeof answers>>;
  try {
    const disputeId = await file('Backed up, routed to mediation');
    later = await file('Routed only after the restore');
    await first.query(ROUTE, { id: disputeId, track: 'MEDIATION', dest: { bodyId: ORG }, k: 'backup-route-1' }, buyer);
    const admin = await first.token('admin');
    const orderId = (await first.query(ORDER, { input: { storeId: DEMO.stores.yiwuCrafts, orderNumber: 'BACKUP-1', amount: '42.50', itemSummary: 'Silk lanterns', placedAt: '2026-11-01T10:00:00Z', buyerId: P.buyerWangFang }, key: 'backup-order-1' }, admin)).data.recordOrder.id as string;
    await first.query(CONSENT, { input: { recipientId: DEMO.platforms.silkRoadMall, purpose: 'backup test: a loan application', expiresAt: '2027-06-01T00:00:00Z' }, key: 'backup-consent-1' }, buyer);
    ids = { disputeId, orderId };
    // The route went through the relay: mediation opened the case and disputes heard back.
    await eventually(() => first.query(DISPUTE_OVERVIEW, { id: disputeId }, buyer), (r) => r.data?.dispute?.mediation?.status !== undefined && r.data.dispute.status === 'IN_MEDIATION', 'the mediation case of the routed dispute', 30_000);
    // The relay may still be carrying what followed (the case's timeline entry): back up a hub at rest.
    before = await settled(() => answers(first, ids));
  } finally {
    await first.stop();
  }

  const backupDir = path.join(tmp('backup'), 'hub-backup');
  cleanups.push(() => rmSync(path.dirname(backupDir), { recursive: true, force: true }));
  const backedUp = await npmRun('backup', [backupDir], source.env);
  expect(backedUp).toContain(`Backing up the hub's storage into ${backupDir}`);
  for (const { name } of SUBGRAPHS) expect(backedUp).toMatch(new RegExp(`✓ ${name} `));
  expect(backedUp).not.toMatch(/:\/\/[^@\s]*:[^*@\s]+@/); // no password shown

  const target = await storage();
  const restored = await npmRun('restore', [backupDir], target.env);
  for (const { name } of SUBGRAPHS) expect(restored).toMatch(new RegExp(`✓ ${name} `));
  // Restoring over what is there now is refused, before anything is written.
  await expect(npmRun('restore', [backupDir], target.env)).rejects.toMatchObject({ stderr: expect.stringMatching(/already (holds data|has a "disputes" schema)/) });

  const second = await startHub({ storage: target.hub });
  cleanups.push(() => second.stop());
  expect(await answers(second, ids)).toEqual(before);
  // The event cursors came back with the data: a route made now still opens its case.
  const buyerAgain = await second.token('party', { sub: P.buyerWangFang });
  expect((await second.query(ROUTE, { id: later, track: 'MEDIATION', dest: { bodyId: ORG }, k: 'backup-route-2' }, buyerAgain)).errors).toBeUndefined();
  await eventually(() => second.query(DISPUTE_OVERVIEW, { id: later }, buyerAgain), (r) => r.data?.dispute?.mediation?.status !== undefined && r.data.dispute.status === 'IN_MEDIATION', 'the mediation case of a route made after the restore', 30_000);
  console.log(`backup and restore (${second.storage}): restored into ${target.describe}; the same answers for a dispute across seven subgraphs, an order and credit consents; a route after the restore opened its case`);
}, 300_000);
