import { Mutation } from './mutation.js';
import { Dispute } from './dispute.js';
import { Party } from './party.js';
import { Query } from './query.js';

export const resolvers = { Query, Mutation, Party, Dispute };
