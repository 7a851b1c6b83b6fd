import { index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const creditSchema = pgSchema('credit');

export const creditRecordKind = creditSchema.enum('credit_record_kind', ['DISCREDITED_DEBTOR', 'PERFORMANCE']);

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
    listedAt: ts('listed_at').notNull().defaultNow(),
    /** Set when the party is taken off the list; the record itself is kept. */
    removedAt: ts('removed_at'),
  },
  (t) => [index('credit_records_party_idx').on(t.partyId, t.listedAt)],
);

/** Access log: every credit profile read, by whom and what they were shown. */
export const creditReads = creditSchema.table(
  'credit_reads',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull(),
    readerRole: text('reader_role').notNull(),
    readerId: text('reader_id'),
    what: text('what').notNull(),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (t) => [index('credit_reads_party_idx').on(t.partyId, t.readAt)],
);

export const idempotencyKeys = idempotencyKeysTable(creditSchema);

export const tables = { creditRecords, creditReads, idempotencyKeys };
export type CreditRecordRow = typeof creditRecords.$inferSelect;
export type CreditReadRow = typeof creditReads.$inferSelect;
