// `npm run bench`: the dispute-overview query through the gateway (all seven subgraphs) and
// the disputes subgraph's share of it called directly, under the same load. Not a test.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO } from '@fengqiao/subgraph-kit';
import { DISPUTE_OVERVIEW } from '../src/queries.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const DIRECT_QUERY = /* GraphQL */ `
  query DisputeOverviewDirect($id: ID!) {
    dispute(id: $id) { id title category status track claimAmount filedAt claimant { id } respondent { id } origin { id } timeline { kind summary occurredAt actor { role id } } evidence { title sha256 } }
  }
`;

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./hub-process.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
});
const hub = JSON.parse(line) as { gatewayUrl: string; disputesUrl: string; clientToken: string; disputesToken: string; storage: string };

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
  console.log(`${CONNECTIONS} connections, ${DURATION}s each, query DisputeOverview\n`);
  console.log('| target | requests/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |');
  for (const r of [gateway, direct]) console.log(`| ${r.title} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} |`);
  console.log(`\ngateway / direct throughput ratio: ${(gateway.rps / direct.rps).toFixed(2)}`);
} finally {
  child.kill('SIGTERM');
}
