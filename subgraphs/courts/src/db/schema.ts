import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { DELISTING_REASONS, DISCREDIT_GROUNDS, eventCursorsTable, idempotencyKeysTable, outboxTable } from '@fengqiao/subgraph-kit';

export const courtsSchema = pgSchema('courts');

export const courtLevel = courtsSchema.enum('court_level', ['SUPREME', 'HIGH', 'INTERMEDIATE', 'BASIC']);
export const litigationStatus = courtsSchema.enum('litigation_status', ['FILED', 'TRANSFERRED', 'IN_TRIAL', 'JUDGED', 'MEDIATED', 'WITHDRAWN']);
export const procedure = courtsSchema.enum('procedure', ['ORDINARY', 'SUMMARY']);
export const judicialConfirmationStatus = courtsSchema.enum('judicial_confirmation_status', ['APPLIED', 'CONFIRMED', 'REJECTED']);
/** Mirrors the disputes subgraph's DisputeCategory. */
export const litigationCategory = courtsSchema.enum('litigation_category', [
  'CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER',
]);
export const enforcementBasis = courtsSchema.enum('enforcement_basis', ['JUDGMENT', 'JUDICIAL_CONFIRMATION', 'ARBITRATION_AWARD']);
/** APPLIED until the obligation enforced is performed in full (CONCLUDED). */
export const enforcementStatus = courtsSchema.enum('enforcement_status', ['APPLIED', 'CONCLUDED']);
/** SPC Provisions on Publishing the List of Discredited Judgment Debtors (2017) art. 1 (verify); the order of its items. */
export const discreditGround = courtsSchema.enum('discredit_ground', DISCREDIT_GROUNDS);
export const delistingReason = courtsSchema.enum('delisting_reason', DELISTING_REASONS);
/** How an enforcement case came: a creditor's (or court's) application, or opened by the hub on a missed instalment. */
export const enforcementTrigger = courtsSchema.enum('enforcement_trigger', ['APPLICATION', 'MISSED_INSTALMENT']);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Public reference data: the people's courts the hub files with. */
export const courts = courtsSchema.table(
  'courts',
  {
    id: text('id').primaryKey(),
    /** The official name in Chinese. */
    name: text('name').notNull(),
    englishName: text('english_name').notNull(),
    /** The court code used in case numbers (法院代字), such as 粤0192. */
    code: text('code').notNull(),
    level: courtLevel('level').notNull(),
    isInternetCourt: boolean('is_internet_court').notNull().default(false),
    hearsPatentCases: boolean('hears_patent_cases').notNull().default(false),
    /** GB/T 2260 code of the division the court sits in, such as 330782. */
    region: text('region').notNull(),
  },
  (t) => [uniqueIndex('courts_code_idx').on(t.code), index('courts_region_idx').on(t.region)],
);

export const litigationCases = courtsSchema.table(
  'litigation_cases',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    /** Copied from the dispute when it is filed, so visibility needs no call to the disputes subgraph. */
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    courtId: text('court_id').notNull().references(() => courts.id),
    caseNumber: text('case_number').notNull(),
    status: litigationStatus('status').notNull().default('FILED'),
    procedure: procedure('procedure').notNull().default('ORDINARY'),
    filedAt: ts('filed_at').notNull().defaultNow(),
    /** The claimed amount the fee was computed from; null for a case filed without one (litigation-fee.ts: non-property and IP cases, or a routed dispute that named none). */
    claimAmount: numeric('claim_amount', { precision: 15, scale: 2 }),
    /** The case acceptance fee in yuan (see litigation-fee.ts), the lower bound where the province fixes it within a range; recomputed when the case ends by mediation or withdrawal. */
    fee: numeric('fee', { precision: 15, scale: 2 }).notNull(),
    category: litigationCategory('category').notNull().default('OTHER'),
    /** A short description of the claim (e.g. "refund of price", "patent infringement damages"); similar cases share it. */
    claimType: text('claim_type').notNull().default(''),
    /** GB/T 2260 code of the region the jurisdiction was decided from. */
    regionCode: text('region_code'),
    /** Facts the parties agreed on in a failed mediation (Agreement on Confirmation of Undisputed Facts). */
    undisputedFacts: jsonb('undisputed_facts').$type<string[]>().notNull().default([]),
    trialScheduledFor: ts('trial_scheduled_for'),
    hearingRecord: text('hearing_record'),
    judgmentSummary: text('judgment_summary'),
    /** When the case reached JUDGED, MEDIATED or WITHDRAWN. */
    closedAt: ts('closed_at'),
    /** The test-case group the case belongs to, if any. */
    testCaseGroupId: text('test_case_group_id'),
  },
  (t) => [
    // One lawsuit per dispute: a transfer changes the court of the same case.
    uniqueIndex('litigation_cases_dispute_idx').on(t.disputeId),
    uniqueIndex('litigation_cases_case_number_idx').on(t.caseNumber),
    index('litigation_cases_court_idx').on(t.courtId),
    index('litigation_cases_claimant_idx').on(t.claimantId),
    index('litigation_cases_respondent_idx').on(t.respondentId),
    index('litigation_cases_group_idx').on(t.testCaseGroupId),
  ],
);

/** Cross-regional filing: a case filed at a court without jurisdiction moves to the competent one. */
export const caseTransfers = courtsSchema.table(
  'case_transfers',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => litigationCases.id),
    fromCourtId: text('from_court_id').notNull().references(() => courts.id),
    toCourtId: text('to_court_id').notNull().references(() => courts.id),
    reason: text('reason').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('case_transfers_case_idx').on(t.caseId, t.at)],
);

/** The last sequence number given per court, year and case type: case numbers count from 1 each year. */
export const caseNumberSequences = courtsSchema.table(
  'case_number_sequences',
  {
    courtId: text('court_id').notNull().references(() => courts.id),
    year: integer('year').notNull(),
    caseType: text('case_type').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courtId, t.year, t.caseType] })],
);

/** What happened to a court case (lawsuit, confirmation, enforcement, test-case group), oldest first. */
export const caseEvents = courtsSchema.table(
  'case_events',
  {
    id: text('id').primaryKey(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail'),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('case_events_aggregate_idx').on(t.aggregateId, t.at)],
);

/** Model (test-case) litigation: one case of a class is heard first; the others audit it. */
export const testCaseGroups = courtsSchema.table(
  'test_case_groups',
  {
    id: text('id').primaryKey(),
    courtId: text('court_id').notNull().references(() => courts.id),
    testCaseId: text('test_case_id').notNull().references(() => litigationCases.id),
    respondentId: text('respondent_id').notNull(),
    category: litigationCategory('category').notNull(),
    claimType: text('claim_type').notNull(),
    formedAt: ts('formed_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('test_case_groups_test_case_idx').on(t.testCaseId)],
);

/** Case-guided mediation offered to a group member after the test case was judged. */
export const mediationOffers = courtsSchema.table(
  'mediation_offers',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id').notNull().references(() => testCaseGroups.id),
    caseId: text('case_id').notNull().references(() => litigationCases.id),
    judgmentSummary: text('judgment_summary').notNull(),
    offeredAt: ts('offered_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_offers_group_idx').on(t.groupId), uniqueIndex('mediation_offers_case_idx').on(t.caseId)],
);

export const enforcementCases = courtsSchema.table(
  'enforcement_cases',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    basis: enforcementBasis('basis').notNull(),
    /** The case number of the judgment or confirmation, or the arbitration case (number or id) of the award. */
    basisReference: text('basis_reference').notNull(),
    applicantId: text('applicant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    courtId: text('court_id').notNull().references(() => courts.id),
    caseNumber: text('case_number').notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    status: enforcementStatus('status').notNull().default('APPLIED'),
    appliedAt: ts('applied_at').notNull().defaultNow(),
    trigger: enforcementTrigger('trigger').notNull().default('APPLICATION'),
    /** For MISSED_INSTALMENT: the settlement agreement or arbitration case whose instalment was missed. */
    obligationId: text('obligation_id'),
    /** When the enforcement was concluded by performance (status CONCLUDED). */
    concludedAt: ts('concluded_at'),
  },
  (t) => [
    uniqueIndex('enforcement_cases_case_number_idx').on(t.caseNumber),
    // One automatic application per obligation, however many of its instalments are missed.
    uniqueIndex('enforcement_cases_obligation_idx').on(t.obligationId),
    index('enforcement_cases_dispute_idx').on(t.disputeId),
    index('enforcement_cases_applicant_idx').on(t.applicantId),
    index('enforcement_cases_respondent_idx').on(t.respondentId),
  ],
);

/**
 * The list of discredited judgment debtors: a court lists the debtor of one of its enforcement
 * cases. A removed listing is kept with its removal, as the debtor's history.
 */
export const discreditedListings = courtsSchema.table(
  'discredited_listings',
  {
    id: text('id').primaryKey(),
    enforcementCaseId: text('enforcement_case_id').notNull().references(() => enforcementCases.id),
    debtorId: text('debtor_id').notNull(),
    courtId: text('court_id').notNull().references(() => courts.id),
    ground: discreditGround('ground').notNull(),
    statement: text('statement').notNull(),
    listedAt: ts('listed_at').notNull().defaultNow(),
    listedBy: text('listed_by'),
    removedAt: ts('removed_at'),
    removalReason: delistingReason('removal_reason'),
  },
  (t) => [
    // One listing per case at a time, whatever two concurrent requests do.
    uniqueIndex('discredited_listings_current_idx').on(t.enforcementCaseId).where(sql`${t.removedAt} is null`),
    index('discredited_listings_case_idx').on(t.enforcementCaseId, t.listedAt),
    index('discredited_listings_debtor_idx').on(t.debtorId),
  ],
);

export const judicialConfirmations = courtsSchema.table(
  'judicial_confirmations',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    courtId: text('court_id').notNull().references(() => courts.id),
    caseNumber: text('case_number').notNull(),
    status: judicialConfirmationStatus('status').notNull().default('APPLIED'),
    appliedAt: ts('applied_at').notNull().defaultNow(),
    ruledAt: ts('ruled_at'),
    /** The mediation agreement applied for (its id or number on the hub). */
    settlementReference: text('settlement_reference'),
    /** When the agreement took effect: the 30-day period runs from here. */
    settlementEffectiveAt: ts('settlement_effective_at'),
    rulingReason: text('ruling_reason'),
    /** A party applying confirmed the application itself by one-time code: identity's challenge id, when, and the application's hash. */
    stepUpChallengeId: text('step_up_challenge_id'),
    stepUpConfirmedAt: ts('step_up_confirmed_at'),
    stepUpContentHash: text('step_up_content_hash'),
  },
  (t) => [
    // A confirmation code is spent on one application.
    uniqueIndex('judicial_confirmations_step_up_idx').on(t.stepUpChallengeId),
    // Not unique: after a rejection the parties may apply again with an amended agreement.
    index('judicial_confirmations_dispute_idx').on(t.disputeId, t.appliedAt),
    uniqueIndex('judicial_confirmations_case_number_idx').on(t.caseNumber),
    index('judicial_confirmations_court_idx').on(t.courtId),
    index('judicial_confirmations_claimant_idx').on(t.claimantId),
    index('judicial_confirmations_respondent_idx').on(t.respondentId),
  ],
);

export const idempotencyKeys = idempotencyKeysTable(courtsSchema);
export const outbox = outboxTable(courtsSchema);

export const eventCursors = eventCursorsTable(courtsSchema);

/**
 * Missed instalments of settlements not (yet) judicially confirmed: not enforceable today,
 * but a confirmation granted later makes them so, and enforcement then follows at once.
 */
export const settlementDefaults = courtsSchema.table('settlement_defaults', {
  settlementId: text('settlement_id').primaryKey(),
  /** The latest InstalmentMissed payload: its outstanding amount is what enforcement asks for. */
  missed: jsonb('missed').notNull().$type<Record<string, unknown>>(),
  disputeId: text('dispute_id'),
  recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const tables = {
  courts, settlementDefaults, litigationCases, judicialConfirmations, idempotencyKeys, outbox, eventCursors,
  caseTransfers, caseNumberSequences, caseEvents, testCaseGroups, mediationOffers, enforcementCases, discreditedListings,
};
export type CourtRow = typeof courts.$inferSelect;
export type LitigationCaseRow = typeof litigationCases.$inferSelect;
export type JudicialConfirmationRow = typeof judicialConfirmations.$inferSelect;
export type CaseTransferRow = typeof caseTransfers.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type TestCaseGroupRow = typeof testCaseGroups.$inferSelect;
export type MediationOfferRow = typeof mediationOffers.$inferSelect;
export type EnforcementCaseRow = typeof enforcementCases.$inferSelect;
export type DiscreditedListingRow = typeof discreditedListings.$inferSelect;
export type LitigationCategory = (typeof litigationCategory.enumValues)[number];
