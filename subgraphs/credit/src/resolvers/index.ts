import { CreditProfile } from './credit-profile.js';
import { Dispute } from './dispute.js';
import { Party } from './party.js';
import { Query } from './query.js';

export const resolvers = { Query, Party, CreditProfile, Dispute };
