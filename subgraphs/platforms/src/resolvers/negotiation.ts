import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { LedgerEntryRow, NegotiationEventRow, NegotiationOfferRow, NegotiationRow } from '../db/schema.js';

const actor = (r: { actorRole: string; actorId: string | null }) => ({ role: r.actorRole, id: r.actorId });

/** Readable by whoever may read its order: admins, courts and the dispute-handling roles, its platform, its buyer and merchant. */
export const PlatformNegotiation = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.negotiation.load(ref.id);
  },
  dispute: (n: NegotiationRow) => ({ id: n.disputeId }),
  async order(n: NegotiationRow, _: unknown, ctx: Context) {
    const order = await ctx.loaders.order.load(n.orderId);
    if (!order) throw new HubError('CONFLICT', `Negotiation ${n.id} names an order that cannot be read`);
    return order;
  },
  claimant: (n: NegotiationRow) => ({ __typename: 'Party', id: n.claimantId }),
  respondent: (n: NegotiationRow) => ({ __typename: 'Party', id: n.respondentId }),
  offers: (n: NegotiationRow, _: unknown, ctx: Context) => ctx.loaders.offersOfNegotiation.load(n.id),
  ledger: (n: NegotiationRow, _: unknown, ctx: Context) => ctx.loaders.ledgerOfNegotiation.load(n.id),
  events: (n: NegotiationRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfNegotiation.load(n.id),
};

export const NegotiationOffer = {
  actor,
  at: (o: NegotiationOfferRow) => o.createdAt,
};

export const NegotiationLedgerEntry = {
  from: (e: LedgerEntryRow) => e.fromAccount,
  to: (e: LedgerEntryRow) => e.toAccount,
  actor,
  at: (e: LedgerEntryRow) => e.createdAt,
};

export const NegotiationEvent = {
  actor,
  at: (e: NegotiationEventRow) => e.occurredAt,
};

/** The platforms subgraph's part of a dispute: its negotiation on the platform, one statement per batch of disputes. */
export const Dispute = {
  __resolveReference(ref: { id: string }) {
    return { id: ref.id };
  },
  negotiation: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.negotiationOfDispute.load(d.id),
};
