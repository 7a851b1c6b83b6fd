import { DISPUTE_ROUTED, routedBy, routeHandler, type EventSubscription } from '@fengqiao/subgraph-kit';
import type { ArbitrationServices } from './services.js';

/**
 * disputes → arbitration: a dispute routed to ARBITRATION is filed here. Every expected
 * refusal (no agreement binding both parties, an unknown institution, already in arbitration)
 * becomes RouteRefused (see the kit's `routeHandler`).
 */
export const onDisputeRouted = routeHandler<ArbitrationServices>('ARBITRATION', {
  open: (route, event, services) => services.workflow.fileRouted(route, event.disputeId, routedBy(event)),
  publish: (services, refusal) => services.workflow.publish(refusal),
});

export const consumes: EventSubscription<ArbitrationServices>[] = [
  { source: 'disputes', handlers: { [DISPUTE_ROUTED]: onDisputeRouted } },
];
