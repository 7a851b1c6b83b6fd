import {
  invalidTransition, leftTrackHandler, TRACK_CASE_CLOSED, type Caller, type CallerRole, type DisputeLeftTrackPayload, type FeedEvent, type TrackCaseClosedPayload,
} from '@fengqiao/subgraph-kit';
import { CASE_AGGREGATE } from './mediation-store.js';
import { mediationLifecycle } from './mediation-manager.js';
import type { MediationServices } from './services.js';

/**
 * disputes → mediation: the dispute left mediation for arbitration or a court, whose case is
 * open now. The mediation still open for it ends as WITHDRAWN with the reason (who routed it
 * where), and TrackCaseClosed puts that on the dispute's timeline. Nothing open — already
 * ended, or this is a second delivery — means nothing to do.
 */
export async function endMediationOnLeaving(left: DisputeLeftTrackPayload, event: FeedEvent, services: MediationServices): Promise<void> {
  const { store, clock } = services;
  const c = await store.openCaseOfDispute(event.disputeId!);
  if (!c) return;
  const now = clock.now();
  const to = mediationLifecycle.next(c.status, 'leaveTrack');
  const closed = await store.compareAndSetStatus(c.id, c.status, to, { withdrawalReason: left.reason, closedAt: now });
  // Moved meanwhile: the delivery is retried and finds the case as it is then.
  if (!closed) throw invalidTransition(`The mediation case changed while it was being closed on the dispute leaving mediation`, c.status);
  const payload: TrackCaseClosedPayload = { track: 'MEDIATION', caseId: c.id, fromStatus: c.status, reason: left.reason, routeId: left.routeId };
  const actor: Caller = { role: event.actor.role as CallerRole, sub: event.actor.id, org: null };
  await store.appendEvents([{
    type: TRACK_CASE_CLOSED, aggregateType: CASE_AGGREGATE, aggregateId: c.id, disputeId: c.disputeId, actor, at: now,
    payload: { ...payload, disputeId: c.disputeId, organizationId: c.organizationId, mediatorId: c.mediatorId, status: closed.status, note: `Mediation ended: ${left.reason}` },
  }]);
}

export const onDisputeLeftTrack = leftTrackHandler<MediationServices>('MEDIATION', endMediationOnLeaving);
