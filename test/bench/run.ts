// `npm run bench`: the dispute-overview query through the gateway (all seven subgraphs) and
// the disputes subgraph's share of it called directly, under the same load. Not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ensureLocalKeys, signDevToken } from '@fengqiao/gateway';
import { SUBGRAPHS } from '@fengqiao/schema';
import { DEMO, importInternalKey, signInternalToken } from '@fengqiao/subgraph-kit';
import { DISPUTE_OVERVIEW } from '../src/queries.js';
import { fanOut } from './fan-out.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 500);
const FAN_OUT_EVENTS = Number(process.env.BENCH_FAN_OUT_EVENTS ?? 20);

const DIRECT_QUERY = /* GraphQL */ `
  query DisputeOverviewDirect($id: ID!) {
    dispute(id: $id) { id title category status track claimAmount filedAt claimant { id } respondent { id } origin { id } timeline { kind summary occurredAt actor { role id } } evidence { title sha256 } }
  }
`;

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-bench-'));
const base = 24_000;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  GATEWAY_PORT: String(base),
  // The load comes from one address with one token: the gateway's rate limits would measure themselves.
  GATEWAY_RATE_LIMIT: 'off',
  ...Object.fromEntries(SUBGRAPHS.map(({ name }, i) => [`${name.toUpperCase()}_PORT`, String(base + i + 1)])),
  // BENCH_DATABASE_URL measures the hub on a PostgreSQL server instead of embedded PGlite.
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
};

// The hub as `npm start` runs it: every subgraph and the gateway in its own process.
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'gateway/src/launcher/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
await new Promise<void>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
    if (out.includes('Gateway ready')) resolve();
  });
  child.once('exit', (code) => reject(new Error(`the hub exited with ${code}:\n${out}`)));
});
const keys = await ensureLocalKeys(dataDir);
const hub = {
  gatewayUrl: `http://127.0.0.1:${base}/graphql`,
  disputesUrl: `http://127.0.0.1:${base + 1}/graphql`,
  clientToken: await signDevToken(keys.devPrivate, { role: 'court', sub: 'bench-judge', org: DEMO.courts.yiwu }, '1h'),
  // Signed as the gateway would for one subgraph call, so the direct run pays the same auth cost.
  disputesToken: await signInternalToken(await importInternalKey(keys.internalPrivate), 'disputes', { role: 'court', sub: 'bench-judge', org: DEMO.courts.yiwu }),
  storage: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite',
};

async function load(title: string, url: string, token: string, query: string) {
  const body = JSON.stringify({ query, variables: { id: DEMO.disputes.settledAndConfirmed } });
  const check = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const checked = (await check.json()) as { errors?: unknown };
  if (checked.errors) throw new Error(`${title}: ${JSON.stringify(checked.errors)}`);
  const result = await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: DURATION, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  if (result.non2xx || result.errors) throw new Error(`${title}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

try {
  const gateway = await load('gateway, 7 subgraphs', hub.gatewayUrl, hub.clientToken, DISPUTE_OVERVIEW);
  const direct = await load('disputes subgraph direct', hub.disputesUrl, hub.disputesToken, DIRECT_QUERY);
  console.log(`\nFengqiao Hub benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, storage ${hub.storage}`);
  console.log(`${CONNECTIONS} connections, ${DURATION}s each, query DisputeOverview; gateway rate limits off (GATEWAY_RATE_LIMIT=off)\n`);
  console.log('| target | requests/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |');
  for (const r of [gateway, direct]) console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} |`);
  console.log(`\ngateway / direct throughput ratio: ${(gateway.rps / direct.rps).toFixed(2)}`);

  const fanOutOptions = {
    gatewayUrl: hub.gatewayUrl,
    subscriberToken: await signDevToken(keys.devPrivate, { role: 'mediation_org', sub: 'bench-case-manager', org: DEMO.mediationOrganizations.yiwuMarketMediation }, '1h'),
    courtToken: await signDevToken(keys.devPrivate, { role: 'court', sub: 'bench-judge', org: DEMO.courts.yiwu }, '1h'),
    partyToken: await signDevToken(keys.devPrivate, { role: 'party', sub: DEMO.parties.buyerWangFang }, '1h'),
    organizationId: DEMO.mediationOrganizations.yiwuMarketMediation,
    claimantId: DEMO.parties.buyerWangFang,
    respondentId: DEMO.parties.merchantYiwuCrafts,
    subscribers: SUBSCRIBERS,
    events: FAN_OUT_EVENTS,
  };
  const fan = [await fanOut({ ...fanOutOptions, selection: 'ids' }), await fanOut({ ...fanOutOptions, selection: 'federated' })];
  console.log(`\nFan-out: referralCreated to ${SUBSCRIBERS} subscribers (one organisation), ${FAN_OUT_EVENTS} referrals, commit → delivery\n`);
  console.log('| selection | deliveries | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |');
  const names = ['referral id only (mediation)', 'fields from mediation, disputes, identity'];
  fan.forEach((r, i) => console.log(`| ${names[i]} | ${r.deliveries} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.max.toFixed(0)} |`));
} finally {
  process.kill(-child.pid!, 'SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
