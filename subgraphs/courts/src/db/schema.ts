import { boolean, index, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const courtsSchema = pgSchema('courts');

export const courtLevel = courtsSchema.enum('court_level', ['SUPREME', 'HIGH', 'INTERMEDIATE', 'BASIC']);
export const litigationStatus = courtsSchema.enum('litigation_status', ['FILED', 'TRANSFERRED', 'IN_TRIAL', 'JUDGED', 'MEDIATED', 'WITHDRAWN']);
export const procedure = courtsSchema.enum('procedure', ['ORDINARY', 'SUMMARY']);
export const judicialConfirmationStatus = courtsSchema.enum('judicial_confirmation_status', ['APPLIED', 'CONFIRMED', 'REJECTED']);

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
    /** The claimed amount the fee was computed from. */
    claimAmount: numeric('claim_amount', { precision: 15, scale: 2 }).notNull(),
    /** The case acceptance fee in yuan (see litigation-fee.ts). */
    fee: numeric('fee', { precision: 15, scale: 2 }).notNull(),
  },
  (t) => [
    // One lawsuit per dispute: a transfer changes the court of the same case.
    uniqueIndex('litigation_cases_dispute_idx').on(t.disputeId),
    uniqueIndex('litigation_cases_case_number_idx').on(t.caseNumber),
    index('litigation_cases_court_idx').on(t.courtId),
    index('litigation_cases_claimant_idx').on(t.claimantId),
    index('litigation_cases_respondent_idx').on(t.respondentId),
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
  },
  (t) => [
    // Not unique: after a rejection the parties may apply again with an amended agreement.
    index('judicial_confirmations_dispute_idx').on(t.disputeId, t.appliedAt),
    uniqueIndex('judicial_confirmations_case_number_idx').on(t.caseNumber),
    index('judicial_confirmations_court_idx').on(t.courtId),
    index('judicial_confirmations_claimant_idx').on(t.claimantId),
    index('judicial_confirmations_respondent_idx').on(t.respondentId),
  ],
);

export const idempotencyKeys = idempotencyKeysTable(courtsSchema);

export const tables = { courts, litigationCases, judicialConfirmations, idempotencyKeys };
export type CourtRow = typeof courts.$inferSelect;
export type LitigationCaseRow = typeof litigationCases.$inferSelect;
export type JudicialConfirmationRow = typeof judicialConfirmations.$inferSelect;
