import { z } from 'zod';
import { isRole, type Caller } from '../auth/roles.js';
import type { DomainEvent } from '../db/outbox.js';
import { badInput, HubError } from '../errors.js';
import type { EventHandler } from './consumer.js';
import {
  disputeLeftTrackPayload, disputeRoutedPayload, ROUTE_REFUSED, routeRefusedPayload, TRACKS, type DisputeLeftTrackPayload, type DisputeRoutedPayload, type Track,
} from './contracts.js';
import type { FeedEvent } from './feed.js';

const routeHead = z.object({ routeId: z.string(), track: z.enum(TRACKS) });

/** Whoever routed the dispute (a party, a court, an admin) is the one who opens the case; the hub itself acts as admin. */
export function routedBy(event: FeedEvent): Caller {
  return { role: isRole(event.actor.role) ? event.actor.role : 'admin', sub: event.actor.id, org: null };
}

export interface RouteHooks<TServices> {
  /** Opens the case; throws a HubError when the route cannot be carried out. Its writes must be in a transaction of their own (a savepoint), so a refusal leaves none behind. */
  open(route: DisputeRoutedPayload, event: FeedEvent, services: TServices): Promise<unknown>;
  /** Appends the RouteRefused event to the subgraph's outbox. */
  publish(services: TServices, event: DomainEvent): Promise<unknown>;
}

/**
 * The DisputeRouted handler of the subgraph owning `track`. Routes to other tracks are someone
 * else's. An expected refusal — a HubError from `open`, or a payload that breaks the contract
 * but still names its route — is answered with RouteRefused in the same delivery, so the
 * dispute goes back to where it was; anything else is retried.
 */
export function routeHandler<TServices>(track: Track, hooks: RouteHooks<TServices>): EventHandler<TServices> {
  return async (event, services) => {
    const head = routeHead.safeParse(event.payload);
    if (head.success && head.data.track !== track) return;
    const refuse = (code: string, message: string) => hooks.publish(services, {
      type: ROUTE_REFUSED, aggregateType: 'Dispute', aggregateId: event.disputeId ?? head.data!.routeId, disputeId: event.disputeId,
      actor: routedBy(event), payload: routeRefusedPayload.parse({ routeId: head.data!.routeId, track, code, message }),
    });
    const parsed = disputeRoutedPayload.safeParse(event.payload);
    if (!parsed.success) {
      const reason = `The DisputeRouted payload does not match the contract: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`;
      if (!head.success) throw badInput(reason, { rule: 'EVENT_CONTRACT' });
      await refuse('EVENT_CONTRACT', reason);
      return;
    }
    try {
      await hooks.open(parsed.data, event, services);
    } catch (err) {
      if (!(err instanceof HubError)) throw err;
      await refuse(typeof err.extensions.rule === 'string' ? err.extensions.rule : err.code, err.message);
    }
  };
}

/**
 * The DisputeLeftTrack handler of the subgraph owning `track`: `close` ends the case still
 * open for the dispute (nothing open: nothing to do, which is also what a second delivery
 * finds). A payload that breaks the contract is refused (consumed and logged), not retried.
 */
export function leftTrackHandler<TServices>(
  track: Track,
  close: (left: DisputeLeftTrackPayload, event: FeedEvent, services: TServices) => Promise<unknown>,
): EventHandler<TServices> {
  return async (event, services) => {
    const parsed = disputeLeftTrackPayload.safeParse(event.payload);
    if (!parsed.success) {
      throw badInput(`The DisputeLeftTrack payload does not match the contract: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, { rule: 'EVENT_CONTRACT' });
    }
    if (parsed.data.track !== track || !event.disputeId) return;
    await close(parsed.data, event, services);
  };
}
