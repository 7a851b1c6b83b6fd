import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  arbitrationInstitutions(_: unknown, __: unknown, ctx: Context) {
    return ctx.services.manager.institutions();
  },
  arbitrationInstitution(_: unknown, args: { id: string }, ctx: Context) {
    return ctx.loaders.institution.load(args.id);
  },
  arbitrationCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.arbitrationCase.load(args.id);
  },
  arbitrationAgreements(_: unknown, args: { partyId: string }, ctx: Context) {
    return ctx.services.workflow.agreementsOf(ctx.caller, args.partyId);
  },
};
