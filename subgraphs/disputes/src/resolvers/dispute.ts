import type { Context } from '../context.js';
import type { DisputeRow, UndisputedFactRow } from '../db/schema.js';
import { triageFactsOf, type RequiredFacts } from '../triage/required-facts.js';
import { openTracks } from '../routing.js';
import { recommend } from '../triage/rules.js';

export const Dispute = {
  async __resolveReference(ref: { id: string } & RequiredFacts, ctx: Context) {
    const row = await ctx.loaders.dispute.load(ref.id);
    // The representation carries the facts other subgraphs contributed (@requires): keep them.
    return row ? { ...ref, ...row } : null;
  },
  recommendation: (d: DisputeRow & RequiredFacts) => recommend(triageFactsOf(d), undefined, openTracks(d)),
  claimant: (d: DisputeRow) => ({ __typename: 'Party', id: d.claimantId }),
  respondent: (d: DisputeRow) => ({ __typename: 'Party', id: d.respondentId }),
  origin: (d: DisputeRow) => (d.originOrderId ? { __typename: 'Order', id: d.originOrderId } : null),
  timeline: (d: DisputeRow, _: unknown, ctx: Context) => ctx.loaders.timeline.load(d.id),
  evidence: (d: DisputeRow, _: unknown, ctx: Context) => ctx.loaders.evidenceOfDispute.load(d.id),
  undisputedFacts: (d: DisputeRow, _: unknown, ctx: Context) => ctx.loaders.undisputedFacts.load(d.id),
  /** The other open disputes on the same matter (same-matter.ts), as far as the caller may see them. */
  async openDisputesOnSameOrder(d: DisputeRow, _: unknown, ctx: Context) {
    if (!d.originOrderId) return [];
    const others = await ctx.loaders.openOnSameOrder.load(d.id);
    const rows = await ctx.loaders.dispute.loadMany(others.map((o) => o.otherId));
    return rows.filter((r): r is DisputeRow => !!r && !(r instanceof Error));
  },
};

export const UndisputedFact = {
  agreedIn: (f: UndisputedFactRow) => ({ __typename: 'MediationCase', id: f.agreedIn }),
};
