import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { CREDIT_RULES } from './credit-manager.js';
import { eventCursors, tables } from './db/schema.js';
import { consumes } from './event-handlers.js';
import { createLoaders, type CreditLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { seed } from './seed.js';
import { createServices, type CreditServices } from './services.js';

export const creditSubgraph: SubgraphDefinition<typeof tables, CreditServices, CreditLoaders> = {
  name: 'credit',
  typeDefs: subgraphTypeDefs('credit'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { cursors: eventCursors, consumes },
  seed,
  legalRules: CREDIT_RULES,
};
