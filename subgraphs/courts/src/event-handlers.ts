import {
  badInput, DISPUTE_ROUTED, INSTALMENT_MISSED, INSTALMENT_PAID, instalmentMissedPayload, OBLIGATION_PERFORMED, obligationPerformedPayload, routedBy, routeHandler,
  type EventHandler, type EventSubscription,
} from '@fengqiao/subgraph-kit';
import type { CourtServices } from './services.js';

/**
 * disputes → courts: a dispute routed to LITIGATION is filed here. Every expected refusal
 * (no court named, an unknown court, no competent court, already in court) becomes
 * RouteRefused (see the kit's `routeHandler`).
 */
export const onDisputeRouted = routeHandler<CourtServices>('LITIGATION', {
  open: (route, event, services) => services.workflow.fileRouted(route, event.disputeId, routedBy(event)),
  publish: (services, refusal) => services.workflow.publish(refusal),
});

/**
 * mediation (SETTLEMENT) or arbitration (AWARD) → courts: an instalment was missed; open an
 * enforcement case where the obligation is enforceable (see `enforceOnMissedInstalment`).
 * A payload that breaks the contract is refused (consumed and logged), not retried for ever.
 */
function onInstalmentMissed(obligation: 'SETTLEMENT' | 'AWARD'): EventHandler<CourtServices> {
  return async (event, services) => {
    const parsed = instalmentMissedPayload.safeParse(event.payload);
    if (!parsed.success) throw badInput(`The InstalmentMissed payload does not match the contract: ${parsed.error.issues[0]?.message}`, { rule: 'EVENT_CONTRACT' });
    if (parsed.data.obligation !== obligation) return;
    // Only an award names its enforcement court; a settlement is enforced where it was confirmed.
    const court = obligation === 'AWARD' ? parsed.data.enforcementCourtId || null : null;
    await services.workflow.enforceOnMissedInstalment(parsed.data, court, event.disputeId);
  };
}

/**
 * mediation (SETTLEMENT) or arbitration (AWARD) → courts: the obligation is performed in full.
 * Its enforcement cases are concluded and their listings removed; for a settlement, a default
 * recorded before its confirmation is cleared (a confirmation granted later enforces nothing).
 */
function onObligationPerformed(obligation: 'SETTLEMENT' | 'AWARD'): EventHandler<CourtServices> {
  return async (event, services) => {
    const parsed = obligationPerformedPayload.safeParse(event.payload);
    if (!parsed.success) throw badInput(`The ObligationPerformed payload does not match the contract: ${parsed.error.issues[0]?.message}`, { rule: 'EVENT_CONTRACT' });
    if (parsed.data.obligation !== obligation) return;
    if (obligation === 'SETTLEMENT') await services.store.clearSettlementDefault(parsed.data.obligationId);
    await services.workflow.concludeOnPerformance(parsed.data);
  };
}

export const consumes: EventSubscription<CourtServices>[] = [
  { source: 'disputes', handlers: { [DISPUTE_ROUTED]: onDisputeRouted } },
  {
    source: 'mediation',
    handlers: {
      [INSTALMENT_MISSED]: onInstalmentMissed('SETTLEMENT'),
      // A payment cures a recorded default: a confirmation granted later must not enforce what was paid.
      [INSTALMENT_PAID]: (event, services) => services.store.clearSettlementDefault(String(event.payload.obligationId)),
      [OBLIGATION_PERFORMED]: onObligationPerformed('SETTLEMENT'),
    },
  },
  { source: 'arbitration', handlers: { [INSTALMENT_MISSED]: onInstalmentMissed('AWARD'), [OBLIGATION_PERFORMED]: onObligationPerformed('AWARD') } },
];
