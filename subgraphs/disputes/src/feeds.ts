import type { TimelineEventRow } from './db/schema.js';

/**
 * The events the disputes subgraph publishes for its live feeds (`Subscription` in
 * schema/disputes.graphql). Only this subgraph reads them, so they live here rather than
 * among the kit's cross-subgraph contracts.
 */

/** A timeline entry was recorded on the dispute (aggregate: the dispute). Followed by `disputeUpdated`. */
export const DISPUTE_TIMELINE_RECORDED = 'DisputeTimelineRecorded';
export type DisputeTimelineRecordedPayload = {
  timelineEventId: string;
  kind: TimelineEventRow['kind'];
  summary: string;
  track: TimelineEventRow['track'];
};

/** A party submitted evidence on the dispute (aggregate: the dispute). Followed by `evidenceAdded`. */
export const EVIDENCE_SUBMITTED = 'EvidenceSubmitted';
export type EvidenceSubmittedPayload = { evidenceId: string; title: string };
