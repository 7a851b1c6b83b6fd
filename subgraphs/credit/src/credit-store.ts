import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { HubDatabase, KeysetPosition } from '@fengqiao/subgraph-kit';
import {
  creditConsents, creditReads, creditRecords, tables, type CreditConsentRow, type CreditReadRow, type CreditRecordRow,
} from './db/schema.js';

export type CreditDb = HubDatabase<typeof tables>;
export type NewCreditRecord = typeof creditRecords.$inferInsert;
export type NewCreditRead = typeof creditReads.$inferInsert;
export type NewCreditConsent = typeof creditConsents.$inferInsert;

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

  /** A record from another subgraph's event: a second one for the same listing or obligation is ignored. */
  async insertRecordOnce(row: NewCreditRecord): Promise<boolean> {
    const inserted = await this.db.insert(creditRecords).values(row).onConflictDoNothing().returning({ id: creditRecords.id });
    return inserted.length > 0;
  }

  /** Marks the record of a listing removed (once); answers whether there was one still current. */
  async removeListing(listingId: string, removedAt: Date, reason: NonNullable<CreditRecordRow['removalReason']>): Promise<boolean> {
    const rows = await this.db
      .update(creditRecords)
      .set({ removedAt, removalReason: reason })
      .where(and(eq(creditRecords.kind, 'DISCREDITED_DEBTOR'), eq(creditRecords.sourceReference, listingId), isNull(creditRecords.removedAt)))
      .returning({ id: creditRecords.id });
    return rows.length > 0;
  }

  /** The access log of a whole request in one multi-row insert. */
  async insertReads(rows: NewCreditRead[]): Promise<void> {
    if (rows.length) await this.db.insert(creditReads).values(rows);
  }

  /** A party's access log, newest first, from a keyset position; `limit + 1` rows tell whether there is more. */
  async readsOf(partyId: string, limit: number, after?: KeysetPosition): Promise<CreditReadRow[]> {
    const from = after
      ? or(lt(creditReads.readAt, new Date(after.at)), and(eq(creditReads.readAt, new Date(after.at)), lt(creditReads.id, after.id)))
      : undefined;
    return this.db
      .select()
      .from(creditReads)
      .where(and(eq(creditReads.partyId, partyId), from))
      .orderBy(desc(creditReads.readAt), desc(creditReads.id))
      .limit(limit + 1);
  }

  async insertConsent(row: NewCreditConsent): Promise<void> {
    await this.db.insert(creditConsents).values(row);
  }

  async consentsByIds(ids: readonly string[]): Promise<CreditConsentRow[]> {
    return this.db.select().from(creditConsents).where(inArray(creditConsents.id, [...ids]));
  }

  /** The subject's consents naming the recipient, newest first. */
  async consentsFor(subjectId: string, recipientId: string): Promise<CreditConsentRow[]> {
    return this.db
      .select()
      .from(creditConsents)
      .where(and(eq(creditConsents.subjectId, subjectId), eq(creditConsents.recipientId, recipientId)))
      .orderBy(desc(creditConsents.grantedAt), desc(creditConsents.id));
  }

  async consentsOfSubject(subjectId: string): Promise<CreditConsentRow[]> {
    return this.db
      .select()
      .from(creditConsents)
      .where(eq(creditConsents.subjectId, subjectId))
      .orderBy(desc(creditConsents.grantedAt), desc(creditConsents.id));
  }

  /** Revokes a consent still in force (compare-and-set); undefined when it was revoked already. */
  async revokeConsent(id: string, revokedAt: Date): Promise<CreditConsentRow | undefined> {
    const [row] = await this.db
      .update(creditConsents)
      .set({ revokedAt })
      .where(and(eq(creditConsents.id, id), isNull(creditConsents.revokedAt)))
      .returning();
    return row;
  }

  async countRecords(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(creditRecords);
    return row?.n ?? 0;
  }

  async insertConsentOnce(row: NewCreditConsent): Promise<void> {
    await this.db.insert(creditConsents).values(row).onConflictDoNothing();
  }
}
