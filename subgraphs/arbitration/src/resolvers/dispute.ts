import type { Context } from '../context.js';

/** The disputes subgraph owns Dispute; this one adds the dispute's arbitration case. */
type DisputeRef = { id: string; claimant?: { id: string } | null; respondent?: { id: string } | null };

export const Dispute = {
  arbitration: (d: DisputeRef, _: unknown, ctx: Context) => ctx.loaders.caseOfDispute.load(d.id),
  /**
   * Triage fact: the institution named by the newest agreement that binds both parties and
   * was made for this dispute or for their dealings in general (platform terms, a contract).
   */
  async arbitrationAgreementInstitutionId(d: DisputeRef, _: unknown, ctx: Context) {
    if (ctx.caller.role === 'anonymous' || !d.claimant || !d.respondent) return null;
    const respondentId = d.respondent.id;
    const binding = (await ctx.loaders.agreementsOfParty.load(d.claimant.id)).find(
      (a) => a.partyIds.includes(respondentId) && (a.disputeId === null || a.disputeId === d.id),
    );
    return binding?.institutionId ?? null;
  },
};
