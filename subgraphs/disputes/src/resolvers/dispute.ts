import type { Context } from '../context.js';
import type { DisputeRow } from '../db/schema.js';

export const Dispute = {
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.dispute.load(ref.id);
  },
  claimant: (d: DisputeRow) => ({ __typename: 'Party', id: d.claimantId }),
  respondent: (d: DisputeRow) => ({ __typename: 'Party', id: d.respondentId }),
  origin: (d: DisputeRow) => (d.originOrderId ? { __typename: 'Order', id: d.originOrderId } : null),
  timeline: (d: DisputeRow, _: unknown, ctx: Context) => ctx.loaders.timeline.load(d.id),
  evidence: (d: DisputeRow, _: unknown, ctx: Context) => ctx.loaders.evidenceOfDispute.load(d.id),
};
