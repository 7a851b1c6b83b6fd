import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

/** Party is an entity owned by identity; this subgraph adds its credit profile. */
export const Party = {
  __resolveReference(ref: { id: string }) {
    return { id: ref.id };
  },
  credit(p: { id: string }, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.profile(p.id);
  },
};
