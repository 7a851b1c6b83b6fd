import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { MediatorRow } from '../db/schema.js';

/** Public reference data: parties choose mediators by expertise, language, model and rating. */
export const Mediator = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.mediator.load(ref.id);
  },
  async organization(m: MediatorRow, _: unknown, ctx: Context) {
    const organization = await ctx.loaders.organization.load(m.organizationId);
    if (!organization) throw new HubError('CONFLICT', `Mediator ${m.id} names an organisation that does not exist`);
    return organization;
  },
};
