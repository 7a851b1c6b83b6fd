import { Dispute, UndisputedFact } from './dispute.js';
import { Evidence } from './evidence.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { TimelineEvent } from './timeline-event.js';

export const resolvers = { Query, Mutation, Dispute, Evidence, TimelineEvent, UndisputedFact };
