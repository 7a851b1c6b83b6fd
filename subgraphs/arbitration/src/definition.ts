import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { consumes } from './event-handlers.js';
import { createLoaders, type ArbitrationLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { loadReferenceData, seed } from './seed.js';
import { createServices, type ArbitrationServices } from './services.js';

export const arbitrationSubgraph: SubgraphDefinition<typeof tables, ArbitrationServices, ArbitrationLoaders> = {
  name: 'arbitration',
  typeDefs: subgraphTypeDefs('arbitration'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { outbox, cursors: eventCursors, consumes },
  jobs: [{
    name: 'award-instalments-missed',
    everyMs: 60_000,
    run: async (services, log) => {
      const marked = await services.workflow.markMissedInstalments();
      if (marked) log.info({ marked }, 'award instalments marked missed');
    },
  }],
  loadReferenceData,
  seed,
};
