import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgSchema, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { eventCursorsTable, idempotencyKeysTable, outboxTable } from '@fengqiao/subgraph-kit';

export const mediationSchema = pgSchema('mediation');

export const organizationKind = mediationSchema.enum('mediation_organization_kind', ['PEOPLES_MEDIATION', 'INDUSTRY', 'COURT_INVITED', 'CROSS_BORDER']);
export const mediationModel = mediationSchema.enum('mediation_model', ['FACILITATIVE', 'EVALUATIVE']);
export const mediationStatus = mediationSchema.enum('mediation_status', [
  'REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION', 'SETTLED', 'FAILED', 'WITHDRAWN',
]);

/** Stages of a facilitative mediation (seed 000 §4); stages can be adjusted, so any order is accepted. */
export const mediationStage = mediationSchema.enum('mediation_stage', [
  'OPENING_REMARKS', 'JOINT_MEETING', 'INDIVIDUAL_INTERVIEW', 'SECOND_JOINT_MEETING', 'SETTLEMENT_NEGOTIATION', 'OTHER',
]);
/** How the mediator tried to reach the respondent; traceable virtual numbers and SMS (seed 000 §8.2). */
export const contactChannel = mediationSchema.enum('contact_channel', ['PHONE', 'VIRTUAL_NUMBER', 'SMS', 'EMAIL', 'INSTANT_MESSAGE', 'VIDEO', 'IN_PERSON']);
export const partySide = mediationSchema.enum('party_side', ['CLAIMANT', 'RESPONDENT']);
/** How an instalment of a sealed settlement stands; MISSED can still become PAID (a late payment). */
export const instalmentStatus = mediationSchema.enum('instalment_status', ['DUE', 'PAID', 'MISSED']);

/** Statuses in which a case is still open: a dispute has at most one open case. */
export const OPEN_STATUSES = ['REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION'] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const mediationOrganizations = mediationSchema.table(
  'mediation_organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: organizationKind('kind').notNull(),
    region: text('region').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_organizations_region_idx').on(t.region)],
);

export const mediators = mediationSchema.table(
  'mediators',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull().references(() => mediationOrganizations.id),
    name: text('name').notNull(),
    /** Dispute categories (the disputes subgraph's DisputeCategory values) the mediator is experienced in. */
    expertise: text('expertise').array().notNull().default([]),
    languages: text('languages').array().notNull().default([]),
    model: mediationModel('model').notNull(),
    region: text('region').notNull(),
    /** Average of the parties' ratings, 1 to 5; null before the first rating. */
    rating: numeric('rating', { precision: 3, scale: 2, mode: 'number' }),
    ratingsCount: integer('ratings_count').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediators_organization_idx').on(t.organizationId)],
);

export const mediationCases = mediationSchema.table(
  'mediation_cases',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    /** Copied from the referral so visibility is decided here, without asking the disputes subgraph. */
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    organizationId: text('organization_id').notNull().references(() => mediationOrganizations.id),
    mediatorId: text('mediator_id').references(() => mediators.id),
    status: mediationStatus('status').notNull().default('REFERRED'),
    /** The dispute category (the disputes subgraph's DisputeCategory), copied from the referral. */
    category: text('category').notNull().default('OTHER'),
    /** The language the parties want to be mediated in, when the referral says. */
    language: text('language'),
    preferredModel: mediationModel('preferred_model'),
    /** The identity subgraph's Jurisdiction of each party (MAINLAND, HONG_KONG, MACAO, TAIWAN, FOREIGN). */
    claimantJurisdiction: text('claimant_jurisdiction'),
    respondentJurisdiction: text('respondent_jurisdiction'),
    /** Termination of Mediation Report (Guangzhou Internet Court DDR Mediation Regulations art. 36, seed 000 §5.2). */
    terminationReport: text('termination_report'),
    terminatedAt: ts('terminated_at'),
    withdrawalReason: text('withdrawal_reason'),
    referredAt: ts('referred_at').notNull().defaultNow(),
    /**
     * Who referred the case: the role (court, platform, admin, party; a routed dispute's
     * router) and its id — for a court, the court's id, so a lapse is reported back to it.
     */
    referredByRole: text('referred_by_role').notNull(),
    referredById: text('referred_by_id'),
    /** The current organisation must acknowledge the referral by then (MEDIATION_ACK_HOURS after it was offered to it). */
    acknowledgeBy: ts('acknowledge_by'),
    acknowledgedAt: ts('acknowledged_at'),
    /** How many organisations were offered the case before the current one. */
    reofferCount: integer('reoffer_count').notNull().default(0),
    /** Every organisation offered the case so far, the current one included: never offered twice. */
    offeredOrganizationIds: text('offered_organization_ids').array().notNull().default([]),
    /** When no organisation acknowledged in time and the referral was reported back. */
    lapsedAt: ts('lapsed_at'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('mediation_cases_dispute_idx').on(t.disputeId, t.referredAt),
    index('mediation_cases_organization_idx').on(t.organizationId),
    index('mediation_cases_mediator_idx').on(t.mediatorId),
    index('mediation_cases_claimant_idx').on(t.claimantId),
    index('mediation_cases_respondent_idx').on(t.respondentId),
    /** What the acknowledgement job scans: unacknowledged referrals by deadline. */
    index('mediation_cases_acknowledge_by_idx').on(t.acknowledgeBy).where(sql`${t.status} = 'REFERRED' and ${t.acknowledgedAt} is null`),
    uniqueIndex('mediation_cases_open_dispute_uq')
      .on(t.disputeId)
      .where(sql`${t.status} in ('REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION')`),
  ],
);

export const settlementAgreements = mediationSchema.table(
  'settlement_agreements',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => mediationCases.id),
    terms: text('terms').notNull(),
    /** SHA-256 (lower-case hex) of `terms`, so the written record can be shown to be intact later. */
    contentHash: text('content_hash').notNull(),
    /** Instalments (amount in yuan as a decimal string, due date YYYY-MM-DD), part of the hashed content. */
    instalments: jsonb('instalments').notNull().$type<SettlementInstalment[]>().default([]),
    claimantSignedAt: ts('claimant_signed_at'),
    respondentSignedAt: ts('respondent_signed_at'),
    /** Each side's own confirmation of its signature by one-time code (identity's challenge id, and when); cleared with the signature on a redraft. */
    claimantStepUpId: text('claimant_step_up_id'),
    claimantStepUpAt: ts('claimant_step_up_at'),
    respondentStepUpId: text('respondent_step_up_id'),
    respondentStepUpAt: ts('respondent_step_up_at'),
    /** When the second party signed: from then on the agreement is immutable. */
    signedAt: ts('signed_at'),
    draftedBy: text('drafted_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('settlement_agreements_case_uq').on(t.caseId)],
);

export interface SettlementInstalment {
  amount: string;
  dueDate: string;
}

/**
 * How each instalment of a sealed settlement is being performed. Kept apart from
 * `settlement_agreements` so following payments never touches the signed, hashed content;
 * a row per instalment is written when the agreement is sealed. `due_date` repeats the sealed
 * content's date (which can no longer change) so the missed-instalment job can find rows by it.
 */
export const instalmentPerformance = mediationSchema.table(
  'instalment_performance',
  {
    settlementId: text('settlement_id').notNull().references(() => settlementAgreements.id),
    /** 1-based position in the settlement's `instalments`. */
    number: integer('number').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: instalmentStatus('status').notNull().default('DUE'),
    /** When the due date passed unpaid; kept after a late payment. */
    missedAt: ts('missed_at'),
    paidAt: ts('paid_at'),
    /** `role:id` of whoever confirmed the payment. */
    paymentRecordedBy: text('payment_recorded_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.settlementId, t.number] }), index('instalment_performance_due_idx').on(t.status, t.dueDate)],
);

export const mediationSessions = mediationSchema.table(
  'mediation_sessions',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => mediationCases.id),
    stage: mediationStage('stage').notNull(),
    heldAt: ts('held_at').notNull(),
    summary: text('summary').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId, t.heldAt)],
);

export const contactAttempts = mediationSchema.table(
  'contact_attempts',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => mediationCases.id),
    reached: boolean('reached').notNull(),
    channel: contactChannel('channel').notNull(),
    note: text('note'),
    mediatorId: text('mediator_id').notNull(),
    attemptedAt: ts('attempted_at').notNull().defaultNow(),
  },
  (t) => [index('contact_attempts_case_idx').on(t.caseId, t.attemptedAt)],
);

/** Facts proposed with the termination report; undisputed once both parties confirmed them. */
export const mediationFacts = mediationSchema.table(
  'mediation_facts',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => mediationCases.id),
    position: integer('position').notNull(),
    statement: text('statement').notNull(),
    claimantConfirmedAt: ts('claimant_confirmed_at'),
    respondentConfirmedAt: ts('respondent_confirmed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_facts_case_idx').on(t.caseId, t.position)],
);

/** One rating per party per case; the mediator's average is kept on `mediators`. */
export const mediatorRatings = mediationSchema.table(
  'mediator_ratings',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => mediationCases.id),
    mediatorId: text('mediator_id').notNull().references(() => mediators.id),
    partyId: text('party_id').notNull(),
    side: partySide('side').notNull(),
    score: smallint('score').notNull(),
    comment: text('comment'),
    ratedAt: ts('rated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mediator_ratings_case_party_uq').on(t.caseId, t.partyId), index('mediator_ratings_mediator_idx').on(t.mediatorId)],
);

export const idempotencyKeys = idempotencyKeysTable(mediationSchema);

/** The transactional outbox; its rows on a case (aggregate `MediationCase`) are also the case's timeline. */
export const outbox = outboxTable(mediationSchema);

export const eventCursors = eventCursorsTable(mediationSchema);

export const tables = {
  mediationOrganizations, mediators, mediationCases, settlementAgreements, instalmentPerformance, mediationSessions, contactAttempts, mediationFacts, mediatorRatings, idempotencyKeys, outbox, eventCursors,
};
export type MediationOrganizationRow = typeof mediationOrganizations.$inferSelect;
export type MediatorRow = typeof mediators.$inferSelect;
export type MediationCaseRow = typeof mediationCases.$inferSelect;
export type SettlementAgreementRow = typeof settlementAgreements.$inferSelect;
export type InstalmentPerformanceRow = typeof instalmentPerformance.$inferSelect;
export type InstalmentStatus = InstalmentPerformanceRow['status'];
export type MediationSessionRow = typeof mediationSessions.$inferSelect;
export type ContactAttemptRow = typeof contactAttempts.$inferSelect;
export type MediationFactRow = typeof mediationFacts.$inferSelect;
export type MediatorRatingRow = typeof mediatorRatings.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type MediationStatus = MediationCaseRow['status'];
