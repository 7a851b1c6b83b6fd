import { notFound } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { RecordOrderInput } from '../platform-manager.js';

export const Mutation = {
  async recordOrder(_: unknown, args: { input: RecordOrderInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.recordOrder(ctx.caller, args.input, args.idempotencyKey);
    const order = await ctx.loaders.order.load(id);
    if (!order) throw notFound('Order', id);
    return order;
  },
};
