// `npm start`: the whole hub on one machine — seven subgraph processes and the gateway,
// on embedded PostgreSQL (PGlite) under ./data, seeded with demo data on first start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@fengqiao/schema';
import { ensureLocalKeys } from '../auth/keys.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, 'data'));
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

interface Child {
  name: string;
  proc: ChildProcess;
  readyUrl: string;
}
const children: Child[] = [];
let stopping = false;

/** An optional child (the demo shop) only warns when it exits; any other stops the hub. */
function startProcess(name: string, entry: string, port: number, extraEnv: Record<string, string>, optional = false): Child {
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only the launcher, which stops the children in order.
    detached: true,
  });
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  proc.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  proc.on('exit', (code, signal) => {
    if (!stopping && optional) {
      console.error(`\n${name} exited (${signal ?? code}); see ${path.join(logDir, `${name}.log`)}. The hub keeps running.`);
    } else if (!stopping) {
      console.error(`\n${name} exited (${signal ?? code}); see ${path.join(logDir, `${name}.log`)}. Stopping the hub.`);
      void stopAll(1);
    }
  });
  const child = { name, proc, readyUrl: `http://127.0.0.1:${port}/readyz` };
  children.push(child);
  return child;
}

async function waitReady(child: Child, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    try {
      const res = await fetch(child.readyUrl, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs / 1000}s`);
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          proc.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          proc.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

/**
 * The demo shop (clients/demo-shop): a platform's order page with the E Station embedded. It is
 * optional — when it cannot start (its port taken, say) the hub runs on without it. Returns the
 * link to its featured order page, or null.
 */
async function startDemoShopProcess(port: number, gatewayPort: number): Promise<string | null> {
  const shop = startProcess('demo-shop', path.join('clients', 'demo-shop', 'src', 'main.ts'), port, {
    DEMO_SHOP_PORT: String(port),
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
    DEMO_SHOP_GATEWAY_URL: process.env.DEMO_SHOP_GATEWAY_URL ?? `http://localhost:${gatewayPort}/graphql`,
  }, true);
  const deadline = Date.now() + 180_000; // the first start may build the widget bundle
  while (Date.now() < deadline && !stopping && shop.proc.exitCode === null && shop.proc.signalCode === null) {
    try {
      const res = await fetch(shop.readyUrl, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) {
        const { featuredOrderId } = (await res.json()) as { featuredOrderId: string };
        return `http://localhost:${port}/orders/${featuredOrderId}`;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping && shop.proc.exitCode === null) console.error(`The demo shop was not ready within 180s; see ${path.join(logDir, 'demo-shop.log')}.`);
  return null;
}

process.once('SIGINT', () => {
  console.log('\nStopping the hub…');
  void stopAll(0);
});
process.once('SIGTERM', () => void stopAll(0));

const keys = await ensureLocalKeys(dataDir);
const internalPublic = JSON.stringify(keys.internalPublic);
console.log(`Fengqiao Hub: starting 7 subgraphs on embedded PostgreSQL in ${dataDir}`);

const subgraphPort = (name: string, fallback: number) => Number(process.env[`${name.toUpperCase()}_PORT`] ?? fallback);
const started = SUBGRAPHS.map(({ name, port }) =>
  startProcess(name, path.join('subgraphs', name, 'src', 'index.ts'), subgraphPort(name, port), {
    HUB_INTERNAL_PUBLIC_JWK: internalPublic,
  }),
);
try {
  await Promise.all(started.map(async (c) => {
    await waitReady(c);
    console.log(`  ✓ ${c.name.padEnd(12)} ${c.readyUrl.replace('/readyz', '/graphql')}`);
  }));
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4000);
  // The demo shop embeds the E Station and calls the gateway from its own origin.
  const demoShopPort = Number(process.env.DEMO_SHOP_PORT ?? 4010);
  const gateway = startProcess('gateway', path.join('gateway', 'src', 'index.ts'), gatewayPort, {
    HUB_INTERNAL_PRIVATE_JWK: JSON.stringify(keys.internalPrivate),
    HUB_WIDGET_PRIVATE_JWK: JSON.stringify(keys.widgetPrivate),
    GATEWAY_CORS_ORIGINS: process.env.GATEWAY_CORS_ORIGINS ?? `http://localhost:${demoShopPort},http://127.0.0.1:${demoShopPort}`,
    ...Object.fromEntries(SUBGRAPHS.map(({ name, port }) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${subgraphPort(name, port)}/graphql`])),
  });
  await waitReady(gateway);
  const url = `http://localhost:${gatewayPort}/graphql`;
  console.log(`
Gateway ready: ${url}
Logs:          ${logDir}

Get a token and ask for a dispute across all seven subgraphs:
  TOKEN=$(npm run --silent token -- court)
  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ dispute(id: \\"dsp_demo_settled_confirmed\\") { title status claimant { name credit { discredited } } origin { amount store { name } } mediation { status mediator { name } } judicialConfirmation { caseNumber court { name } } } }"}'

Roles: party, platform, mediation_org, mediator, arbitrator, court, admin (add --sub/--org to act as someone else).`);
  if (process.env.DEMO_SHOP !== 'off') {
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
