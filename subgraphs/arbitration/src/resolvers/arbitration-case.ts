import type { Context } from '../context.js';
import type { ArbitrationCaseRow } from '../db/schema.js';

export const ArbitrationCase = {
  /** Filtered by the caller's visibility in SQL: a case the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(ref.id);
  },
  institution: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(c.institutionId),
  dispute: (c: ArbitrationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  award: (c: ArbitrationCaseRow) =>
    c.awardIssuedAt && c.awardSummary ? { issuedAt: c.awardIssuedAt, summary: c.awardSummary } : null,
};
