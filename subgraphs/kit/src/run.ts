import { readFileSync } from 'node:fs';
import { readSubgraphEnvironment } from './environment.js';
import { createLogger } from './logger.js';
import { startSubgraph, type SubgraphDefinition } from './server.js';

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The whole of a subgraph's `index.ts`: read the environment, start, and stop cleanly on
 * SIGTERM/SIGINT so in-flight requests finish and the database is closed.
 */
export async function runSubgraph<TTables extends Record<string, unknown>, TServices, TLoaders>(
  definition: SubgraphDefinition<TTables, TServices, TLoaders>,
): Promise<void> {
  const log = createLogger(`subgraph:${definition.name}`);
  let env;
  try {
    env = readSubgraphEnvironment(definition.name, process.env, readIfExists);
  } catch (err) {
    log.fatal((err as Error).message);
    process.exit(78); // EX_CONFIG
  }
  const running = await startSubgraph(definition, {
    port: env.port,
    host: env.host,
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    internalPublicJwk: JSON.parse(env.internalPublicJwk),
    logLevel: env.logLevel,
    seedDemoData: env.seedDemoData,
    subscriptions: { replayLimit: env.subscriptionReplayLimit },
    metricsToken: env.metricsToken,
  });
  // A second signal (Ctrl-C reaches the launcher and its children alike) joins the first shutdown.
  let stopped: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (stopped) return;
    log.info({ signal }, 'shutting down');
    stopped = running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
