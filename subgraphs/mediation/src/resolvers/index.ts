import { Dispute } from './dispute.js';
import { MediationCase, MediationEvent, MediationFact, SettlementAgreement, SettlementInstalment, TerminationReport } from './mediation-case.js';
import { MediationOrganization } from './mediation-organization.js';
import { Mediator } from './mediator.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';

export const resolvers = { Query, Mutation, Subscription, MediationOrganization, Mediator, MediationCase, SettlementAgreement, SettlementInstalment, TerminationReport, MediationFact, MediationEvent, Dispute };
