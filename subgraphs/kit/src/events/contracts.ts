import { z } from 'zod';

/**
 * The events that cross subgraph boundaries, and their payloads. A subgraph's other events
 * are its own business; these are a contract between publisher and consumers, so both sides
 * parse them with the same schema and a change shows up in both.
 */
export const TRACKS = ['NEGOTIATION', 'MEDIATION', 'ARBITRATION', 'LITIGATION'] as const;
export type Track = (typeof TRACKS)[number];

/** disputes → the subgraph owning `track`: open the case. */
export const DISPUTE_ROUTED = 'DisputeRouted';
export const disputeRoutedPayload = z.object({
  /** Correlates the case opened (or the refusal) with this route. */
  routeId: z.string(),
  track: z.enum(TRACKS),
  from: z.enum(TRACKS).nullable(),
  /** The organisation (mediation), institution (arbitration) or court filed at (litigation); null lets the owner choose. */
  destinationId: z.string().nullable(),
  /** Litigation: GB/T 2260 county code of the region the case belongs to. */
  regionCode: z.string().nullable(),
  /** Litigation: the claim in a few words. */
  claimType: z.string().nullable(),
  reason: z.string().nullable(),
  title: z.string(),
  category: z.string(),
  claimAmount: z.string().nullable(),
  claimantId: z.string(),
  respondentId: z.string(),
  originOrderId: z.string().nullable(),
  /** Facts both parties confirmed in an earlier, failed mediation: they travel with the dispute. */
  undisputedFacts: z.array(z.object({ statement: z.string(), agreedIn: z.string() })),
  /**
   * The court, organisation or platform the routing user acts for (the token's `org`): a
   * referral a court made must be reported back to that court, not to the judge's user id.
   * Absent in events written before it existed.
   */
  routedForBody: z.string().nullable().optional(),
});
export type DisputeRoutedPayload = z.infer<typeof disputeRoutedPayload>;

/**
 * disputes → the subgraph owning `track`: the dispute has left that track for `to`, whose case
 * is now open. The owner ends the case it still has open for the dispute, with `reason`, and
 * answers with TRACK_CASE_CLOSED. Published when the new track takes the dispute, not when the
 * route is asked for: a refused route sends the dispute back, and its case must still be open.
 */
export const DISPUTE_LEFT_TRACK = 'DisputeLeftTrack';
export const disputeLeftTrackPayload = z.object({
  /** The track left. */
  track: z.enum(TRACKS),
  /** The track the dispute is on now. */
  to: z.enum(TRACKS),
  /** The route that moved it; null when a case was opened on the new track directly (a court filing a lawsuit). */
  routeId: z.string().nullable(),
  /** Why the case ends, in words for both timelines: "the dispute was routed to litigation by the claimant: …". */
  reason: z.string(),
});
export type DisputeLeftTrackPayload = z.infer<typeof disputeLeftTrackPayload>;

/** owning subgraph → disputes: its case ended because the dispute left the track (DisputeLeftTrack). */
export const TRACK_CASE_CLOSED = 'TrackCaseClosed';
export const trackCaseClosedPayload = z.object({
  track: z.enum(TRACKS),
  /** The mediation case or platform negotiation closed. */
  caseId: z.string(),
  /** Its status before it closed, e.g. IN_SESSION. */
  fromStatus: z.string(),
  reason: z.string(),
  routeId: z.string().nullable(),
});
export type TrackCaseClosedPayload = z.infer<typeof trackCaseClosedPayload>;

/** owning subgraph → disputes: the route could not be carried out (no agreement, no order…). */
export const ROUTE_REFUSED = 'RouteRefused';
export const routeRefusedPayload = z.object({
  routeId: z.string(),
  track: z.enum(TRACKS),
  /** The refusal's rule or error code, e.g. NO_ARBITRATION_AGREEMENT. */
  code: z.string(),
  message: z.string(),
});
export type RouteRefusedPayload = z.infer<typeof routeRefusedPayload>;

/**
 * Performance of what a settlement or an award obliges (mediation: a settlement agreement;
 * arbitration: an award). Published by the subgraph that owns the obligation.
 */
export const OBLIGATION_KINDS = ['SETTLEMENT', 'AWARD'] as const;
const obligation = {
  obligation: z.enum(OBLIGATION_KINDS),
  /** The settlement agreement id, or the arbitration case id. */
  obligationId: z.string(),
  creditorId: z.string(),
  debtorId: z.string(),
};
const instalment = {
  instalmentId: z.string(),
  /** 1-based position in the schedule. */
  number: z.number().int().positive(),
  amount: z.string(),
  /** YYYY-MM-DD. */
  dueDate: z.string(),
};

export const INSTALMENT_PAID = 'InstalmentPaid';
export const instalmentPaidPayload = z.object({ ...obligation, ...instalment, paidAt: z.string() });
export type InstalmentPaidPayload = z.infer<typeof instalmentPaidPayload>;

/** An instalment's due date passed unpaid: the creditor may have it enforced. */
export const INSTALMENT_MISSED = 'InstalmentMissed';
export const instalmentMissedPayload = z.object({
  ...obligation,
  ...instalment,
  /** Everything still unpaid under the obligation, missed or not yet due. */
  outstandingAmount: z.string(),
  /** Awards: the court the creditor named to enforce the award, when it named one. */
  enforcementCourtId: z.string().nullish(),
});
export type InstalmentMissedPayload = z.infer<typeof instalmentMissedPayload>;

/** Every instalment paid: the obligation is performed. */
export const OBLIGATION_PERFORMED = 'ObligationPerformed';
export const obligationPerformedPayload = z.object({ ...obligation, totalAmount: z.string(), performedAt: z.string() });
export type ObligationPerformedPayload = z.infer<typeof obligationPerformedPayload>;

/**
 * disputes → identity (and anyone who decides access by relation): who is party to a dispute
 * and which bodies handle it. Published when a dispute is filed and whenever a body starts
 * handling it; each event carries the whole current set, so the latest one is the truth.
 */
export const DISPUTE_PARTICIPANTS_CHANGED = 'DisputeParticipantsChanged';
export const disputeParticipantsChangedPayload = z.object({
  claimantId: z.string(),
  respondentId: z.string(),
  /** Courts, mediation organisations, arbitration institutions (and platforms) handling the dispute. */
  handlingBodies: z.array(z.string()),
});
export type DisputeParticipantsChangedPayload = z.infer<typeof disputeParticipantsChangedPayload>;

/**
 * Grounds for listing a judgment debtor as discredited: SPC Provisions on Publishing the List
 * of Discredited Judgment Debtors (最高人民法院关于公布失信被执行人名单信息的若干规定, 2017
 * revision) art. 1, items 1–6 in order (verify).
 */
export const DISCREDIT_GROUNDS = [
  'REFUSES_DESPITE_ABILITY',
  'OBSTRUCTS_ENFORCEMENT',
  'EVADES_ENFORCEMENT',
  'VIOLATES_PROPERTY_REPORTING',
  'VIOLATES_CONSUMPTION_RESTRICTION',
  'REFUSES_ENFORCEMENT_SETTLEMENT',
] as const;
export type DiscreditGround = (typeof DISCREDIT_GROUNDS)[number];

/** Why a listing was removed. Art. 10 of the same provisions names more grounds (verify); the hub records performance only. */
export const DELISTING_REASONS = ['PERFORMED'] as const;
export type DelistingReason = (typeof DELISTING_REASONS)[number];

/** courts → credit: a court put the debtor of one of its enforcement cases on the discredited list. */
export const DEBTOR_DISCREDITED = 'DebtorDiscredited';
export const debtorDiscreditedPayload = z.object({
  listingId: z.string(),
  enforcementCaseId: z.string(),
  /** The enforcement case number, such as (2026)浙0782执12号: the list is published under it. */
  caseNumber: z.string(),
  courtId: z.string(),
  debtorId: z.string(),
  ground: z.enum(DISCREDIT_GROUNDS),
  /** The court's statement of the debtor's conduct, as published with the listing. */
  statement: z.string(),
  listedAt: z.string(),
});
export type DebtorDiscreditedPayload = z.infer<typeof debtorDiscreditedPayload>;

/** courts → credit: the listing is removed (the record of it is kept, with its removal). */
export const DEBTOR_DELISTED = 'DebtorDelisted';
export const debtorDelistedPayload = z.object({
  listingId: z.string(),
  enforcementCaseId: z.string(),
  caseNumber: z.string(),
  debtorId: z.string(),
  reason: z.enum(DELISTING_REASONS),
  removedAt: z.string(),
});
export type DebtorDelistedPayload = z.infer<typeof debtorDelistedPayload>;
