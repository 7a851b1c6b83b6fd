import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  dispute(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.dispute.load(args.id);
  },
  /** Evidence is visible exactly when its dispute is (two statements: the evidence, then its dispute with the caller's visibility). */
  async evidence(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    const evidence = await ctx.loaders.evidence.load(args.id);
    if (!evidence) return null;
    return (await ctx.loaders.dispute.load(evidence.disputeId)) ? evidence : null;
  },
  disputes(_: unknown, args: { filter?: { status?: string[]; category?: string[]; partyId?: string } | null; first?: number | null; after?: string | null }, ctx: Context) {
    return ctx.services.manager.list(ctx.caller, args.filter, args.first, args.after);
  },
};
