import type { DisputeRow, TimelineEventRow } from './db/schema.js';
import { STATUS_ON_TRACK, type DisputeStatus, type TrackName } from './routing.js';

/**
 * When a dispute moves to another track, the case on the track it leaves must end — a
 * mediation left IN_SESSION after the dispute went to court is a case nobody closes. These
 * are the pure decisions; TrackReports publishes DisputeLeftTrack from them once the new
 * track has opened its case.
 */

/**
 * Moves that leave the old case open: a court that refers its own lawsuit to mediation keeps
 * the lawsuit, which waits for the mediation's outcome (court-annexed mediation, 委托调解).
 */
const KEEPS_ITS_CASE: Partial<Record<TrackName, readonly TrackName[]>> = { LITIGATION: ['MEDIATION'] };

/** The track a status means the dispute is on with a case open there; null for FILED, UNRESOLVED, SETTLED and the closed ones. */
export function trackOfStatus(status: DisputeStatus | null): TrackName | null {
  const entry = (Object.entries(STATUS_ON_TRACK) as [TrackName, DisputeStatus][]).find(([, s]) => s === status);
  return entry ? entry[0] : null;
}

/** The track whose case must end when a dispute that was `before` takes a case on `to`; null when none must. */
export function trackLeft(before: DisputeStatus | null, to: TrackName): TrackName | null {
  const left = trackOfStatus(before);
  if (!left || left === to || KEEPS_ITS_CASE[left]?.includes(to)) return null;
  return left;
}

const ROLE_WORDS: Record<string, string> = {
  court: 'a court', admin: 'an administrator', platform: 'the platform', mediation_org: 'a mediation organisation', mediator: 'a mediator', arbitrator: 'an arbitrator',
};

/** Who acted, in words the parties read on both timelines: the claimant, a court (usr_…), the hub. */
export function actorInWords(dispute: Pick<DisputeRow, 'claimantId' | 'respondentId'>, role: string, id: string | null): string {
  if (!id) return 'the hub';
  if (role === 'party') return id === dispute.claimantId ? 'the claimant' : id === dispute.respondentId ? 'the respondent' : `party ${id}`;
  return `${ROLE_WORDS[role] ?? role} (${id})`;
}

/** The reason a route's ROUTED entry records (applyRoute writes "Routed to <track>: <reason>"). */
function routeReason(entry: Pick<TimelineEventRow, 'summary' | 'track'>): string | null {
  const prefix = `Routed to ${String(entry.track).toLowerCase()}: `;
  return entry.summary.startsWith(prefix) ? entry.summary.slice(prefix.length) : null;
}

/** "the dispute was routed to litigation by the claimant: mediation is going nowhere" */
export function departureReason(dispute: Pick<DisputeRow, 'claimantId' | 'respondentId'>, to: TrackName, routed: Pick<TimelineEventRow, 'summary' | 'track' | 'actorRole' | 'actorId'> | undefined, openedBy: { role: string; id: string | null }, opened: string): string {
  if (routed) {
    const why = routeReason(routed);
    return `the dispute was routed to ${to.toLowerCase()} by ${actorInWords(dispute, routed.actorRole, routed.actorId ?? null)}${why ? `: ${why}` : ''}`;
  }
  return `the dispute went to ${to.toLowerCase()}: ${opened} by ${actorInWords(dispute, openedBy.role, openedBy.id)}`;
}
