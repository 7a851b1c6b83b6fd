import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import {
  documentServices, serviceAttempts,
  type DocumentServiceRow, type ServiceAttemptRow,
} from '../db/schema.js';
import type { IdentityDb } from '../identity-store.js';

export type NewDocumentService = typeof documentServices.$inferInsert;
export type NewServiceAttempt = typeof serviceAttempts.$inferInsert;

/** SQL for the service of documents; one statement per method, so loaders batch cleanly. */
export class DocumentServiceStore {
  constructor(private readonly db: IdentityDb) {}

  transaction<T>(fn: (store: DocumentServiceStore, tx: IdentityDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new DocumentServiceStore(tx as unknown as IdentityDb), tx as unknown as IdentityDb));
  }

  async servicesByIds(ids: readonly string[]): Promise<DocumentServiceRow[]> {
    return this.db.select().from(documentServices).where(inArray(documentServices.id, [...ids]));
  }

  async service(id: string): Promise<DocumentServiceRow | undefined> {
    const [row] = await this.db.select().from(documentServices).where(eq(documentServices.id, id));
    return row;
  }

  async serviceByCode(code: string): Promise<DocumentServiceRow | undefined> {
    const [row] = await this.db.select().from(documentServices).where(eq(documentServices.verificationCode, code));
    return row;
  }

  /** Newest first. */
  async servicesOfParties(partyIds: readonly string[]): Promise<DocumentServiceRow[]> {
    return this.db
      .select()
      .from(documentServices)
      .where(inArray(documentServices.partyId, [...partyIds]))
      .orderBy(desc(documentServices.createdAt), desc(documentServices.id));
  }

  /** In the order tried. */
  async attemptsOf(serviceIds: readonly string[]): Promise<ServiceAttemptRow[]> {
    return this.db
      .select()
      .from(serviceAttempts)
      .where(inArray(serviceAttempts.serviceId, [...serviceIds]))
      .orderBy(asc(serviceAttempts.serviceId), asc(serviceAttempts.seq));
  }

  async attempt(id: string): Promise<ServiceAttemptRow | undefined> {
    const [row] = await this.db.select().from(serviceAttempts).where(eq(serviceAttempts.id, id));
    return row;
  }

  async lastSeq(serviceId: string): Promise<number> {
    const [row] = await this.db.select({ seq: max(serviceAttempts.seq) }).from(serviceAttempts).where(eq(serviceAttempts.serviceId, serviceId));
    return row?.seq ?? 0;
  }

  async insertService(row: NewDocumentService): Promise<void> {
    await this.db.insert(documentServices).values(row);
  }

  async insertServices(rows: NewDocumentService[]): Promise<void> {
    if (rows.length) await this.db.insert(documentServices).values(rows);
  }

  async insertAttempt(row: NewServiceAttempt): Promise<ServiceAttemptRow> {
    const [inserted] = await this.db.insert(serviceAttempts).values(row).returning();
    return inserted!;
  }

  async insertAttempts(rows: NewServiceAttempt[]): Promise<void> {
    if (rows.length) await this.db.insert(serviceAttempts).values(rows);
  }

  /** Compare-and-set: answers the new row, or undefined when the service is no longer in `expected`. */
  async transitionService(id: string, expected: DocumentServiceRow['status'], set: Partial<NewDocumentService>): Promise<DocumentServiceRow | undefined> {
    const [row] = await this.db
      .update(documentServices)
      .set(set)
      .where(and(eq(documentServices.id, id), eq(documentServices.status, expected)))
      .returning();
    return row;
  }

  /** Compare-and-set, as `transitionService`. */
  async transitionAttempt(id: string, expected: ServiceAttemptRow['status'], set: Partial<NewServiceAttempt>): Promise<ServiceAttemptRow | undefined> {
    const [row] = await this.db
      .update(serviceAttempts)
      .set(set)
      .where(and(eq(serviceAttempts.id, id), eq(serviceAttempts.status, expected)))
      .returning();
    return row;
  }
}
