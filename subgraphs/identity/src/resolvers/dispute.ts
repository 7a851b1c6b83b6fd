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
  /** The latest lost-connection repair for the respondent failed: the registries know no way to reach it. */
  async respondentRepairFailed(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    if (!d.respondent) return null;
    const repair = await ctx.loaders.latestRepair.load(d.respondent.id);
    return repair ? repair.outcome === 'NO_CHANNEL' || repair.outcome === 'IDENTITY_MISMATCH' : false;
  },
  /**
   * For the courts subgraph's competent court: the county of the respondent's current
   * confirmed postal service address — where it says documents reach it — or else the
   * division in its identity number (its place of registration). Only a division code, never
   * the address itself, so it is not masked or logged.
   */
  async respondentRegionCode(d: DisputeRef, _: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    const party = d.respondent ? await ctx.loaders.party.load(d.respondent.id) : null;
    if (!party) return null;
    const postal = (await ctx.loaders.serviceAddresses.load(party.id)).find((a) => a.channel === 'POSTAL' && a.countyCode);
    return postal?.countyCode ?? registrationRegionCode(party.idType, party.idNumber);
  },
};
