import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  creditProfile(_: unknown, args: { partyId: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.profile(args.partyId);
  },
};
