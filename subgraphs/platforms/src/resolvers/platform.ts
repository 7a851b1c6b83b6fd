import type { Context } from '../context.js';
import type { PlatformRow } from '../db/schema.js';

/** Public reference data: anyone, signed in or not, may read platforms. */
export const Platform = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.platform.load(ref.id);
  },
  stores: (p: PlatformRow, _: unknown, ctx: Context) => ctx.loaders.storesOfPlatform.load(p.id),
};
