import {
  appendEvents, DISPUTE_LEFT_TRACK, newId, routeRefusedPayload, type Caller, type DisputeLeftTrackPayload, type FeedEvent,
} from '@fengqiao/subgraph-kit';
import { outbox, type DisputeRow } from './db/schema.js';
import type { DisputesDb, DisputesStore } from './disputes-store.js';
import { publishParticipants } from './participants.js';
import { applyRoute, disputeOutcomes, disputeRoutes, type TrackName } from './routing.js';
import { departureReason, trackLeft } from './track-departure.js';

type Outcome = Parameters<typeof disputeOutcomes.next>[1];
type Kind = 'CASE_OPENED' | 'CASE_PROGRESS' | 'STATUS_CHANGED' | 'ROUTE_REFUSED';

/** The event's actor, as the timeline records it: the hub itself when no one acted. */
function actorOf(event: FeedEvent): Caller {
  return { role: event.actor.role as Caller['role'], sub: event.actor.id, org: null };
}

/**
 * What the subgraphs owning the tracks report back about a dispute, applied to the dispute:
 * its status, its timeline, who may read it, the facts it carries. Every method runs inside
 * the event's delivery transaction; a report about a dispute this subgraph does not know
 * (another hub's, or deleted) is ignored, not retried forever.
 */
export class TrackReports {
  constructor(private readonly store: DisputesStore, private readonly tx: DisputesDb) {}

  /**
   * A case opened for the dispute: from its route, or directly in the owning subgraph (a court
   * referring to mediation). When the dispute thereby left a track with a case still open
   * there, DisputeLeftTrack asks that track's owner to end it.
   */
  async caseOpened(event: FeedEvent, track: TrackName, bodyId: string | null, summary: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (!dispute) return;
    const at = new Date(event.occurredAt);
    if (bodyId) await this.addBody(event, dispute.id, bodyId);
    const routeId = typeof event.payload.routeId === 'string' ? event.payload.routeId : null;
    // The case the dispute's current route asked for: it left where it was before the route.
    let left = routeId && routeId === dispute.routeId ? trackLeft(dispute.statusBeforeRoute, track) : null;
    // Opened without a route through the hub: the dispute follows, if it may go there from where it is.
    if (!routeId && dispute.track !== track && disputeRoutes.allowed(dispute.status).includes(track)) {
      left = trackLeft(dispute.status, track);
      await this.store.setStatus(dispute.id, { status: disputeRoutes.next(dispute.status, track), track, at });
    }
    await this.timeline(dispute, event, 'CASE_OPENED', summary, track);
    if (left) await this.leftTrack(dispute, event, left, track, routeId, summary);
  }

  /** Asks the owner of the track left to end its case, with the reason both timelines will show. */
  private async leftTrack(dispute: DisputeRow, event: FeedEvent, left: TrackName, to: TrackName, routeId: string | null, opened: string): Promise<void> {
    const routed = routeId ? (await this.store.timelinesOf([dispute.id])).find((e) => e.id === routeId && e.kind === 'ROUTED') : undefined;
    const payload: DisputeLeftTrackPayload = {
      track: left, to, routeId, reason: departureReason(dispute, to, routed, { role: event.actor.role, id: event.actor.id }, opened),
    };
    await appendEvents(this.tx, outbox, [{
      type: DISPUTE_LEFT_TRACK, aggregateType: 'Dispute', aggregateId: dispute.id, disputeId: dispute.id, actor: actorOf(event), at: new Date(event.occurredAt), payload,
    }]);
  }

  /** The owner of a track the dispute left closed its case there: the timeline says so; the status stays where the dispute went. */
  async trackCaseClosed(event: FeedEvent, what: string): Promise<void> {
    const reason = typeof event.payload.reason === 'string' ? event.payload.reason : 'the dispute moved to another track';
    await this.progress(event, `${what} ended: ${reason}`);
  }

  /** Something worth the parties' attention happened on the case; the status stays. */
  async progress(event: FeedEvent, summary: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (dispute) await this.timeline(dispute, event, 'CASE_PROGRESS', summary);
  }

  /** A track's outcome: the status changes when the dispute is still where the outcome applies. */
  async outcome(event: FeedEvent, outcome: Outcome, summary: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (!dispute) return;
    if (disputeOutcomes.allowed(dispute.status).includes(outcome)) {
      const status = disputeOutcomes.next(dispute.status, outcome);
      await this.store.setStatus(dispute.id, { status, at: new Date(event.occurredAt) });
      await this.timeline(dispute, event, 'STATUS_CHANGED', `${summary} (${dispute.status} → ${status})`);
    } else {
      await this.timeline(dispute, event, 'CASE_PROGRESS', summary);
    }
  }

  /** A body now handles the dispute (a transfer, an enforcement court): it may read it. */
  async handledBy(event: FeedEvent, bodyId: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (dispute) await this.addBody(event, dispute.id, bodyId);
  }

  /**
   * The mediator assigned in the dispute's mediation (null: the mediation ended). Of all
   * mediators, only the assigned one may follow the dispute's live feeds.
   */
  async assignMediator(event: FeedEvent, mediatorId: string | null): Promise<void> {
    if (event.disputeId) await this.store.setAssignedMediator(event.disputeId, mediatorId);
  }

  /**
   * A referral passes to another organisation (the one offered first did not acknowledge it
   * in time): the new one handles the dispute and may read it, the lapsed one no longer;
   * the participants are published again so identity's masking follows.
   */
  async handOver(event: FeedEvent, fromBodyId: string | null, toBodyId: string, summary: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (!dispute) return;
    const bodies = [...dispute.handlingBodies.filter((b) => b !== fromBodyId && b !== toBodyId), toBodyId];
    const unchanged = bodies.length === dispute.handlingBodies.length && bodies.every((b) => dispute.handlingBodies.includes(b));
    if (!unchanged) {
      const changed = await this.store.setHandlingBodies(dispute.id, bodies);
      if (changed) await publishParticipants(this.tx, changed, actorOf(event), new Date(event.occurredAt));
    }
    await this.timeline(dispute, event, 'CASE_PROGRESS', summary);
  }

  /** The facts both parties confirmed in a failed mediation become the dispute's own. */
  async factsAgreed(event: FeedEvent, agreedIn: string, statements: string[]): Promise<void> {
    const dispute = await this.dispute(event);
    if (!dispute || !statements.length) return;
    const at = new Date(event.occurredAt);
    await this.store.insertUndisputedFacts(statements.map((statement) => ({ id: newId('udf'), disputeId: dispute.id, statement, agreedIn, agreedAt: at })));
  }

  /** The owning subgraph could not open the case: the dispute goes back to where it was. */
  async routeRefused(event: FeedEvent): Promise<void> {
    const refusal = routeRefusedPayload.parse(event.payload);
    const dispute = await this.dispute(event);
    if (!dispute) return;
    const current = dispute.routeId === refusal.routeId && dispute.statusBeforeRoute;
    if (current) {
      const previousTrack = dispute.statusBeforeRoute === 'FILED' ? null : await this.trackBefore(dispute, refusal.routeId);
      await this.store.setStatus(dispute.id, { status: dispute.statusBeforeRoute!, track: previousTrack, at: new Date(event.occurredAt) });
    }
    await this.timeline(dispute, event, 'ROUTE_REFUSED', `${refusal.track.toLowerCase()} could not take the dispute (${refusal.code}): ${refusal.message}`, refusal.track);
  }

  /** The hub moves the dispute on by itself, e.g. a refused platform negotiation goes to mediation. */
  async route(event: FeedEvent, track: TrackName, reason: string): Promise<void> {
    const dispute = await this.dispute(event);
    if (!dispute) return;
    if (!disputeRoutes.allowed(dispute.status).includes(track)) {
      await this.timeline(dispute, event, 'CASE_PROGRESS', `Not routed to ${track.toLowerCase()} from ${dispute.status}: ${reason}`);
      return;
    }
    await applyRoute(this.store, dispute, { track, reason, destinationId: null, regionCode: null, claimType: null }, actorOf(event), new Date(event.occurredAt));
  }

  private async addBody(event: FeedEvent, disputeId: string, bodyId: string): Promise<void> {
    const changed = await this.store.addHandlingBody(disputeId, bodyId);
    if (changed) await publishParticipants(this.tx, changed, actorOf(event), new Date(event.occurredAt));
  }

  private async dispute(event: FeedEvent): Promise<DisputeRow | undefined> {
    return event.disputeId ? this.store.lockDispute(event.disputeId) : undefined;
  }

  /** The track of the ROUTED event before the refused one: where the dispute was. */
  private async trackBefore(dispute: DisputeRow, routeId: string): Promise<DisputeRow['track']> {
    const events = await this.store.timelinesOf([dispute.id]);
    const routes = events.filter((e) => e.kind === 'ROUTED');
    const index = routes.findIndex((e) => e.id === routeId);
    return index > 0 ? routes[index - 1]!.track : null;
  }

  private async timeline(dispute: DisputeRow, event: FeedEvent, kind: Kind, summary: string, track?: TrackName): Promise<void> {
    const actor = actorOf(event);
    await this.store.insertTimelineEvents([{
      id: newId('tle'), disputeId: dispute.id, kind, summary, track: track ?? dispute.track,
      actorRole: actor.role, actorId: actor.sub, occurredAt: new Date(event.occurredAt),
    }]);
  }
}
