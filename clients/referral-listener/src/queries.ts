/**
 * What the listener asks for. A referral brings fields from three subgraphs: the case from
 * mediation, the dispute from disputes, the parties' names from identity.
 */
export const REFERRAL_FIELDS = /* GraphQL */ `
  fragment ListenerReferral on MediationCase {
    id
    status
    category
    referredAt
    acknowledgeBy
    acknowledgedAt
    reofferCount
    language
    organization { id name }
    dispute { id title category claimAmount filedAt }
    claimant { id name kind }
    respondent { id name kind }
  }
`;

export const REFERRAL_CREATED = /* GraphQL */ `
  subscription ReferralListener($organizationId: ID!, $after: String) {
    referralCreated(organizationId: $organizationId, after: $after) {
      cursor
      occurredAt
      resync { replayLimit reason }
      reofferedFrom { id name }
      referral { ...ListenerReferral }
    }
  }
  ${REFERRAL_FIELDS}
`;

export const OPEN_REFERRALS = /* GraphQL */ `
  query ListenerOpenReferrals($organizationId: ID!) {
    openReferrals(organizationId: $organizationId) { ...ListenerReferral }
  }
  ${REFERRAL_FIELDS}
`;

export const ACKNOWLEDGE_REFERRAL = /* GraphQL */ `
  mutation ListenerAcknowledge($caseId: ID!) {
    acknowledgeReferral(caseId: $caseId) { id acknowledgedAt }
  }
`;

export interface PartyRef {
  id: string;
  name?: string | null;
  kind?: string | null;
}

export interface Referral {
  id: string;
  status?: string;
  category?: string;
  referredAt?: string;
  acknowledgeBy?: string | null;
  acknowledgedAt?: string | null;
  reofferCount?: number;
  language?: string | null;
  organization?: { id: string; name?: string } | null;
  dispute?: { id: string; title?: string; category?: string; claimAmount?: string | null; filedAt?: string } | null;
  claimant?: PartyRef | null;
  respondent?: PartyRef | null;
  [field: string]: unknown;
}

export interface ReferralEvent {
  cursor: string;
  occurredAt?: string;
  resync?: { replayLimit: number; reason: string } | null;
  reofferedFrom?: { id: string; name?: string } | null;
  referral?: Referral | null;
}

/** One line of the listener's output (stdout) and the body it POSTs to the webhook. */
export interface ReferralLine {
  cursor: string;
  occurredAt?: string;
  /** Present (true) on referrals re-read from `openReferrals` after a resync notice. */
  resync?: true;
  referral: Referral;
  reofferedFrom?: { id: string; name?: string } | null;
}
