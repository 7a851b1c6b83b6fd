import { defineLifecycle, DISPUTE_ROUTED, newId, type Caller, type DisputeRoutedPayload } from '@fengqiao/subgraph-kit';
import type { DisputeRow } from './db/schema.js';
import type { DisputesStore } from './disputes-store.js';

export const STATUS_ON_TRACK = { NEGOTIATION: 'NEGOTIATING', MEDIATION: 'IN_MEDIATION', ARBITRATION: 'IN_ARBITRATION', LITIGATION: 'IN_LITIGATION' } as const;
export type TrackName = keyof typeof STATUS_ON_TRACK;
export type DisputeStatus = DisputeRow['status'];

/**
 * Where a dispute may go from where it is: negotiation only from the start; mediation after a
 * failed negotiation, after another track ended unresolved, or when a court refers a lawsuit
 * to mediation; arbitration or litigation from any open track but each other (an award or a
 * judgment ends the matter). A signed settlement that is not performed can be sued on.
 */
export const disputeRoutes = defineLifecycle<DisputeStatus, TrackName>('dispute', {
  NEGOTIATION: { from: ['FILED'], to: 'NEGOTIATING' },
  MEDIATION: { from: ['FILED', 'NEGOTIATING', 'IN_LITIGATION', 'UNRESOLVED'], to: 'IN_MEDIATION' },
  ARBITRATION: { from: ['FILED', 'NEGOTIATING', 'IN_MEDIATION', 'UNRESOLVED'], to: 'IN_ARBITRATION' },
  LITIGATION: { from: ['FILED', 'NEGOTIATING', 'IN_MEDIATION', 'UNRESOLVED', 'SETTLED'], to: 'IN_LITIGATION' },
});

/**
 * The tracks a dispute can still take: those its status may be routed to, and the one it is on
 * while it is on it (a signed settlement included). Empty once it is resolved, withdrawn or
 * decided. Triage recommends among these.
 */
export function openTracks(dispute: Pick<DisputeRow, 'status' | 'track'>): TrackName[] {
  // A settlement being performed is still on the track that produced it.
  const onTrack = dispute.track && (STATUS_ON_TRACK[dispute.track] === dispute.status || dispute.status === 'SETTLED') ? [dispute.track] : [];
  return (Object.keys(STATUS_ON_TRACK) as TrackName[]).filter((t) => onTrack.includes(t) || disputeRoutes.allowed(dispute.status).includes(t));
}

/**
 * What the tracks' outcomes do to a dispute. An outcome reported while the dispute is in a
 * status not listed (it moved on meanwhile) is recorded on the timeline without a status change.
 */
export const disputeOutcomes = defineLifecycle<DisputeStatus, 'settle' | 'endUnresolved' | 'decide' | 'enforce' | 'resolve'>('dispute', {
  settle: { from: ['IN_MEDIATION', 'IN_LITIGATION'], to: 'SETTLED' },
  endUnresolved: { from: ['NEGOTIATING', 'IN_MEDIATION', 'IN_ARBITRATION', 'IN_LITIGATION'], to: 'UNRESOLVED' },
  decide: { from: ['IN_ARBITRATION', 'IN_LITIGATION'], to: 'DECIDED' },
  enforce: { from: ['SETTLED', 'DECIDED', 'IN_LITIGATION', 'IN_ENFORCEMENT'], to: 'IN_ENFORCEMENT' },
  resolve: { from: ['NEGOTIATING', 'SETTLED', 'DECIDED', 'IN_ENFORCEMENT'], to: 'RESOLVED' },
});

export interface RouteRequest {
  track: TrackName;
  reason: string | null;
  destinationId: string | null;
  regionCode: string | null;
  claimType: string | null;
}

/**
 * Moves a locked dispute onto a track: status, ROUTED timeline event and the DisputeRouted
 * event the owning subgraph opens its case from, all in the caller's transaction, so the
 * route and its announcement stand or fall together. Throws INVALID_TRANSITION when the
 * dispute cannot go there from where it is.
 */
export async function applyRoute(store: DisputesStore, dispute: DisputeRow, request: RouteRequest, actor: Caller, now = new Date()): Promise<string> {
  const status = disputeRoutes.next(dispute.status, request.track);
  const routeId = newId('tle');
  await store.setRoute(dispute.id, { status, track: request.track, routeId, statusBeforeRoute: dispute.status, at: now });
  const facts = await store.undisputedFactsOf([dispute.id]);
  const payload: DisputeRoutedPayload = {
    routeId, track: request.track, from: dispute.track, destinationId: request.destinationId, regionCode: request.regionCode,
    claimType: request.claimType, reason: request.reason, title: dispute.title, category: dispute.category, claimAmount: dispute.claimAmount,
    claimantId: dispute.claimantId, respondentId: dispute.respondentId, originOrderId: dispute.originOrderId,
    undisputedFacts: facts.map((f) => ({ statement: f.statement, agreedIn: f.agreedIn })),
    routedForBody: actor.org ?? null,
  };
  await store.insertTimelineEvents(
    [{
      id: routeId, disputeId: dispute.id, kind: 'ROUTED', track: request.track, actorRole: actor.role, actorId: actor.sub, occurredAt: now,
      summary: `Routed to ${request.track.toLowerCase()}${request.reason ? `: ${request.reason}` : ''}`,
    }],
    [{ type: DISPUTE_ROUTED, aggregateType: 'Dispute', aggregateId: dispute.id, disputeId: dispute.id, actor, at: now, payload }],
  );
  return routeId;
}
