import type { Context } from '../context.js';
import type { MediationOrganizationRow } from '../db/schema.js';

/** Public reference data: anyone may see the organisations and their mediators. */
export const MediationOrganization = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.organization.load(ref.id);
  },
  mediators: (o: MediationOrganizationRow, _: unknown, ctx: Context) => ctx.loaders.mediatorsOfOrganization.load(o.id),
};
