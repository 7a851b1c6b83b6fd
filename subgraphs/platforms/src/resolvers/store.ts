import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { StoreRow } from '../db/schema.js';

/** Public reference data: a store's name, platform and merchant are shown on every product page. */
export const Store = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.store.load(ref.id);
  },
  async platform(s: StoreRow, _: unknown, ctx: Context) {
    const platform = await ctx.loaders.platform.load(s.platformId);
    if (!platform) throw new HubError('CONFLICT', `Store ${s.id} names a platform that does not exist`);
    return platform;
  },
  merchant: (s: StoreRow) => ({ __typename: 'Party', id: s.merchantId }),
};
