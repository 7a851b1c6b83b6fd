import { HubError } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { MediationCaseRow, MediationFactRow, OutboxRow, SettlementAgreementRow } from '../db/schema.js';
import { MediationManager } from '../mediation-manager.js';
import { instalmentStates, summarisePerformance, type InstalmentState } from '../settlement-performance.js';

/** A settlement carries its case's parties so its signatures can name them. */
export type SettlementWithParties = SettlementAgreementRow & { claimantId: string; respondentId: string };

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
  referredBy: (c: MediationCaseRow) => ({ role: c.referredByRole, id: c.referredById }),
  async settlement(c: MediationCaseRow, _: unknown, ctx: Context): Promise<SettlementWithParties | null> {
    const s = await ctx.loaders.settlementOfCase.load(c.id);
    return s ? { ...s, claimantId: c.claimantId, respondentId: c.respondentId } : null;
  },
  claimant: (c: MediationCaseRow) => ({ __typename: 'Party', id: c.claimantId }),
  respondent: (c: MediationCaseRow) => ({ __typename: 'Party', id: c.respondentId }),
  contactAttempts: (c: MediationCaseRow, _: unknown, ctx: Context) => ctx.loaders.contactAttemptsOfCase.load(c.id),
  sessions: (c: MediationCaseRow, _: unknown, ctx: Context) => ctx.loaders.sessionsOfCase.load(c.id),
  terminationReport: (c: MediationCaseRow) =>
    c.terminationReport && c.terminatedAt ? { caseId: c.id, report: c.terminationReport, filedAt: c.terminatedAt } : null,
  async undisputedFacts(c: MediationCaseRow, _: unknown, ctx: Context) {
    return (await ctx.loaders.factsOfCase.load(c.id)).filter(MediationManager.isUndisputed);
  },
  ratings: (c: MediationCaseRow, _: unknown, ctx: Context) => ctx.loaders.ratingsOfCase.load(c.id),
  events: (c: MediationCaseRow, _: unknown, ctx: Context) => ctx.loaders.eventsOfCase.load(c.id),
};

/** A draft's instalments are not followed, so its performance rows are not even looked up. */
async function statesOf(s: SettlementWithParties, ctx: Context): Promise<InstalmentState[]> {
  return instalmentStates(s.instalments, s.signedAt ? await ctx.loaders.performanceOfSettlement.load(s.id) : []);
}

/** An instalment as the schedule states it; how it is performed is looked up only when asked for. */
export interface ScheduledInstalment {
  settlementId: string;
  sealed: boolean;
  number: number;
  amount: string;
  dueDate: string;
}

async function performanceRowOf(i: ScheduledInstalment, ctx: Context) {
  if (!i.sealed) return null;
  return (await ctx.loaders.performanceOfSettlement.load(i.settlementId)).find((r) => r.number === i.number) ?? null;
}

export const SettlementInstalment = {
  status: async (i: ScheduledInstalment, _: unknown, ctx: Context) => (await performanceRowOf(i, ctx))?.status ?? null,
  paidAt: async (i: ScheduledInstalment, _: unknown, ctx: Context) => (await performanceRowOf(i, ctx))?.paidAt ?? null,
  missedAt: async (i: ScheduledInstalment, _: unknown, ctx: Context) => (await performanceRowOf(i, ctx))?.missedAt ?? null,
};

export const SettlementAgreement = {
  instalments: (s: SettlementWithParties): ScheduledInstalment[] =>
    s.instalments.map((i, index) => ({ settlementId: s.id, sealed: s.signedAt != null, number: index + 1, amount: i.amount, dueDate: i.dueDate })),
  performance: async (s: SettlementWithParties, _: unknown, ctx: Context) => summarisePerformance(await statesOf(s, ctx)),
  signatures(s: SettlementWithParties) {
    type Confirmation = { challengeId: string; confirmedAt: Date; contentHash: string } | null;
    const out: { side: string; party: { __typename: 'Party'; id: string }; signedAt: Date; partyConfirmation: Confirmation }[] = [];
    const confirmation = (challengeId: string | null, confirmedAt: Date | null): Confirmation =>
      challengeId && confirmedAt ? { challengeId, confirmedAt, contentHash: s.contentHash } : null;
    if (s.claimantSignedAt) out.push({ side: 'CLAIMANT', party: { __typename: 'Party', id: s.claimantId }, signedAt: s.claimantSignedAt, partyConfirmation: confirmation(s.claimantStepUpId, s.claimantStepUpAt) });
    if (s.respondentSignedAt) out.push({ side: 'RESPONDENT', party: { __typename: 'Party', id: s.respondentId }, signedAt: s.respondentSignedAt, partyConfirmation: confirmation(s.respondentStepUpId, s.respondentStepUpAt) });
    return out.sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime());
  },
};

export const TerminationReport = {
  proposedFacts: (r: { caseId: string }, _: unknown, ctx: Context) => ctx.loaders.factsOfCase.load(r.caseId),
};

export const MediationFact = {
  confirmedByClaimantAt: (f: MediationFactRow) => f.claimantConfirmedAt,
  confirmedByRespondentAt: (f: MediationFactRow) => f.respondentConfirmedAt,
  undisputed: (f: MediationFactRow) => MediationManager.isUndisputed(f),
};

export const MediationEvent = {
  id: (e: OutboxRow) => String(e.seq),
  kind: (e: OutboxRow) => e.eventType,
  actor: (e: OutboxRow) => ({ role: e.actorRole, id: e.actorId }),
  at: (e: OutboxRow) => e.occurredAt,
  note: (e: OutboxRow) => (typeof e.payload.note === 'string' ? e.payload.note : null),
};
