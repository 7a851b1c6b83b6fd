import { Court } from './court.js';
import { Dispute } from './dispute.js';
import { JudicialConfirmation } from './judicial-confirmation.js';
import { LitigationCase } from './litigation-case.js';
import { Query } from './query.js';

export const resolvers = { Query, Court, LitigationCase, JudicialConfirmation, Dispute };
