import type { Context } from '../context.js';
import type { LitigationCaseRow } from '../db/schema.js';

export const LitigationCase = {
  /** Filtered by the caller's visibility in SQL: a case the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(ref.id);
  },
  court: (c: LitigationCaseRow, _: unknown, ctx: Context) => ctx.loaders.court.load(c.courtId),
  dispute: (c: LitigationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
};
