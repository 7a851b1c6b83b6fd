import { Court } from './court.js';
import { Dispute } from './dispute.js';
import { EnforcementCase } from './enforcement-case.js';
import { JudicialConfirmation } from './judicial-confirmation.js';
import { CaseTransfer, LitigationCase } from './litigation-case.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { CaseGuidedMediationOffer, TestCaseGroup } from './test-case-group.js';

export const resolvers = {
  Query, Mutation, Court, LitigationCase, CaseTransfer, JudicialConfirmation, TestCaseGroup, CaseGuidedMediationOffer, EnforcementCase, Dispute,
};
