import type { Context } from '../context.js';
import type { ArbitrationAgreementRow, ArbitrationCaseRow } from '../db/schema.js';

export const ArbitrationCase = {
  /** Filtered by the caller's visibility in SQL: a case the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(ref.id);
  },
  institution: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(c.institutionId),
  dispute: (c: ArbitrationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  award: (c: ArbitrationCaseRow) =>
    c.awardIssuedAt && c.awardSummary
      ? { issuedAt: c.awardIssuedAt, summary: c.awardSummary, amount: c.awardAmount, instalments: c.awardInstalments }
      : null,
  agreement: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => (c.agreementId ? ctx.loaders.agreement.load(c.agreementId) : null),
  events: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfCase.load(c.id),
};

export const ArbitrationAgreement = {
  institution: (a: ArbitrationAgreementRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(a.institutionId),
};
