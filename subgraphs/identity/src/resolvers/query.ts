import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  party(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.party.load(args.id);
  },
  /** The caller's own record; only party tokens name a party. */
  me(_: unknown, __: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    if (ctx.caller.role !== 'party' || !ctx.caller.sub) return null;
    return ctx.loaders.party.load(ctx.caller.sub);
  },
};
