import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  platforms(_: unknown, __: unknown, ctx: Context) {
    return ctx.services.store.allPlatforms();
  },
  platform(_: unknown, args: { id: string }, ctx: Context) {
    return ctx.loaders.platform.load(args.id);
  },
  order(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.order.load(args.id);
  },
  negotiation(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.negotiation.load(args.id);
  },
};
