import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { OrderRow } from '../db/schema.js';

export const Order = {
  /** `null` when the caller may not see the order, exactly as when it does not exist. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.order.load(ref.id);
  },
  async store(o: OrderRow, _: unknown, ctx: Context) {
    const store = await ctx.loaders.store.load(o.storeId);
    if (!store) throw new HubError('CONFLICT', `Order ${o.id} names a store that does not exist`);
    return store;
  },
  buyer: (o: OrderRow) => ({ __typename: 'Party', id: o.buyerId }),
};
