import type { Context } from '../context.js';

export const Court = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.court.load(ref.id);
  },
};
