import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import { DISPUTE_LEFT_TRACK, DISPUTE_ROUTED, leftTrackHandler, routedBy, routeHandler, type SubgraphDefinition } from '@fengqiao/subgraph-kit';
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
  events: {
    outbox,
    cursors: eventCursors,
    consumes: [{
      source: 'disputes',
      handlers: {
        [DISPUTE_ROUTED]: routeHandler<PlatformServices>('NEGOTIATION', {
          open: (route, event, services) => services.negotiations.openRouted(route, event.disputeId, routedBy(event)),
          publish: (services, refusal) => services.negotiations.publish(refusal),
        }),
        [DISPUTE_LEFT_TRACK]: leftTrackHandler<PlatformServices>('NEGOTIATION', (left, event, services) =>
          services.negotiations.endOnLeaving(left, event.disputeId!, routedBy(event))),
      },
    }],
  },
  seed,
};
