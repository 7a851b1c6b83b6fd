import { asc, desc, inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  contactChannels, parties, personalDataReads, serviceAddresses, tables,
  type ContactChannelRow, type PartyRow, type ServiceAddressRow,
} from './db/schema.js';

export type IdentityDb = HubDatabase<typeof tables>;
export type NewParty = typeof parties.$inferInsert;
export type NewContactChannel = typeof contactChannels.$inferInsert;
export type NewServiceAddress = typeof serviceAddresses.$inferInsert;
export type NewPersonalDataRead = typeof personalDataReads.$inferInsert;

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
