/**
 * Ranks mediators for a case. Pure: no I/O, so the case manager's recommendation can be
 * explained and unit-tested factor by factor. The seeds report that ratings "exist but don't
 * drive anything" (seed 001 §3.4): here they do, next to expertise, language, model, region
 * and how many open cases a mediator already carries.
 */

export type MediationModelName = 'FACILITATIVE' | 'EVALUATIVE';

export interface RankableMediator {
  id: string;
  expertise: readonly string[];
  languages: readonly string[];
  model: MediationModelName;
  region: string;
  /** Average rating 1–5, null before the first rating. */
  rating: number | null;
  ratingsCount: number;
}

export interface RankingRequest {
  /** The dispute category (DisputeCategory value). */
  category: string;
  language?: string | null;
  preferredModel?: MediationModelName | null;
  /** Jurisdiction values of the identity subgraph: MAINLAND, HONG_KONG, MACAO, TAIWAN, FOREIGN. */
  claimantJurisdiction?: string | null;
  respondentJurisdiction?: string | null;
  /** Where the case is handled (the organisation's region); a fallback region preference. */
  caseRegion?: string | null;
}

export interface RankedMediator<M extends RankableMediator = RankableMediator> {
  mediator: M;
  /** Sum of the factor points; higher is better. */
  score: number;
  /** Human-readable reasons, one per factor that counted. */
  reasons: string[];
  activeCases: number;
}

/** Points per factor; the order of magnitude encodes priority (expertise first). */
export const WEIGHTS = {
  expertise: 40,
  language: 20,
  model: 15,
  region: 10,
  /** Full points with no open case, halving as load grows: load / (1 + load). */
  load: 10,
  /** Per rating star; an unrated mediator counts as NEUTRAL_RATING. */
  ratingPerStar: 2,
} as const;
export const NEUTRAL_RATING = 3;

const JURISDICTION_REGION: Record<string, string> = { HONG_KONG: 'Hong Kong', MACAO: 'Macao', TAIWAN: 'Taiwan' };
const FACILITATIVE_JURISDICTIONS = new Set(['HONG_KONG', 'MACAO']);

const norm = (s: string) => s.trim().toLowerCase();

/**
 * The model the case calls for: the referral's explicit preference, else facilitative when a
 * party is from Hong Kong or Macao, where facilitative mediation is the practice (seed 000
 * §2.2, §3.1); otherwise no preference (mainland practice is mostly evaluative, but a
 * mainland party has not asked for it).
 */
export function desiredModel(req: RankingRequest): { model: MediationModelName; why: string } | null {
  if (req.preferredModel) return { model: req.preferredModel, why: 'as the referral asks' };
  const from = [req.claimantJurisdiction, req.respondentJurisdiction].find((j) => j && FACILITATIVE_JURISDICTIONS.has(j));
  if (from) return { model: 'FACILITATIVE', why: `favoured by a party from ${JURISDICTION_REGION[from]}` };
  return null;
}

/** Regions that suit the case: those of cross-border parties, then the case's own region. */
export function preferredRegions(req: RankingRequest): string[] {
  const regions = [req.claimantJurisdiction, req.respondentJurisdiction]
    .map((j) => (j ? JURISDICTION_REGION[j] : undefined))
    .filter((r): r is string => !!r);
  if (req.caseRegion) regions.push(req.caseRegion);
  return [...new Set(regions)];
}

export function scoreMediator<M extends RankableMediator>(mediator: M, req: RankingRequest, activeCases: number): RankedMediator<M> {
  let score = 0;
  const reasons: string[] = [];

  if (mediator.expertise.some((e) => norm(e) === norm(req.category))) {
    score += WEIGHTS.expertise;
    reasons.push(`Experienced in ${req.category} disputes`);
  }
  if (req.language) {
    if (mediator.languages.some((l) => norm(l) === norm(req.language!))) {
      score += WEIGHTS.language;
      reasons.push(`Speaks ${req.language}`);
    } else {
      reasons.push(`Does not list ${req.language} among their languages`);
    }
  }
  const model = desiredModel(req);
  if (model && mediator.model === model.model) {
    score += WEIGHTS.model;
    reasons.push(`Practises ${model.model.toLowerCase()} mediation, ${model.why}`);
  }
  const regions = preferredRegions(req);
  const region = regions.find((r) => norm(r) === norm(mediator.region));
  if (region) {
    score += WEIGHTS.region;
    reasons.push(`Based in ${mediator.region}`);
  }
  const load = Math.max(0, activeCases);
  score += WEIGHTS.load / (1 + load);
  reasons.push(load === 0 ? 'No open cases' : `${load} open case${load === 1 ? '' : 's'}`);
  const rating = mediator.rating ?? NEUTRAL_RATING;
  score += WEIGHTS.ratingPerStar * rating;
  reasons.push(mediator.rating == null ? 'Not rated yet' : `Rated ${mediator.rating.toFixed(1)} by ${mediator.ratingsCount} part${mediator.ratingsCount === 1 ? 'y' : 'ies'}`);

  return { mediator, score: Math.round(score * 100) / 100, reasons, activeCases: load };
}

/**
 * Best first. Ties go to the better-rated, then the less loaded mediator, then by id so
 * the order is stable.
 */
export function rankMediators<M extends RankableMediator>(
  mediators: readonly M[],
  req: RankingRequest,
  activeCases: ReadonlyMap<string, number>,
  first = mediators.length,
): RankedMediator<M>[] {
  return mediators
    .map((m) => scoreMediator(m, req, activeCases.get(m.id) ?? 0))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.mediator.rating ?? NEUTRAL_RATING) - (a.mediator.rating ?? NEUTRAL_RATING) ||
        a.activeCases - b.activeCases ||
        (a.mediator.id < b.mediator.id ? -1 : a.mediator.id > b.mediator.id ? 1 : 0),
    )
    .slice(0, Math.max(0, first));
}
