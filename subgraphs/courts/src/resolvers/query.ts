import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import { categoryFeeEstimate, type Procedure } from '../litigation-fee.js';
import { visibleGroup } from './test-case-group.js';

export const Query = {
  courts(_: unknown, args: { region?: string | null }, ctx: Context) {
    return ctx.services.manager.courts(args.region);
  },
  court(_: unknown, args: { id: string }, ctx: Context) {
    return ctx.loaders.court.load(args.id);
  },
  litigationCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.litigationCase.load(args.id);
  },
  judicialConfirmation(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.judicialConfirmation.load(args.id);
  },
  testCaseGroup(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return visibleGroup(args.id, ctx);
  },
  /** Public reference, like the courts: the fee art. 13 sets for a claim; no case, no party, nothing logged. */
  litigationFeeEstimate(_: unknown, args: { category: string; claimAmount?: string | null; procedure?: Procedure | null }) {
    return categoryFeeEstimate(args.category, args.claimAmount ?? null, { procedure: args.procedure ?? 'ORDINARY' });
  },
  enforcementCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.enforcementCase.load(args.id);
  },
};
