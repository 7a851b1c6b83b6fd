import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import { registrationRegionCode } from '../region-code.js';

type DisputeRef = { id: string; claimant?: { id: string } | null; respondent?: { id: string } | null };

/**
 * Triage facts identity owns, read for the disputes subgraph's recommendation. They say
 * where a party is from and whether documents can reach the respondent — never the
 * personal data behind them, so they are not masked or logged.
 */
export const Dispute = {
  // Keep the whole representation: it carries the parties the facts @require.
  __resolveReference: (ref: DisputeRef) => ref,
  async claimantJurisdiction(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return d.claimant ? ((await ctx.loaders.party.load(d.claimant.id))?.jurisdiction ?? null) : null;
  },
  async respondentJurisdiction(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return d.respondent ? ((await ctx.loaders.party.load(d.respondent.id))?.jurisdiction ?? null) : null;
  },
  async respondentReachable(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    if (!d.respondent || !(await ctx.loaders.party.load(d.respondent.id))) return null;
    return (await ctx.loaders.serviceAddresses.load(d.respondent.id)).length > 0;
  },
  /**
   * For the courts subgraph's competent court: the division code in the respondent's identity
   * number (its place of registration — an approximation until issue 4 parses postal
   * addresses). Only a division, never the number itself, so it is not masked or logged.
   */
  async respondentRegionCode(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    const party = d.respondent ? await ctx.loaders.party.load(d.respondent.id) : null;
    return party ? registrationRegionCode(party.idType, party.idNumber) : null;
  },
};
