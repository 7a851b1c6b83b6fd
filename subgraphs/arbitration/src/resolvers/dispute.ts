import type { Context } from '../context.js';

/** The disputes subgraph owns Dispute; this one adds the dispute's arbitration case. */
export const Dispute = {
  arbitration: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseOfDispute.load(d.id),
};
