import { createLogger } from '@fengqiao/subgraph-kit';
import { readGatewayOptions } from './environment.js';
import { startGateway } from './gateway.js';

const log = createLogger('gateway');
let options;
try {
  options = readGatewayOptions();
} catch (err) {
  log.fatal((err as Error).message);
  process.exit(78);
}
const gateway = await startGateway(options);
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    gateway.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
