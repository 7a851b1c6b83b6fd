import type { TimelineEventRow } from '../db/schema.js';

export const TimelineEvent = {
  actor: (e: TimelineEventRow) => ({ role: e.actorRole, id: e.actorId }),
};
