import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import { competentCourtFact, type CompetentCourtFact } from '../competent-court-fact.js';
import type { Context } from '../context.js';
import type { CourtRow } from '../db/schema.js';
import type { Category } from '../jurisdiction.js';

/** The representation the gateway sends: the key and, for the competent court, the fields it @requires. */
type DisputeRef = { id: string; category?: Category | null; respondentRegionCode?: string | null };

/** The courts, read once per request (one SQL statement however many disputes are asked about). */
const courtsOfRequest = new WeakMap<object, Promise<CourtRow[]>>();
function allCourts(ctx: Context): Promise<CourtRow[]> {
  let courts = courtsOfRequest.get(ctx.loaders);
  if (!courts) {
    courts = ctx.services.store.courts();
    courtsOfRequest.set(ctx.loaders, courts);
  }
  return courts;
}

async function competent(d: DisputeRef, ctx: Context): Promise<CompetentCourtFact | null> {
  requireAuthenticated(ctx.caller);
  if (!d.category || !d.respondentRegionCode) return null;
  return competentCourtFact(d.category, d.respondentRegionCode, await allCourts(ctx));
}

/**
 * The disputes subgraph owns Dispute; this one adds its lawsuit and judicial confirmation,
 * and the competent court as a triage fact for the disputes subgraph's recommendation.
 */
export const Dispute = {
  litigation: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.litigationOfDispute.load(d.id),
  judicialConfirmation: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.confirmationOfDispute.load(d.id),
  enforcementCases: (d: { id: string }, _: unknown, ctx: Context) => ctx.loaders.enforcementOfDispute.load(d.id),
  competentCourtId: async (d: DisputeRef, _: unknown, ctx: Context) => (await competent(d, ctx))?.id ?? null,
  competentCourtName: async (d: DisputeRef, _: unknown, ctx: Context) => (await competent(d, ctx))?.name ?? null,
  competentCourtHearsPatentCases: async (d: DisputeRef, _: unknown, ctx: Context) => (await competent(d, ctx))?.hearsPatentCases ?? null,
  competentCourtIsInternetCourt: async (d: DisputeRef, _: unknown, ctx: Context) => (await competent(d, ctx))?.isInternetCourt ?? null,
};
