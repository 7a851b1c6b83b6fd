import { ArbitrationCase } from './arbitration-case.js';
import { ArbitrationInstitution } from './arbitration-institution.js';
import { Dispute } from './dispute.js';
import { Query } from './query.js';

export const resolvers = { Query, ArbitrationInstitution, ArbitrationCase, Dispute };
