import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { createLoaders, type MediationLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { loadReferenceData, seed } from './seed.js';
import { createServices, type MediationServices } from './services.js';

export const mediationSubgraph: SubgraphDefinition<typeof tables, MediationServices, MediationLoaders> = {
  name: 'mediation',
  typeDefs: subgraphTypeDefs('mediation'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { outbox, cursors: eventCursors },
  loadReferenceData,
  seed,
};
