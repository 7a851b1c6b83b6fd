import type { Context } from '../context.js';

export const ArbitrationInstitution = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.institution.load(ref.id);
  },
};
