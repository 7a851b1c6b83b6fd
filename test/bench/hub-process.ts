// Runs a whole hub in its own process for the benchmark, so load generation and the hub
// do not share one event loop. Prints one JSON line with what the benchmark needs.
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub } from '../src/harness.js';

const hub = await startHub();
process.stdout.write(
  `${JSON.stringify({
    gatewayUrl: hub.gatewayUrl,
    disputesUrl: hub.subgraphs.disputes!.url,
    clientToken: await hub.token('court', { org: DEMO.courts.yiwu, ttl: '1h' }),
    disputesToken: await hub.internalToken('disputes', 'court'),
    storage: hub.storage,
  })}\n`,
);
process.once('SIGTERM', () => void hub.stop().then(() => process.exit(0)));
