import type { Context } from '../context.js';
import { MediationManager } from '../mediation-manager.js';

/** The disputes subgraph owns Dispute; this subgraph adds the dispute's mediation case. */
export const Dispute = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  async mediation(d: { id: string }, _: unknown, ctx: Context) {
    return MediationManager.currentCase(await ctx.loaders.casesOfDispute.load(d.id));
  },
  /** Triage fact: the status of the dispute's current mediation case, as the caller may see it. */
  async mediationOutcome(d: { id: string }, _: unknown, ctx: Context) {
    return MediationManager.currentCase(await ctx.loaders.casesOfDispute.load(d.id))?.status ?? null;
  },
};
