import { Mutation } from './mutation.js';
import { Dispute, NegotiationEvent, NegotiationLedgerEntry, NegotiationOffer, PlatformNegotiation } from './negotiation.js';
import { Order } from './order.js';
import { Platform } from './platform.js';
import { Query } from './query.js';
import { Store } from './store.js';

export const resolvers = { Query, Mutation, Platform, Store, Order, Dispute, PlatformNegotiation, NegotiationOffer, NegotiationLedgerEntry, NegotiationEvent };
