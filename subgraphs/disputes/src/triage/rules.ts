import type { TrackName, TriageFacts } from './facts.js';

/**
 * The triage rule table. Each rule has a stable id (clients and the timeline cite it), the
 * source it rests on, and what it concludes. Rules are evaluated in order; the first rule
 * that decides the track wins, and every rule that applies adds its reason, so a
 * recommendation always explains itself. Sources marked (verify) come from general
 * knowledge of Chinese procedure law, as DOMAIN.md asks, not from the seed documents.
 */
export interface RuleOutcome {
  /** The track this rule decides, if it decides one. */
  track?: TrackName;
  /** Tracks this rule rules out (e.g. a valid arbitration agreement excludes the courts). */
  excludes?: TrackName[];
  /** Advice that does not change the track (a mediator model, judicial confirmation). */
  advice?: string;
  explanation: string;
}

export interface TriageRule {
  id: string;
  source: string;
  applies(facts: TriageFacts): RuleOutcome | null;
}

const CONSUMER_CATEGORIES = new Set(['CONSUMER_PURCHASE', 'ONLINE_SERVICE']);

/** Names the competent court (decided by the courts subgraph) for rules that send the dispute to court; empty when unknown. */
function atCompetentCourt(f: TriageFacts): string {
  const court = f.competentCourt;
  if (!court) return '';
  return court.isInternetCourt
    ? ` The competent court is ${court.name}, an Internet court that hears the case online.`
    : ` The competent court is ${court.name}.`;
}

/**
 * A clause in a platform's standard terms does not bind a consumer to arbitrate: it is a standard
 * term that limits the consumer's right to sue, and such a term is invalid. Only an agreement the
 * parties made themselves (source CONTRACT: negotiated, or made after the dispute arose) excludes
 * the courts.
 */
const consumerUnderPlatformTerms = (f: TriageFacts) =>
  f.arbitrationAgreement?.source === 'PLATFORM_TERMS' && CONSUMER_CATEGORIES.has(f.category);

export const TRIAGE_RULES: readonly TriageRule[] = [
  {
    id: 'PLATFORM_TERMS_DO_NOT_BIND_CONSUMER',
    source: 'SPC Provisions on Several Issues Concerning the Application of Law in the Trial of Online Consumption Disputes (I), 法释〔2022〕8号, art. 1(4): a standard term of an e-commerce operator that excludes or limits a consumer\'s right to complain, mediate, arbitrate or sue is invalid; Civil Code arts. 496–497 (standard terms)',
    applies: (f) =>
      consumerUnderPlatformTerms(f)
        ? { explanation: 'The platform\'s terms name an arbitration institution, but a standard term cannot take away a consumer\'s right to go to court: arbitration is one option, and the courts remain open.' }
        : null,
  },
  {
    id: 'ARBITRATION_AGREEMENT_EXCLUDES_COURT',
    source: 'Arbitration Law of the PRC art. 5 (verify): a valid arbitration agreement excludes the people\'s courts; DOMAIN.md track 3',
    applies: (f) =>
      f.arbitrationAgreement && !consumerUnderPlatformTerms(f)
        ? {
            track: 'ARBITRATION',
            excludes: ['LITIGATION'],
            explanation: `The parties agreed to arbitration (${f.arbitrationAgreement.source === 'PLATFORM_TERMS' ? 'in the platform\'s terms' : 'in their contract'}), so the courts will not hear the case; it goes to the named institution.`,
          }
        : null,
  },
  {
    id: 'MEDIATION_FAILED_GOES_TO_COURT',
    source: 'Guangzhou Internet Court DDR platform Mediation Regulations art. 36 (seed 000 §5.2): after a failed mediation the dispute is filed to the court with the undisputed facts',
    applies: (f) =>
      f.mediationStatus === 'FAILED'
        ? { track: 'LITIGATION', explanation: `Mediation has already failed; the dispute goes to court, carrying the facts both parties confirmed.${atCompetentCourt(f)}` }
        : null,
  },
  {
    id: 'SETTLED_IN_MEDIATION_STAYS',
    source: 'Seed 000 §6.2 and DOMAIN.md "Success": a signed settlement agreement ends the mediation; the parties may apply for judicial confirmation, and instalments are followed until performed',
    applies: (f) =>
      f.mediationStatus === 'SETTLED'
        ? { track: 'MEDIATION', explanation: 'A settlement agreement has been signed in mediation; what remains is performing it, with judicial confirmation if the parties want it enforceable.' }
        : null,
  },
  {
    id: 'UNREACHABLE_RESPONDENT_GOES_TO_COURT',
    source: 'Seed 000 §3.3 (an unreachable respondent ends mediation by withdrawal) and seed 001 §2.3 (lost-connection repair); a court can serve by public notice',
    applies: (f) =>
      f.respondentReachable === false && f.respondentRepairFailed
        ? { track: 'LITIGATION', explanation: `The respondent cannot be reached, even after lost-connection repair; mediation needs both parties, while a court can serve documents by public notice.${atCompetentCourt(f)}` }
        : null,
  },
  {
    id: 'PATENT_NEEDS_COMPETENT_COURT',
    source: 'Seed 001 §3.2 (basic courts hear trademark and copyright cases, not patents); SPC provisions on patent jurisdiction (verify)',
    applies: (f) => {
      if (f.category !== 'PATENT') return null;
      const court = f.competentCourt;
      const where = court?.hearsPatentCases
        ? ` ${court.name} is competent for this one and may hear it.`
        : court
          ? ` ${court.name}, the court found for it, may not hear them: only an intermediate court or an intellectual property court can, not a basic court.`
          : ' Only an intermediate court or an intellectual property court can hear it, not a basic court.';
      return { advice: 'PATENT_COURT', explanation: `Patent disputes need a court that may hear patent cases.${where}` };
    },
  },
  {
    id: 'CONSUMER_COMPENSATION_FIRST',
    source: 'White paper "Chinese Courts and Internet Judiciary" (2019), Fuzhou Jiunong v. Xunmeng: platforms withhold the merchant\'s funds and compensate consumers; DOMAIN.md track 1',
    applies: (f) =>
      f.platformOffersConsumerCompensation && CONSUMER_CATEGORIES.has(f.category)
        ? { track: 'NEGOTIATION', explanation: 'The platform compensates consumers directly from the merchant\'s withheld funds: the quickest and cheapest way, tried first. If it fails, the dispute moves to mediation without being filed again.' }
        : null,
  },
  {
    id: 'MEDIATION_FIRST',
    source: 'Seed 000 §6.2 ("people\'s mediation + judicial confirmation"); DOMAIN.md track 2',
    applies: () => ({ track: 'MEDIATION', explanation: 'Mediation comes first: it is free or cheap, faster than a lawsuit, and a settlement can be confirmed by a court to make it enforceable.' }),
  },
  {
    id: 'CROSS_BORDER_FACILITATIVE_MEDIATOR',
    source: 'Seed 000 §2.2 and §3.1: Hong Kong and Macao practise facilitative mediation, the mainland mostly evaluative',
    applies: (f) =>
      [f.claimantJurisdiction, f.respondentJurisdiction].some((j) => j === 'HONG_KONG' || j === 'MACAO')
        ? { advice: 'FACILITATIVE_MEDIATOR', explanation: 'A party is from Hong Kong or Macao, where mediation is facilitative; a facilitative mediator from there can be offered.' }
        : null,
  },
  {
    id: 'DISCREDITED_RESPONDENT_CONFIRM_SETTLEMENT',
    source: 'Civil Procedure Law 2021 art. 205 (verify): judicial confirmation makes a mediation agreement enforceable; seed 000 §7.2 (58.8% of users want it)',
    applies: (f) =>
      f.respondentDiscredited
        ? { advice: 'JUDICIAL_CONFIRMATION', explanation: 'The respondent is on the discredited judgment-debtor list: have any settlement judicially confirmed so it can be enforced at once if not performed.' }
        : null,
  },
];

export interface Recommendation {
  track: TrackName;
  alternatives: TrackName[];
  reasons: { ruleId: string; source: string; explanation: string }[];
  advice: string[];
  /** The competent court, when litigation is the track or still an alternative and the court is known. */
  court: { id: string; name: string } | null;
}

const ALL_TRACKS: TrackName[] = ['NEGOTIATION', 'MEDIATION', 'ARBITRATION', 'LITIGATION'];

/**
 * Applies the rule table in order, among the tracks still open to the dispute (`open`: the
 * routes its status allows, and the track it is on). A rule whose track is closed to it neither
 * decides nor explains: a dispute that ended unresolved is not offered the negotiation it cannot
 * go back to. MEDIATION_FIRST decides when nothing else did; with no open track at all (the
 * dispute is resolved, withdrawn or decided) there is nothing to recommend: null.
 */
export function recommend(facts: TriageFacts, rules?: readonly TriageRule[]): Recommendation;
export function recommend(facts: TriageFacts, rules: readonly TriageRule[] | undefined, open: readonly TrackName[]): Recommendation | null;
export function recommend(facts: TriageFacts, rules: readonly TriageRule[] = TRIAGE_RULES, open: readonly TrackName[] = ALL_TRACKS): Recommendation | null {
  if (!open.length) return null;
  let track: TrackName | undefined;
  const excluded = new Set<TrackName>(ALL_TRACKS.filter((t) => !open.includes(t)));
  const reasons: Recommendation['reasons'] = [];
  const advice: string[] = [];
  for (const rule of rules) {
    const outcome = rule.applies(facts);
    if (!outcome) continue;
    if (outcome.track && track) continue; // a later default does not speak once a track is decided
    outcome.excludes?.forEach((t) => excluded.add(t));
    if (outcome.track && !excluded.has(outcome.track)) track = outcome.track;
    else if (outcome.track) continue;
    if (outcome.advice) advice.push(outcome.advice);
    reasons.push({ ruleId: rule.id, source: rule.source, explanation: outcome.explanation });
  }
  // Every open track was ruled out by a rule (only ever litigation by arbitration): the first open one.
  const chosen = track ?? (open.includes('MEDIATION') ? 'MEDIATION' : open.find((t) => !excluded.has(t)) ?? open[0]!);
  const alternatives = ALL_TRACKS.filter((t) => t !== chosen && !excluded.has(t) && !(t === 'ARBITRATION' && !facts.arbitrationAgreement));
  const court = facts.competentCourt && (chosen === 'LITIGATION' || alternatives.includes('LITIGATION'))
    ? { id: facts.competentCourt.id, name: facts.competentCourt.name }
    : null;
  return { track: chosen, alternatives, reasons, advice, court };
}
