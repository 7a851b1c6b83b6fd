import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';

export const Query = {
  mediationOrganizations(_: unknown, args: { region?: string | null }, ctx: Context) {
    return ctx.services.store.organizations(args.region?.trim() || null);
  },
  mediationOrganization(_: unknown, args: { id: string }, ctx: Context) {
    return ctx.loaders.organization.load(args.id);
  },
  mediationCase(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.mediationCase.load(args.id);
  },
  mediatorRecommendations(_: unknown, args: { caseId: string; first?: number | null }, ctx: Context) {
    return ctx.services.manager.recommendMediators(ctx.caller, args.caseId, args.first);
  },
  openReferrals(_: unknown, args: { organizationId: string }, ctx: Context) {
    return ctx.services.manager.openReferrals(ctx.caller, args.organizationId);
  },
};
