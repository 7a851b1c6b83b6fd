import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import type { SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { disputeEventHandlers } from './event-handlers.js';
import { createLoaders, type DisputeLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { SAME_MATTER_RULES } from './same-matter.js';
import { seed } from './seed.js';
import { createServices, type DisputeServices } from './services.js';
import { TRIAGE_LEGAL_RULES } from './triage/legal-sources.js';

export const disputesSubgraph: SubgraphDefinition<typeof tables, DisputeServices, DisputeLoaders> = {
  name: 'disputes',
  typeDefs: subgraphTypeDefs('disputes'),
  resolvers,
  tables,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createServices,
  createLoaders,
  events: { outbox, cursors: eventCursors, consumes: disputeEventHandlers },
  seed,
  legalRules: [...TRIAGE_LEGAL_RULES, ...SAME_MATTER_RULES],
};
