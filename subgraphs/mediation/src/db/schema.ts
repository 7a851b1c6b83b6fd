import { index, integer, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const mediationSchema = pgSchema('mediation');

export const organizationKind = mediationSchema.enum('mediation_organization_kind', ['PEOPLES_MEDIATION', 'INDUSTRY', 'COURT_INVITED', 'CROSS_BORDER']);
export const mediationModel = mediationSchema.enum('mediation_model', ['FACILITATIVE', 'EVALUATIVE']);
export const mediationStatus = mediationSchema.enum('mediation_status', [
  'REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION', 'SETTLED', 'FAILED', 'WITHDRAWN',
]);

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
    referredAt: ts('referred_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('mediation_cases_dispute_idx').on(t.disputeId, t.referredAt),
    index('mediation_cases_organization_idx').on(t.organizationId),
    index('mediation_cases_mediator_idx').on(t.mediatorId),
    index('mediation_cases_claimant_idx').on(t.claimantId),
    index('mediation_cases_respondent_idx').on(t.respondentId),
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
    signedAt: ts('signed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('settlement_agreements_case_uq').on(t.caseId)],
);

export const idempotencyKeys = idempotencyKeysTable(mediationSchema);

export const tables = { mediationOrganizations, mediators, mediationCases, settlementAgreements, idempotencyKeys };
export type MediationOrganizationRow = typeof mediationOrganizations.$inferSelect;
export type MediatorRow = typeof mediators.$inferSelect;
export type MediationCaseRow = typeof mediationCases.$inferSelect;
export type SettlementAgreementRow = typeof settlementAgreements.$inferSelect;
