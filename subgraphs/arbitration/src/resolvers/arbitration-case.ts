import type { Context } from '../context.js';
import type { ArbitrationAgreementRow, ArbitrationCaseRow } from '../db/schema.js';

export interface Award {
  caseId: string;
  issuedAt: Date;
  summary: string;
  amount: string | null;
  /** Whether the award sets instalments; only then is there a schedule to follow. */
  scheduled: boolean;
  enforcementCourtId: string | null;
}

export const ArbitrationCase = {
  /** Filtered by the caller's visibility in SQL: a case the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(ref.id);
  },
  institution: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(c.institutionId),
  dispute: (c: ArbitrationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  award: (c: ArbitrationCaseRow): Award | null =>
    c.awardIssuedAt && c.awardSummary
      ? {
        caseId: c.id, issuedAt: c.awardIssuedAt, summary: c.awardSummary, amount: c.awardAmount,
        scheduled: !!c.awardInstalments?.length, enforcementCourtId: c.awardEnforcementCourtId,
      }
      : null,
  agreement: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => (c.agreementId ? ctx.loaders.agreement.load(c.agreementId) : null),
  events: (c: ArbitrationCaseRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfCase.load(c.id),
};

export const ArbitrationAward = {
  instalments: (a: Award, _: unknown, ctx: Context) => (a.scheduled ? ctx.loaders.instalmentsOfCase.load(a.caseId) : null),
  async performedAt(a: Award, _: unknown, ctx: Context) {
    if (!a.scheduled) return null;
    const schedule = await ctx.loaders.instalmentsOfCase.load(a.caseId);
    if (!schedule.length || schedule.some((i) => i.status !== 'PAID')) return null;
    return new Date(Math.max(...schedule.map((i) => i.paidAt!.getTime())));
  },
};

export const ArbitrationAgreement = {
  institution: (a: ArbitrationAgreementRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(a.institutionId),
};
