import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

type DisputeRef = { id: string; respondent?: { id: string } | null };

/** The triage fact credit owns: whether the respondent is a listed discredited debtor (read and logged like any profile read). */
export const Dispute = {
  // Keep the whole representation: it carries the respondent the fact @requires.
  __resolveReference: (ref: DisputeRef) => ref,
  async respondentDiscredited(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return d.respondent ? (await ctx.loaders.profile(d.respondent.id)).discredited : null;
  },
};
