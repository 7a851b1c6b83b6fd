import { CreditProfile } from './credit-profile.js';
import { Party } from './party.js';
import { Query } from './query.js';

export const resolvers = { Query, Party, CreditProfile };
