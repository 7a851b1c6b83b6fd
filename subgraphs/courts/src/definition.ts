import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { CONFIRMATION_RULES } from './confirmation-deadline.js';
import { eventCursors, outbox, tables } from './db/schema.js';
import { consumes } from './event-handlers.js';
import { JURISDICTION_RULES } from './jurisdiction.js';
import { ENFORCEMENT_RULES } from './lifecycles.js';
import { FEE_RULES } from './litigation-fee.js';
import { createLoaders, type CourtLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { loadReferenceData, seed } from './seed.js';
import { createServices, type CourtServices } from './services.js';

export const courtsSubgraph: SubgraphDefinition<typeof tables, CourtServices, CourtLoaders> = {
  name: 'courts',
  typeDefs: subgraphTypeDefs('courts'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { outbox, cursors: eventCursors, consumes },
  loadReferenceData,
  seed,
  legalRules: [...FEE_RULES, ...CONFIRMATION_RULES, ...JURISDICTION_RULES, ...ENFORCEMENT_RULES],
};
