import { Dispute, UndisputedFact } from './dispute.js';
import { Evidence } from './evidence.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import { TimelineEvent } from './timeline-event.js';

export const resolvers = { Query, Mutation, Subscription, Dispute, Evidence, TimelineEvent, UndisputedFact };
