import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  contactChannels, contactRepairs, identityVerifications, parties, personalDataReads, serviceAddressConfirmations, serviceAddresses, tables,
  type ContactChannelRow, type ContactRepairRow, type IdentityVerificationRow, type PartyRow, type ServiceAddressConfirmationRow, type ServiceAddressRow,
} from './db/schema.js';

export type IdentityDb = HubDatabase<typeof tables>;
export type NewParty = typeof parties.$inferInsert;
export type NewContactChannel = typeof contactChannels.$inferInsert;
export type NewServiceAddress = typeof serviceAddresses.$inferInsert;
export type NewPersonalDataRead = typeof personalDataReads.$inferInsert;
export type NewContactRepair = typeof contactRepairs.$inferInsert;
export type NewIdentityVerification = typeof identityVerifications.$inferInsert;
export type NewServiceAddressConfirmation = typeof serviceAddressConfirmations.$inferInsert;

/** SQL for the identity subgraph; one statement per method, so loaders batch cleanly. */
export class IdentityStore {
  constructor(private readonly db: IdentityDb) {}

  transaction<T>(fn: (store: IdentityStore, tx: IdentityDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new IdentityStore(tx as unknown as IdentityDb), tx as unknown as IdentityDb));
  }

  async partiesByIds(ids: readonly string[]): Promise<PartyRow[]> {
    return this.db.select().from(parties).where(inArray(parties.id, [...ids]));
  }

  async channelsOf(partyIds: readonly string[]): Promise<ContactChannelRow[]> {
    return this.db
      .select()
      .from(contactChannels)
      .where(inArray(contactChannels.partyId, [...partyIds]))
      .orderBy(asc(contactChannels.createdAt), asc(contactChannels.kind), asc(contactChannels.id));
  }

  /** The latest version of each party's service address per channel (`distinct on`). */
  async latestServiceAddressesOf(partyIds: readonly string[]): Promise<ServiceAddressRow[]> {
    return this.db
      .selectDistinctOn([serviceAddresses.partyId, serviceAddresses.channel])
      .from(serviceAddresses)
      .where(inArray(serviceAddresses.partyId, [...partyIds]))
      .orderBy(asc(serviceAddresses.partyId), asc(serviceAddresses.channel), desc(serviceAddresses.version));
  }

  /** Every version of every channel, newest first per channel. */
  async serviceAddressHistoryOf(partyIds: readonly string[]): Promise<ServiceAddressRow[]> {
    return this.db
      .select()
      .from(serviceAddresses)
      .where(inArray(serviceAddresses.partyId, [...partyIds]))
      .orderBy(asc(serviceAddresses.partyId), asc(serviceAddresses.channel), desc(serviceAddresses.version));
  }

  async serviceAddressesByIds(ids: readonly string[]): Promise<ServiceAddressRow[]> {
    return ids.length ? this.db.select().from(serviceAddresses).where(inArray(serviceAddresses.id, [...ids])) : [];
  }

  /** Serialises confirmations of one party, so two signings cannot take the same version number. */
  async lockParty(partyId: string): Promise<PartyRow | undefined> {
    const [row] = await this.db.select().from(parties).where(eq(parties.id, partyId)).for('update');
    return row;
  }

  async insertConfirmation(row: NewServiceAddressConfirmation): Promise<void> {
    await this.db.insert(serviceAddressConfirmations).values(row);
  }

  async confirmationByStepUp(challengeId: string): Promise<ServiceAddressConfirmationRow | undefined> {
    const [row] = await this.db.select().from(serviceAddressConfirmations).where(eq(serviceAddressConfirmations.stepUpChallengeId, challengeId));
    return row;
  }

  async confirmationById(id: string): Promise<ServiceAddressConfirmationRow | undefined> {
    const [row] = await this.db.select().from(serviceAddressConfirmations).where(eq(serviceAddressConfirmations.id, id));
    return row;
  }

  async addressesOfConfirmation(confirmationId: string): Promise<ServiceAddressRow[]> {
    return this.db.select().from(serviceAddresses).where(eq(serviceAddresses.confirmationId, confirmationId)).orderBy(asc(serviceAddresses.channel));
  }

  async insertVerification(row: NewIdentityVerification): Promise<void> {
    await this.db.insert(identityVerifications).values(row);
  }

  async verificationById(id: string): Promise<IdentityVerificationRow | undefined> {
    const [row] = await this.db.select().from(identityVerifications).where(eq(identityVerifications.id, id));
    return row;
  }

  async latestVerificationsOf(partyIds: readonly string[]): Promise<IdentityVerificationRow[]> {
    return this.db
      .selectDistinctOn([identityVerifications.partyId])
      .from(identityVerifications)
      .where(inArray(identityVerifications.partyId, [...partyIds]))
      .orderBy(asc(identityVerifications.partyId), desc(identityVerifications.checkedAt), desc(identityVerifications.id));
  }

  /**
   * Holds the requester's rate-limit count until the transaction ends: two repairs by one
   * requester at once are counted one after the other, never both under the limit.
   */
  async lockRequester(requesterKey: string): Promise<void> {
    await this.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'repair:' + requesterKey}, 0))`);
  }

  async countRepairsSince(requesterKey: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${contactRepairs.requestedAt})` })
      .from(contactRepairs)
      .where(and(eq(contactRepairs.requesterKey, requesterKey), gte(contactRepairs.requestedAt, since)));
    return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  async insertRepair(row: NewContactRepair): Promise<void> {
    await this.db.insert(contactRepairs).values(row);
  }

  async repairById(id: string): Promise<ContactRepairRow | undefined> {
    const [row] = await this.db.select().from(contactRepairs).where(eq(contactRepairs.id, id));
    return row;
  }

  async latestRepairsOf(partyIds: readonly string[]): Promise<ContactRepairRow[]> {
    return this.db
      .selectDistinctOn([contactRepairs.partyId])
      .from(contactRepairs)
      .where(inArray(contactRepairs.partyId, [...partyIds]))
      .orderBy(asc(contactRepairs.partyId), desc(contactRepairs.requestedAt), desc(contactRepairs.id));
  }

  async channelsByIds(ids: readonly string[]): Promise<ContactChannelRow[]> {
    return ids.length ? this.db.select().from(contactChannels).where(inArray(contactChannels.id, [...ids])) : [];
  }

  async insertParty(row: NewParty): Promise<void> {
    await this.db.insert(parties).values(row);
  }

  async insertParties(rows: NewParty[]): Promise<void> {
    if (rows.length) await this.db.insert(parties).values(rows);
  }

  async insertContactChannels(rows: NewContactChannel[]): Promise<void> {
    if (rows.length) await this.db.insert(contactChannels).values(rows);
  }

  /** New versions only: service addresses are never updated in place. */
  async insertServiceAddresses(rows: NewServiceAddress[]): Promise<void> {
    if (rows.length) await this.db.insert(serviceAddresses).values(rows);
  }

  /** The access log of a whole request in one multi-row insert. */
  async insertReads(rows: NewPersonalDataRead[]): Promise<void> {
    if (rows.length) await this.db.insert(personalDataReads).values(rows);
  }

  async countParties(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(parties);
    return row?.n ?? 0;
  }
}
