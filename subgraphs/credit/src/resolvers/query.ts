import { requireAuthenticated, type Connection } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { CreditReadRow } from '../db/schema.js';

type Page = { first?: number | null; after?: string | null };
const nodes = (c: Connection<CreditReadRow>) => ({ nodes: c.edges.map((e) => e.node), pageInfo: c.pageInfo });

export const Query = {
  creditProfile(_: unknown, args: { partyId: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.profile(args.partyId);
  },
  judicialCreditReport(_: unknown, args: { partyId: string; purpose: string }, ctx: Context) {
    return ctx.services.manager.report(ctx.caller, args.partyId, args.purpose);
  },
  myCreditConsents(_: unknown, __: unknown, ctx: Context) {
    return ctx.services.manager.myConsents(ctx.caller);
  },
  async myCreditLookups(_: unknown, args: Page, ctx: Context) {
    return nodes(await ctx.services.manager.myLookups(ctx.caller, args.first, args.after));
  },
  async creditLookups(_: unknown, args: Page & { partyId: string }, ctx: Context) {
    return nodes(await ctx.services.manager.lookups(ctx.caller, args.partyId, args.first, args.after));
  },
};
