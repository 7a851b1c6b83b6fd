import { Dispute } from './dispute.js';
import { MediationCase } from './mediation-case.js';
import { MediationOrganization } from './mediation-organization.js';
import { Mediator } from './mediator.js';
import { Query } from './query.js';

export const resolvers = { Query, MediationOrganization, Mediator, MediationCase, Dispute };
