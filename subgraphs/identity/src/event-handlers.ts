import { DISPUTE_PARTICIPANTS_CHANGED, type EventSubscription } from '@fengqiao/subgraph-kit';
import type { IdentityServices } from './services.js';

/** disputes → identity: who is party to a dispute and who handles it, for masking by relation. */
export const consumes: EventSubscription<IdentityServices>[] = [
  { source: 'disputes', handlers: { [DISPUTE_PARTICIPANTS_CHANGED]: (event, services) => services.relations.apply(event) } },
];
