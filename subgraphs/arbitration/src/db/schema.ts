import { index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const arbitrationSchema = pgSchema('arbitration');

export const arbitrationStatus = arbitrationSchema.enum('arbitration_status', ['FILED', 'TRIBUNAL_FORMED', 'HEARING', 'AWARDED', 'WITHDRAWN']);

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
  },
  (t) => [
    // A valid arbitration agreement sends a dispute to one institution, once.
    uniqueIndex('arbitration_cases_dispute_idx').on(t.disputeId),
    uniqueIndex('arbitration_cases_institution_number_idx').on(t.institutionId, t.caseNumber),
    index('arbitration_cases_claimant_idx').on(t.claimantId),
    index('arbitration_cases_respondent_idx').on(t.respondentId),
  ],
);

export const idempotencyKeys = idempotencyKeysTable(arbitrationSchema);

export const tables = { arbitrationInstitutions, arbitrationCases, idempotencyKeys };
export type ArbitrationInstitutionRow = typeof arbitrationInstitutions.$inferSelect;
export type ArbitrationCaseRow = typeof arbitrationCases.$inferSelect;
