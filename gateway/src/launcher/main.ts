// `npm start`: the whole hub on one machine — seven subgraph processes and the gateway,
// on embedded PostgreSQL (PGlite) under ./data unless DATABASE_URL names a server, seeded
// with demo data on first start. A process that dies is restarted (supervisor.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@fengqiao/schema';
import { maskUrlPassword } from '@fengqiao/subgraph-kit';
import { ensureLocalKeys } from '../auth/keys.js';
import { readLauncherOptions, type LauncherOptions } from '../environment.js';
import { probe } from './probe.js';
import { SupervisedProcess } from './supervisor.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let options: LauncherOptions;
try {
  options = readLauncherOptions(process.env, path.join(root, 'data'));
} catch (err) {
  console.error((err as Error).message);
  process.exit(78);
}
const { dataDir } = options;
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

const children: SupervisedProcess[] = [];
let stopping = false;

function supervise(name: string, entry: string, port: number, whenGone: string, extraEnv: Record<string, string>): SupervisedProcess {
  const child = new SupervisedProcess(
    {
      name,
      entry,
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, ...extraEnv },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      logFile: path.join(logDir, `${name}.log`),
      whenGone,
    },
    options.restart,
    {
      say: (line) => console.error(line),
      fatal: (_name, line) => {
        console.error(`\n${line} Stopping the hub.`);
        void stopAll(1);
      },
    },
  );
  child.start();
  children.push(child);
  return child;
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(children.map((c) => c.stop()));
  process.exit(code);
}

/** Where each subgraph keeps its data, as the subgraphs will read it (kit environment.ts); passwords masked. */
function storageOf(name: string): { kind: 'pglite' | 'postgres'; where: string } {
  const url = process.env[`${name.toUpperCase()}_DATABASE_URL`] || process.env.DATABASE_URL;
  return url ? { kind: 'postgres', where: maskUrlPassword(url) } : { kind: 'pglite', where: path.join(dataDir, name) };
}

function storageSummary(): string {
  const all = SUBGRAPHS.map(({ name }) => ({ name, ...storageOf(name) }));
  if (all.every((s) => s.kind === 'pglite')) return `on embedded PostgreSQL (PGlite) in ${dataDir}`;
  const servers = new Set(all.map((s) => s.where));
  if (all.every((s) => s.kind === 'postgres') && servers.size === 1) return `on PostgreSQL at ${all[0]!.where} (one schema per subgraph)`;
  return `on mixed storage (each subgraph's below)`;
}

/**
 * The demo shop (clients/demo-shop): a platform's order page with the E Station embedded. It is
 * optional — when it cannot start (its port taken, say) the hub runs on without it. Returns the
 * link to its featured order page, or null.
 */
async function startDemoShopProcess(port: number, gatewayPort: number): Promise<string | null> {
  const shop = supervise('demo-shop', path.join('clients', 'demo-shop', 'src', 'main.ts'), port, 'no demo shop', {
    DEMO_SHOP_PORT: String(port),
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
    DEMO_SHOP_GATEWAY_URL: process.env.DEMO_SHOP_GATEWAY_URL ?? `http://localhost:${gatewayPort}/graphql`,
  });
  try {
    await shop.waitReady(180_000); // the first start may build the widget bundle
    const { featuredOrderId } = JSON.parse((await probe(shop.spec.readyUrl)).body) as { featuredOrderId: string };
    return `http://localhost:${port}/orders/${featuredOrderId}`;
  } catch (err) {
    if (!stopping) console.error(`The demo shop did not start (${(err as Error).message}); the hub runs on without it.`);
    return null;
  }
}

process.once('SIGINT', () => {
  console.log('\nStopping the hub…');
  void stopAll(0);
});
process.once('SIGTERM', () => void stopAll(0));

const keys = await ensureLocalKeys(dataDir);
const internalPublic = JSON.stringify(keys.internalPublic);
console.log(`Fengqiao Hub: starting 7 subgraphs ${storageSummary()}`);

const started = SUBGRAPHS.map(({ name }) =>
  supervise(name, path.join('subgraphs', name, 'src', 'index.ts'), options.subgraphPorts[name]!, `the gateway answers without its data, naming ${name} in its errors (SUBGRAPH_UNAVAILABLE)`, {
    HUB_INTERNAL_PUBLIC_JWK: internalPublic,
  }),
);
try {
  await Promise.all(started.map(async (c) => {
    await c.waitReady(120_000);
    const storage = storageOf(c.spec.name);
    const where = storage.kind === 'pglite' ? `PGlite ${storage.where}` : `PostgreSQL ${storage.where}, schema ${c.spec.name}`;
    console.log(`  ✓ ${c.spec.name.padEnd(12)} ${c.spec.readyUrl.replace('/readyz', '/graphql')}  (${where}; pid ${c.pid})`);
  }));
  const { gatewayPort, demoShopPort } = options;
  const gateway = supervise('gateway', path.join('gateway', 'src', 'index.ts'), gatewayPort, 'no GraphQL endpoint and no event relay until it is back', {
    GATEWAY_PORT: String(gatewayPort),
    HUB_INTERNAL_PRIVATE_JWK: JSON.stringify(keys.internalPrivate),
    HUB_WIDGET_PRIVATE_JWK: JSON.stringify(keys.widgetPrivate),
    // The demo shop embeds the E Station and calls the gateway from its own origin.
    GATEWAY_CORS_ORIGINS: process.env.GATEWAY_CORS_ORIGINS ?? `http://localhost:${demoShopPort},http://127.0.0.1:${demoShopPort}`,
    ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${options.subgraphPorts[name]}/graphql`])),
  });
  await gateway.waitReady(120_000);
  const url = `http://localhost:${gatewayPort}/graphql`;
  console.log(`
Gateway ready: ${url}  (pid ${gateway.pid})
Logs:          ${logDir}
Supervision:   a process that dies is restarted after ${options.restart.initialDelayMs / 1000} s (doubling), at most ${options.restart.limit} times within ${options.restart.windowMs / 1000} s

Get a token and ask for a dispute across all seven subgraphs:
  TOKEN=$(npm run --silent token -- court)
  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ dispute(id: \\"dsp_demo_settled_confirmed\\") { title status claimant { name credit { discredited } } origin { amount store { name } } mediation { status mediator { name } } judicialConfirmation { caseNumber court { name } } } }"}'

Roles: party, platform, mediation_org, mediator, arbitrator, court, admin (add --sub/--org to act as someone else).`);
  if (options.demoShop) {
    const link = await startDemoShopProcess(demoShopPort, gatewayPort);
    if (link) console.log(`\nDemo shop with the Fengqiao E Station: ${link}`);
  }
  console.log('Press Ctrl-C to stop.');
} catch (err) {
  if (!stopping) {
    console.error(`The hub did not start: ${(err as Error).message}`);
    await stopAll(1);
  }
}
