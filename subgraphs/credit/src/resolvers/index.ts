import { CreditConsent } from './credit-consent.js';
import { CreditLookup } from './credit-lookup.js';
import { CreditProfile, JudicialCreditReport } from './credit-profile.js';
import { Dispute } from './dispute.js';
import { Mutation } from './mutation.js';
import { Party } from './party.js';
import { Query } from './query.js';

export const resolvers = { Query, Mutation, Party, CreditProfile, JudicialCreditReport, CreditConsent, CreditLookup, Dispute };
