import { competentCourt, type Category, type CourtInfo } from './jurisdiction.js';

/** The competent court as the disputes subgraph's triage reads it (`Dispute.competentCourt*`). */
export interface CompetentCourtFact {
  id: string;
  name: string;
  hearsPatentCases: boolean;
  isInternetCourt: boolean;
}

/**
 * The court competent for a first-instance lawsuit over a dispute, as a triage fact: decided
 * by `competentCourt` (src/jurisdiction.ts) from the dispute's category and the respondent's
 * region, as if filed now. Whether the dispute is internet-related is left to the category
 * defaults there (the hub's online categories are), since a dispute says nothing more. The
 * region is identity's `respondentRegionCode`: the division in the respondent's identity
 * number, its place of registration — an approximation of its domicile until issue 4 parses
 * postal addresses. Null when the category or region is unknown or no court on the hub is
 * competent. Pure: unit-tested without a database.
 */
export function competentCourtFact(
  category: Category | null | undefined,
  regionCode: string | null | undefined,
  courts: readonly (CourtInfo & { name: string })[],
  now: Date = new Date(),
): CompetentCourtFact | null {
  if (!category || !regionCode) return null;
  const decision = competentCourt({ category, regionCode, filedAt: now }, courts);
  if (!decision.ok) return null;
  const court = courts.find((c) => c.id === decision.courtId);
  return court ? { id: court.id, name: court.name, hearsPatentCases: court.hearsPatentCases, isInternetCourt: court.isInternetCourt } : null;
}
