import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { createLoaders, type PlatformLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { seed } from './seed.js';
import { createServices, type PlatformServices } from './services.js';

export const platformsSubgraph: SubgraphDefinition<typeof tables, PlatformServices, PlatformLoaders> = {
  name: 'platforms',
  typeDefs: subgraphTypeDefs('platforms'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { outbox, cursors: eventCursors },
  seed,
};
