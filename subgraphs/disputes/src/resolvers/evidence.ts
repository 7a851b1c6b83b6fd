import type { Context } from '../context.js';
import type { EvidenceRow } from '../db/schema.js';

export const Evidence = {
  /** Evidence is visible exactly when its dispute is. */
  async __resolveReference(ref: { id: string }, ctx: Context) {
    const evidence = await ctx.loaders.evidence.load(ref.id);
    if (!evidence) return null;
    return (await ctx.loaders.dispute.load(evidence.disputeId)) ? evidence : null;
  },
  submittedBy: (e: EvidenceRow) => ({ __typename: 'Party', id: e.submittedBy }),
};
