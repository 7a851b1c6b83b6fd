import { index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { DELISTING_REASONS, eventCursorsTable, idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const creditSchema = pgSchema('credit');

export const creditRecordKind = creditSchema.enum('credit_record_kind', ['DISCREDITED_DEBTOR', 'PERFORMANCE']);
export const delistingReason = creditSchema.enum('delisting_reason', DELISTING_REASONS);
export const lookupKind = creditSchema.enum('credit_lookup_kind', ['PROFILE', 'REPORT']);
export const lookupOutcome = creditSchema.enum('credit_lookup_outcome', ['GRANTED', 'REFUSED']);
export const refusalReason = creditSchema.enum('credit_refusal_reason', ['NO_CONSENT', 'CONSENT_REVOKED', 'CONSENT_EXPIRED']);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const creditRecords = creditSchema.table(
  'credit_records',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull(),
    kind: creditRecordKind('kind').notNull(),
    summary: text('summary').notNull(),
    /** The enforcement or other case the record comes from, e.g. (2025)浙0782执1234号. */
    sourceCaseNumber: text('source_case_number'),
    /** The courts' listing id, or the settlement agreement or arbitration case performed; null for records entered otherwise (the demo). */
    sourceReference: text('source_reference'),
    listedAt: ts('listed_at').notNull().defaultNow(),
    /** Set when the party is taken off the list; the record itself is kept. */
    removedAt: ts('removed_at'),
    removalReason: delistingReason('removal_reason'),
  },
  (t) => [
    index('credit_records_party_idx').on(t.partyId, t.listedAt),
    // One record per listing or performed obligation, even if an event were applied twice.
    uniqueIndex('credit_records_source_idx').on(t.kind, t.sourceReference),
  ],
);

/**
 * Consents to disclose the judicial credit report: the subject names the recipient, the
 * purpose and an end; revocation is recorded, never deleted, so the log can show what a
 * look-up relied on.
 */
export const creditConsents = creditSchema.table(
  'credit_consents',
  {
    id: text('id').primaryKey(),
    subjectId: text('subject_id').notNull(),
    recipientId: text('recipient_id').notNull(),
    purpose: text('purpose').notNull(),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('credit_consents_subject_idx').on(t.subjectId, t.recipientId, t.grantedAt)],
);

/** Access log: every credit look-up (profile read or report request), granted or refused. */
export const creditReads = creditSchema.table(
  'credit_reads',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull(),
    kind: lookupKind('kind').notNull().default('PROFILE'),
    readerRole: text('reader_role').notNull(),
    /** The caller's subject (a user, or a party's own id), else its body. */
    readerId: text('reader_id'),
    readerOrg: text('reader_org'),
    purpose: text('purpose'),
    /** What was shown: records, discredited_flag, report or nothing. */
    what: text('what').notNull(),
    outcome: lookupOutcome('outcome').notNull().default('GRANTED'),
    refusalReason: refusalReason('refusal_reason'),
    consentId: text('consent_id').references(() => creditConsents.id),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (t) => [index('credit_reads_party_idx').on(t.partyId, t.readAt)],
);

export const idempotencyKeys = idempotencyKeysTable(creditSchema);
export const eventCursors = eventCursorsTable(creditSchema);

export const tables = { creditRecords, creditConsents, creditReads, idempotencyKeys, eventCursors };
export type CreditRecordRow = typeof creditRecords.$inferSelect;
export type CreditReadRow = typeof creditReads.$inferSelect;
export type CreditConsentRow = typeof creditConsents.$inferSelect;
