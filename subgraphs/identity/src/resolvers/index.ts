import { actConfirmationResolvers } from './act-confirmation.js';
import { Mutation } from './mutation.js';
import { Dispute } from './dispute.js';
import { documentServiceResolvers } from './document-service.js';
import { Party } from './party.js';
import { Query } from './query.js';
import { ContactRepair } from './contact-repair.js';
import { ServiceAddressConfirmation } from './service-address-confirmation.js';

export const resolvers = {
  Query: { ...Query, ...documentServiceResolvers.Query, ...actConfirmationResolvers.Query },
  Mutation: { ...Mutation, ...documentServiceResolvers.Mutation, ...actConfirmationResolvers.Mutation },
  Party: { ...Party, ...documentServiceResolvers.Party },
  Dispute,
  ContactRepair,
  ServiceAddressConfirmation,
  DocumentService: documentServiceResolvers.DocumentService,
  ServiceAttempt: documentServiceResolvers.ServiceAttempt,
  ServiceSender: documentServiceResolvers.ServiceSender,
  SimulatedMessage: actConfirmationResolvers.SimulatedMessage,
};
