import { notFound } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { OpenNegotiationInput } from '../negotiation-manager.js';
import type { RecordOrderInput } from '../platform-manager.js';

/** After a change, the negotiation as the caller may see it (every role that may act may read it). */
async function negotiation(ctx: Context, id: string) {
  const row = await ctx.loaders.negotiation.load(id);
  if (!row) throw notFound('PlatformNegotiation', id);
  return row;
}

export const Mutation = {
  async recordOrder(_: unknown, args: { input: RecordOrderInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.recordOrder(ctx.caller, args.input, args.idempotencyKey);
    const order = await ctx.loaders.order.load(id);
    if (!order) throw notFound('Order', id);
    return order;
  },
  async openNegotiation(_: unknown, args: { input: OpenNegotiationInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.negotiations.open(ctx.caller, args.input, args.idempotencyKey);
    return negotiation(ctx, id);
  },
  async respondToNegotiation(_: unknown, args: { id: string; accept: boolean; offerAmount?: string | null; message: string }, ctx: Context) {
    await ctx.services.negotiations.respond(ctx.caller, args.id, { accept: args.accept, offerAmount: args.offerAmount, message: args.message });
    return negotiation(ctx, args.id);
  },
  async withholdMerchantFunds(_: unknown, args: { id: string; amount: string }, ctx: Context) {
    await ctx.services.negotiations.withhold(ctx.caller, args.id, { amount: args.amount });
    return negotiation(ctx, args.id);
  },
  async payConsumerCompensation(_: unknown, args: { id: string }, ctx: Context) {
    await ctx.services.negotiations.pay(ctx.caller, args.id);
    return negotiation(ctx, args.id);
  },
  async escalateNegotiation(_: unknown, args: { id: string; reason: string }, ctx: Context) {
    await ctx.services.negotiations.escalate(ctx.caller, args.id, { reason: args.reason });
    return negotiation(ctx, args.id);
  },
};
