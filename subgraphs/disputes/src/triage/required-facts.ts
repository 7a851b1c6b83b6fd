import type { DisputeRow } from '../db/schema.js';
import type { PartyJurisdiction, TriageFacts } from './facts.js';

/**
 * The facts `Dispute.recommendation` @requires, as the gateway hands them over in the
 * entity representation. Each is owned and resolved by another subgraph.
 */
export interface RequiredFacts {
  platformOffersConsumerCompensation?: boolean | null;
  platformArbitrationInstitutionId?: string | null;
  claimantJurisdiction?: PartyJurisdiction | null;
  respondentJurisdiction?: PartyJurisdiction | null;
  respondentReachable?: boolean | null;
  /** identity: the latest lost-connection repair for the respondent found no way to reach it. */
  respondentRepairFailed?: boolean | null;
  respondentDiscredited?: boolean | null;
  mediationOutcome?: string | null;
  arbitrationAgreementInstitutionId?: string | null;
  /** courts: the competent court, from the dispute's category and identity's respondent region. */
  competentCourtId?: string | null;
  competentCourtName?: string | null;
  competentCourtHearsPatentCases?: boolean | null;
  competentCourtIsInternetCourt?: boolean | null;
}

export function triageFactsOf(d: DisputeRow & RequiredFacts): TriageFacts {
  const contract = d.arbitrationAgreementInstitutionId;
  const terms = d.platformArbitrationInstitutionId;
  return {
    category: d.category,
    claimAmount: d.claimAmount === null ? null : Number(d.claimAmount),
    arbitrationAgreement: contract ? { institutionId: contract, source: 'CONTRACT' } : terms ? { institutionId: terms, source: 'PLATFORM_TERMS' } : null,
    platformOffersConsumerCompensation: d.platformOffersConsumerCompensation ?? null,
    respondentReachable: d.respondentReachable ?? null,
    respondentRepairFailed: d.respondentRepairFailed ?? false,
    respondentDiscredited: d.respondentDiscredited ?? null,
    mediationStatus: d.mediationOutcome ?? null,
    claimantJurisdiction: d.claimantJurisdiction ?? null,
    respondentJurisdiction: d.respondentJurisdiction ?? null,
    competentCourt: competentCourtOf(d),
  };
}

function competentCourtOf(d: RequiredFacts): TriageFacts['competentCourt'] {
  if (!d.competentCourtId || !d.competentCourtName) return null;
  return {
    id: d.competentCourtId,
    name: d.competentCourtName,
    hearsPatentCases: d.competentCourtHearsPatentCases ?? false,
    isInternetCourt: d.competentCourtIsInternetCourt ?? false,
  };
}
