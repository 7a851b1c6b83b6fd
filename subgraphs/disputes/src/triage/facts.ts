/**
 * What triage needs to know about a dispute. Each fact is owned by another subgraph and
 * reaches the disputes subgraph through the federated graph (entity fields and @requires),
 * never from copied tables; `null` means the owner does not know (or could not be asked).
 */
export type TrackName = 'NEGOTIATION' | 'MEDIATION' | 'ARBITRATION' | 'LITIGATION';
export type PartyJurisdiction = 'MAINLAND' | 'HONG_KONG' | 'MACAO' | 'TAIWAN' | 'FOREIGN';

export interface TriageFacts {
  /** disputes */
  category: string;
  claimAmount: number | null;
  /** arbitration (parties' contract) or platforms (platform terms) */
  arbitrationAgreement: { institutionId: string; source: 'CONTRACT' | 'PLATFORM_TERMS' } | null;
  /** platforms: the order's platform compensates consumers directly */
  platformOffersConsumerCompensation: boolean | null;
  /** identity: a confirmed service address, or a way to reach the respondent found by lost-connection repair */
  respondentReachable: boolean | null;
  /**
   * identity: lost-connection repair was tried and failed. Always false for now: identity's
   * lost-connection repair comes in issue 4 and will report its failures through the graph.
   */
  respondentRepairFailed: boolean;
  /** credit: the respondent is on the discredited judgment-debtor list */
  respondentDiscredited: boolean | null;
  /** mediation: the dispute's mediation case status, if any */
  mediationStatus: string | null;
  /** identity */
  claimantJurisdiction: PartyJurisdiction | null;
  respondentJurisdiction: PartyJurisdiction | null;
  /**
   * courts: the court competent for a first-instance lawsuit over the dispute, decided by the
   * courts subgraph from the dispute's category and the respondent's region (identity: the
   * division code in its identity number, i.e. its place of registration); null if unknown.
   */
  competentCourt: { id: string; name: string; hearsPatentCases: boolean; isInternetCourt: boolean } | null;
}
