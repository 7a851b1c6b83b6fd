import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
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
  enforcementCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.enforcementCase.load(args.id);
  },
};
