import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  dispute(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.dispute.load(args.id);
  },
  disputes(_: unknown, args: { filter?: { status?: string[]; category?: string[]; partyId?: string } | null; first?: number | null; after?: string | null }, ctx: Context) {
    return ctx.services.manager.list(ctx.caller, args.filter, args.first, args.after);
  },
};
