import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { MediationCaseRow } from '../db/schema.js';

export const MediationCase = {
  /** `null` when the caller may not see the case, exactly as when it does not exist. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.mediationCase.load(ref.id);
  },
  dispute: (c: MediationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  async organization(c: MediationCaseRow, _: unknown, ctx: Context) {
    const organization = await ctx.loaders.organization.load(c.organizationId);
    if (!organization) throw new HubError('CONFLICT', `Mediation case ${c.id} names an organisation that does not exist`);
    return organization;
  },
  mediator: (c: MediationCaseRow, _: unknown, ctx: Context) => (c.mediatorId ? ctx.loaders.mediator.load(c.mediatorId) : null),
  settlement: (c: MediationCaseRow, _: unknown, ctx: Context) => ctx.loaders.settlementOfCase.load(c.id),
};
