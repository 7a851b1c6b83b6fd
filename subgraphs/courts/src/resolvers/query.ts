import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  courts(_: unknown, args: { region?: string | null }, ctx: Context) {
    return ctx.services.manager.courts(args.region);
  },
  court(_: unknown, args: { id: string }, ctx: Context) {
    return ctx.loaders.court.load(args.id);
  },
  litigationCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.litigationCase.load(args.id);
  },
  judicialConfirmation(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.judicialConfirmation.load(args.id);
  },
};
