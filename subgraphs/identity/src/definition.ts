import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { consumes } from './event-handlers.js';
import { IDENTITY_NUMBER_RULES } from './identity-numbers.js';
import { createLoaders, type IdentityLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { seed } from './seed.js';
import { SERVICE_RULES } from './service-of-documents/public-notice.js';
import { createServices, type IdentityServices } from './services.js';

export const identitySubgraph: SubgraphDefinition<typeof tables, IdentityServices, IdentityLoaders> = {
  name: 'identity',
  typeDefs: subgraphTypeDefs('identity'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  seed,
  events: { outbox, cursors: eventCursors, consumes },
  legalRules: [...IDENTITY_NUMBER_RULES, ...SERVICE_RULES],
};
