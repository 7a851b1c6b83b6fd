import { fileURLToPath } from 'node:url';
import { subgraphTypeDefs } from '@fengqiao/schema';
import { DISPUTE_LEFT_TRACK, DISPUTE_ROUTED, type SubgraphDefinition } from '@fengqiao/subgraph-kit';
import { eventCursors, outbox, tables } from './db/schema.js';
import { createLoaders, type MediationLoaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';
import { loadReferenceData, seed } from './seed.js';
import { createServices, type MediationServices } from './services.js';
import { onDisputeLeftTrack } from './track-departure.js';

export const mediationSubgraph: SubgraphDefinition<typeof tables, MediationServices, MediationLoaders> = {
  name: 'mediation',
  typeDefs: subgraphTypeDefs('mediation'),
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
      handlers: { [DISPUTE_ROUTED]: (event, services) => services.manager.acceptRoute(event), [DISPUTE_LEFT_TRACK]: onDisputeLeftTrack },
    }],
  },
  jobs: [
    {
      name: 'mark-missed-instalments',
      everyMs: 60_000,
      async run(services, log) {
        const marked = await services.manager.markMissedInstalments();
        if (marked) log.info({ marked }, 'instalments marked missed');
      },
    },
    {
      name: 'expire-unacknowledged-referrals',
      everyMs: 60_000,
      async run(services, log) {
        const { reoffered, lapsed } = await services.manager.expireUnacknowledgedReferrals();
        if (reoffered || lapsed) log.info({ reoffered, lapsed }, 'unacknowledged referrals re-offered or lapsed');
      },
    },
  ],
  loadReferenceData,
  seed,
};
