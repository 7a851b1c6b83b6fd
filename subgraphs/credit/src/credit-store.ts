import { asc, inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import { creditReads, creditRecords, tables, type CreditRecordRow } from './db/schema.js';

export type CreditDb = HubDatabase<typeof tables>;
export type NewCreditRecord = typeof creditRecords.$inferInsert;
export type NewCreditRead = typeof creditReads.$inferInsert;

/** SQL for the credit subgraph; one statement per method, so loaders batch cleanly. */
export class CreditStore {
  constructor(private readonly db: CreditDb) {}

  transaction<T>(fn: (store: CreditStore, tx: CreditDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new CreditStore(tx as unknown as CreditDb), tx as unknown as CreditDb));
  }

  async recordsOf(partyIds: readonly string[]): Promise<CreditRecordRow[]> {
    return this.db
      .select()
      .from(creditRecords)
      .where(inArray(creditRecords.partyId, [...partyIds]))
      .orderBy(asc(creditRecords.listedAt), asc(creditRecords.id));
  }

  async insertRecords(rows: NewCreditRecord[]): Promise<void> {
    if (rows.length) await this.db.insert(creditRecords).values(rows);
  }

  /** The access log of a whole request in one multi-row insert. */
  async insertReads(rows: NewCreditRead[]): Promise<void> {
    if (rows.length) await this.db.insert(creditReads).values(rows);
  }

  async countRecords(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(creditRecords);
    return row?.n ?? 0;
  }
}
