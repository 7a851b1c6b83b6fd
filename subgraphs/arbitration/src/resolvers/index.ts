import { ArbitrationAgreement, ArbitrationAward, ArbitrationCase } from './arbitration-case.js';
import { Mutation } from './mutation.js';
import { ArbitrationInstitution } from './arbitration-institution.js';
import { Dispute } from './dispute.js';
import { Query } from './query.js';

export const resolvers = { Query, Mutation, ArbitrationInstitution, ArbitrationCase, ArbitrationAward, ArbitrationAgreement, Dispute };
