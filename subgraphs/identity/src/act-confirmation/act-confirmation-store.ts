import { and, eq, gte, sql } from 'drizzle-orm';
import { actConfirmations, contactChannels, type ActConfirmationRow } from '../db/schema.js';
import type { IdentityDb } from '../identity-store.js';

export type NewActConfirmation = typeof actConfirmations.$inferInsert;

/** SQL for act confirmations; one statement per method. */
export class ActConfirmationStore {
  constructor(private readonly db: IdentityDb) {}

  transaction<T>(fn: (store: ActConfirmationStore, tx: IdentityDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new ActConfirmationStore(tx as unknown as IdentityDb), tx as unknown as IdentityDb));
  }

  /** Holds the party's request count until the transaction ends, as `IdentityStore.lockRequester` does for repairs. */
  async lockParty(partyId: string): Promise<void> {
    await this.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'step-up:' + partyId}, 0))`);
  }

  async countSince(partyId: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${actConfirmations.createdAt})` })
      .from(actConfirmations)
      .where(and(eq(actConfirmations.partyId, partyId), gte(actConfirmations.createdAt, since)));
    return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  async insert(row: NewActConfirmation): Promise<ActConfirmationRow> {
    const [inserted] = await this.db.insert(actConfirmations).values(row).returning();
    return inserted!;
  }

  /** Locked until the transaction ends: two tries of one code are judged one after the other. */
  async lock(id: string): Promise<ActConfirmationRow | undefined> {
    const [row] = await this.db.select().from(actConfirmations).where(eq(actConfirmations.id, id)).for('update');
    return row;
  }

  async update(id: string, set: Partial<NewActConfirmation>): Promise<ActConfirmationRow> {
    const [row] = await this.db.update(actConfirmations).set(set).where(eq(actConfirmations.id, id)).returning();
    return row!;
  }

  /** A registration mobile the party proved it holds by typing the code sent to it. */
  async markContactVerified(contactChannelId: string): Promise<void> {
    await this.db.update(contactChannels).set({ verified: true }).where(eq(contactChannels.id, contactChannelId));
  }
}
