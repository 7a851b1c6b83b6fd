import { date, index, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { eventCursorsTable, idempotencyKeysTable, outboxTable } from '@fengqiao/subgraph-kit';

export const arbitrationSchema = pgSchema('arbitration');

export const arbitrationStatus = arbitrationSchema.enum('arbitration_status', ['FILED', 'TRIBUNAL_FORMED', 'HEARING', 'AWARDED', 'WITHDRAWN']);
export const agreementSource = arbitrationSchema.enum('agreement_source', ['PLATFORM_TERMS', 'CONTRACT']);
export const awardInstalmentStatus = arbitrationSchema.enum('award_instalment_status', ['DUE', 'PAID', 'MISSED']);

export interface AwardInstalment {
  /** YYYY-MM-DD */
  dueOn: string;
  amount: string;
}

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Public reference data: the arbitration commissions cases can be filed with. */
export const arbitrationInstitutions = arbitrationSchema.table('arbitration_institutions', {
  id: text('id').primaryKey(),
  /** The institution's English name. */
  name: text('name').notNull(),
  chineseName: text('chinese_name').notNull(),
  city: text('city').notNull(),
  website: text('website'),
});

/**
 * A written arbitration agreement (Arbitration Law art. 16): a clause in a contract or in a
 * platform's standard terms, naming the institution. Without one there is no arbitration
 * (art. 4), and a valid one excludes the courts (art. 5).
 */
export const arbitrationAgreements = arbitrationSchema.table(
  'arbitration_agreements',
  {
    id: text('id').primaryKey(),
    /** The dispute it was recorded for, if any; platform terms usually predate every dispute. */
    disputeId: text('dispute_id'),
    partyIds: jsonb('party_ids').$type<string[]>().notNull(),
    institutionId: text('institution_id').notNull().references(() => arbitrationInstitutions.id),
    source: agreementSource('source').notNull(),
    clauseText: text('clause_text').notNull(),
    signedAt: ts('signed_at').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    recordedByRole: text('recorded_by_role').notNull(),
    recordedById: text('recorded_by_id'),
  },
  (t) => [index('arbitration_agreements_institution_idx').on(t.institutionId), index('arbitration_agreements_dispute_idx').on(t.disputeId)],
);

export const arbitrationCases = arbitrationSchema.table(
  'arbitration_cases',
  {
    id: text('id').primaryKey(),
    disputeId: text('dispute_id').notNull(),
    /** Copied from the dispute when it is filed, so visibility needs no call to the disputes subgraph. */
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    institutionId: text('institution_id').notNull().references(() => arbitrationInstitutions.id),
    caseNumber: text('case_number').notNull(),
    status: arbitrationStatus('status').notNull().default('FILED'),
    filedAt: ts('filed_at').notNull().defaultNow(),
    awardIssuedAt: ts('award_issued_at'),
    awardSummary: text('award_summary'),
    /** The agreement the case rests on (null only for cases seeded before agreements were recorded). */
    agreementId: text('agreement_id').references(() => arbitrationAgreements.id),
    claimAmount: numeric('claim_amount', { precision: 15, scale: 2 }),
    arbitrators: jsonb('arbitrators').$type<string[]>().notNull().default([]),
    hearingStartedAt: ts('hearing_started_at'),
    awardAmount: numeric('award_amount', { precision: 15, scale: 2 }),
    /** The schedule as awarded; its performance is followed in `award_instalments`. */
    awardInstalments: jsonb('award_instalments').$type<AwardInstalment[]>(),
    /** The court the award names for enforcement, if any: where a missed instalment is sent (see courts' enforcement-on-default). */
    awardEnforcementCourtId: text('award_enforcement_court_id'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    // A valid arbitration agreement sends a dispute to one institution, once.
    uniqueIndex('arbitration_cases_dispute_idx').on(t.disputeId),
    uniqueIndex('arbitration_cases_institution_number_idx').on(t.institutionId, t.caseNumber),
    index('arbitration_cases_claimant_idx').on(t.claimantId),
    index('arbitration_cases_respondent_idx').on(t.respondentId),
  ],
);

/** What happened to an arbitration case, oldest first. */
export const arbitrationEvents = arbitrationSchema.table(
  'arbitration_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => arbitrationCases.id),
    kind: text('kind').notNull(),
    detail: text('detail'),
    actorRole: text('actor_role').notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('arbitration_events_case_idx').on(t.caseId, t.at)],
);

/**
 * An award's instalments as they are performed: DUE until paid (PAID) or until the due date
 * has passed in China (MISSED; it may still be paid late). Written when the award is issued.
 */
export const awardInstalments = arbitrationSchema.table(
  'award_instalments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => arbitrationCases.id),
    /** 1-based position in the schedule. */
    number: integer('number').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    status: awardInstalmentStatus('status').notNull().default('DUE'),
    paidAt: ts('paid_at'),
    missedAt: ts('missed_at'),
  },
  (t) => [
    uniqueIndex('award_instalments_case_number_idx').on(t.caseId, t.number),
    // What the missed-instalment job scans.
    index('award_instalments_status_due_idx').on(t.status, t.dueOn),
  ],
);

/** The last case number given per institution and year. */
export const caseNumberSequences = arbitrationSchema.table(
  'case_number_sequences',
  {
    institutionId: text('institution_id').notNull().references(() => arbitrationInstitutions.id),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.year] })],
);

export const idempotencyKeys = idempotencyKeysTable(arbitrationSchema);
export const outbox = outboxTable(arbitrationSchema);

export const eventCursors = eventCursorsTable(arbitrationSchema);

export const tables = { arbitrationInstitutions, arbitrationAgreements, arbitrationCases, arbitrationEvents, awardInstalments, caseNumberSequences, idempotencyKeys, outbox, eventCursors };
export type ArbitrationInstitutionRow = typeof arbitrationInstitutions.$inferSelect;
export type ArbitrationCaseRow = typeof arbitrationCases.$inferSelect;
export type ArbitrationAgreementRow = typeof arbitrationAgreements.$inferSelect;
export type ArbitrationEventRow = typeof arbitrationEvents.$inferSelect;
export type AwardInstalmentRow = typeof awardInstalments.$inferSelect;
