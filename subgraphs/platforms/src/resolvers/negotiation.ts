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
type DisputeRef = { id: string; origin?: { id: string } | null };

/** The platform a dispute's order was placed on, as far as the caller may see the order. */
async function platformOfOrigin(d: DisputeRef, ctx: Context) {
  const order = d.origin?.id ? await ctx.loaders.order.load(d.origin.id) : null;
  const store = order ? await ctx.loaders.store.load(order.storeId) : null;
  return store ? ctx.loaders.platform.load(store.platformId) : null;
}

export const Dispute = {
  // Keep the whole representation: it carries `origin`, which the triage facts @require.
  __resolveReference: (ref: DisputeRef) => ref,
  negotiation: (d: DisputeRef, _: unknown, ctx: Context) => ctx.loaders.negotiationOfDispute.load(d.id),
  platformOffersConsumerCompensation: async (d: DisputeRef, _: unknown, ctx: Context) => (await platformOfOrigin(d, ctx))?.offersConsumerCompensation ?? null,
  platformArbitrationInstitutionId: async (d: DisputeRef, _: unknown, ctx: Context) => (await platformOfOrigin(d, ctx))?.arbitrationClauseInstitutionId ?? null,
};
