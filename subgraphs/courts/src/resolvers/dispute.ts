import type { Context } from '../context.js';

/** The disputes subgraph owns Dispute; this one adds its lawsuit and judicial confirmation. */
export const Dispute = {
  litigation: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.litigationOfDispute.load(d.id),
  judicialConfirmation: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.confirmationOfDispute.load(d.id),
};
