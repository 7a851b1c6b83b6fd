/** Shapes of what the operations in operations.graphql return (hand-written, checked by use). */

export type Track = 'NEGOTIATION' | 'MEDIATION' | 'ARBITRATION' | 'LITIGATION';
export const TRACKS: readonly Track[] = ['NEGOTIATION', 'MEDIATION', 'ARBITRATION', 'LITIGATION'];
export type DisputeStatus =
  | 'FILED' | 'NEGOTIATING' | 'IN_MEDIATION' | 'SETTLED' | 'IN_ARBITRATION' | 'IN_LITIGATION'
  | 'RESOLVED' | 'WITHDRAWN' | 'UNRESOLVED' | 'DECIDED' | 'IN_ENFORCEMENT';
export const CATEGORIES = [
  'CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER',
] as const;
export type DisputeCategory = (typeof CATEGORIES)[number];

export interface PartyRef { id: string; name?: string | null }

export interface Order {
  id: string;
  orderNumber: string;
  amount: string;
  currency: string;
  itemSummary: string;
  placedAt: string;
  store: { id: string; name: string; platform: { id: string; name: string }; merchant: PartyRef | null };
  buyer: PartyRef | null;
}

export interface TimelineEvent {
  id: string;
  kind: string;
  summary: string;
  track: Track | null;
  occurredAt: string;
  actor: { role: string; id: string | null };
}

export interface Negotiation {
  id: string;
  status: string;
  requestedAmount: string;
  reason: string;
  offers: Array<{ id: string; accepted: boolean; amount: string | null; message: string; at: string }>;
}

export interface MediationCase {
  id: string;
  status: string;
  closedAt: string | null;
  organization: { id: string; name: string };
  mediator: { id: string; name: string } | null;
  settlement: {
    id: string;
    terms: string;
    contentHash: string;
    signedAt: string | null;
    instalments: Array<{ number: number; amount: string; dueDate: string; status: string | null }>;
    signatures: Array<{ side: 'CLAIMANT' | 'RESPONDENT'; signedAt: string }>;
  } | null;
  ratings: Array<{ side: 'CLAIMANT' | 'RESPONDENT'; score: number }>;
}

export interface Evidence { id: string; title: string; sha256: string; mediaType: string; sizeBytes: number; submittedAt: string }

export interface Dispute {
  id: string;
  title: string;
  description: string;
  category: string;
  status: DisputeStatus;
  track: Track | null;
  claimAmount: string | null;
  filedAt: string;
  updatedAt: string;
  claimant: PartyRef | null;
  respondent: PartyRef | null;
  origin: { id: string; orderNumber: string } | null;
  evidence: Evidence[];
  timeline: TimelineEvent[];
  negotiation: Negotiation | null;
  mediation: MediationCase | null;
}

export interface DisputeSummary {
  id: string;
  title: string;
  status: DisputeStatus;
  track: Track | null;
  filedAt: string;
  origin: { id: string } | null;
  claimant: { id: string } | null;
  respondent: { id: string } | null;
}

export interface Recommendation {
  track: Track;
  alternatives: Track[];
  advice: string[];
  reasons: Array<{ ruleId: string; explanation: string }>;
  court: { id: string; name: string; englishName: string } | null;
}

export interface ServiceAddress { id: string; channel: 'MOBILE' | 'EMAIL' | 'IN_APP' | 'POSTAL'; address: string; version: number; confirmedAt: string }

export interface Me {
  id: string;
  name: string;
  contactChannels: Array<{ kind: ServiceAddress['channel']; value: string; source: string }>;
  serviceAddresses: ServiceAddress[];
}

export interface DisputeUpdate {
  cursor: string;
  occurredAt: string;
  resync: { replayLimit: number; reason: string } | null;
  dispute: { id: string; status: DisputeStatus; track: Track | null } | null;
  event: TimelineEvent | null;
}

export type Side = 'buyer' | 'seller';
