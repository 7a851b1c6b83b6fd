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
  respondentDiscredited?: boolean | null;
  mediationOutcome?: string | null;
  arbitrationAgreementInstitutionId?: string | null;
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
    // Lost-connection repair (issue 4) will report its failures; until then none is known.
    respondentRepairFailed: false,
    respondentDiscredited: d.respondentDiscredited ?? null,
    mediationStatus: d.mediationOutcome ?? null,
    claimantJurisdiction: d.claimantJurisdiction ?? null,
    respondentJurisdiction: d.respondentJurisdiction ?? null,
    competentCourt: null,
  };
}
