import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  arbitrationAgreements, arbitrationCases, arbitrationEvents, arbitrationInstitutions, awardInstalments, caseNumberSequences, tables,
  type ArbitrationAgreementRow, type ArbitrationCaseRow, type ArbitrationEventRow, type ArbitrationInstitutionRow, type AwardInstalmentRow,
} from './db/schema.js';

export type ArbitrationDb = HubDatabase<typeof tables>;
export type NewArbitrationCase = typeof arbitrationCases.$inferInsert;
export type NewArbitrationInstitution = typeof arbitrationInstitutions.$inferInsert;
export type NewArbitrationAgreement = typeof arbitrationAgreements.$inferInsert;
export type NewArbitrationEvent = typeof arbitrationEvents.$inferInsert;
export type NewAwardInstalment = typeof awardInstalments.$inferInsert;

/** Who may see which arbitration cases; no field set means no restriction. */
export interface Visibility {
  partyId?: string;
  institutionId?: string;
  none?: boolean;
}

function visibilityCondition(v: Visibility): SQL | undefined {
  if (v.none) return sql`false`; // callers short-circuit before issuing a statement
  if (v.partyId) return or(eq(arbitrationCases.claimantId, v.partyId), eq(arbitrationCases.respondentId, v.partyId));
  if (v.institutionId) return eq(arbitrationCases.institutionId, v.institutionId);
  return undefined;
}

/** SQL for the arbitration subgraph; one statement per method, so loaders batch cleanly. */
export class ArbitrationStore {
  constructor(private readonly db: ArbitrationDb) {}

  transaction<T>(fn: (store: ArbitrationStore, tx: ArbitrationDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new ArbitrationStore(tx as unknown as ArbitrationDb), tx as unknown as ArbitrationDb));
  }

  async institutions(): Promise<ArbitrationInstitutionRow[]> {
    return this.db.select().from(arbitrationInstitutions).orderBy(asc(arbitrationInstitutions.id));
  }

  async institutionsByIds(ids: readonly string[]): Promise<ArbitrationInstitutionRow[]> {
    return this.db.select().from(arbitrationInstitutions).where(inArray(arbitrationInstitutions.id, [...ids]));
  }

  async casesByIds(ids: readonly string[], visibility: Visibility): Promise<ArbitrationCaseRow[]> {
    if (visibility.none) return [];
    return this.db.select().from(arbitrationCases).where(and(inArray(arbitrationCases.id, [...ids]), visibilityCondition(visibility)));
  }

  async casesByDisputeIds(disputeIds: readonly string[], visibility: Visibility): Promise<ArbitrationCaseRow[]> {
    if (visibility.none) return [];
    return this.db.select().from(arbitrationCases).where(and(inArray(arbitrationCases.disputeId, [...disputeIds]), visibilityCondition(visibility)));
  }

  /** Inserts or corrects reference data; ids are stable, so a re-run updates in place. */
  async upsertInstitutions(rows: NewArbitrationInstitution[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insert(arbitrationInstitutions)
      .values(rows)
      .onConflictDoUpdate({
        target: arbitrationInstitutions.id,
        set: {
          name: sql`excluded.name`,
          chineseName: sql`excluded.chinese_name`,
          city: sql`excluded.city`,
          website: sql`excluded.website`,
        },
      });
  }

  async insertCases(rows: NewArbitrationCase[]): Promise<void> {
    if (rows.length) await this.db.insert(arbitrationCases).values(rows);
  }

  async arbitrationCase(id: string): Promise<ArbitrationCaseRow | undefined> {
    const [row] = await this.db.select().from(arbitrationCases).where(eq(arbitrationCases.id, id));
    return row;
  }

  /** Reads a case and locks it until the transaction ends: moves on its award's instalments are taken one at a time. */
  async arbitrationCaseForUpdate(id: string): Promise<ArbitrationCaseRow | undefined> {
    const [row] = await this.db.select().from(arbitrationCases).where(eq(arbitrationCases.id, id)).for('update');
    return row;
  }

  /** Compare-and-set: answers the new row, or undefined when the case is no longer in `expected`. */
  async transitionCase(id: string, expected: ArbitrationCaseRow['status'], set: Partial<NewArbitrationCase>): Promise<ArbitrationCaseRow | undefined> {
    const [row] = await this.db
      .update(arbitrationCases)
      .set(set)
      .where(and(eq(arbitrationCases.id, id), eq(arbitrationCases.status, expected)))
      .returning();
    return row;
  }

  async insertAgreement(row: NewArbitrationAgreement): Promise<void> {
    await this.db.insert(arbitrationAgreements).values(row);
  }

  async agreementsByIds(ids: readonly string[]): Promise<ArbitrationAgreementRow[]> {
    return this.db.select().from(arbitrationAgreements).where(inArray(arbitrationAgreements.id, [...ids]));
  }

  /** Agreements binding any of these parties, newest first: one statement for a whole batch. */
  async agreementsOfParties(partyIds: readonly string[]): Promise<ArbitrationAgreementRow[]> {
    return this.db
      .select()
      .from(arbitrationAgreements)
      .where(sql`${arbitrationAgreements.partyIds} ?| array[${sql.join(partyIds.map((id) => sql`${id}`), sql`, `)}]::text[]`)
      .orderBy(desc(arbitrationAgreements.signedAt), asc(arbitrationAgreements.id));
  }

  /** Agreements binding a party, optionally only those naming one institution; newest first. */
  async agreementsOfParty(partyId: string, institutionId?: string): Promise<ArbitrationAgreementRow[]> {
    return this.db
      .select()
      .from(arbitrationAgreements)
      .where(and(
        sql`${arbitrationAgreements.partyIds} @> ${JSON.stringify([partyId])}::jsonb`,
        institutionId ? eq(arbitrationAgreements.institutionId, institutionId) : undefined,
      ))
      .orderBy(desc(arbitrationAgreements.signedAt), asc(arbitrationAgreements.id));
  }

  async insertEvents(rows: NewArbitrationEvent[]): Promise<void> {
    if (rows.length) await this.db.insert(arbitrationEvents).values(rows);
  }

  async eventsByCaseIds(ids: readonly string[]): Promise<ArbitrationEventRow[]> {
    return this.db.select().from(arbitrationEvents).where(inArray(arbitrationEvents.caseId, [...ids])).orderBy(asc(arbitrationEvents.at), asc(arbitrationEvents.id));
  }

  async insertInstalments(rows: NewAwardInstalment[]): Promise<void> {
    if (rows.length) await this.db.insert(awardInstalments).values(rows);
  }

  /** The instalments of each case, in schedule order. */
  async instalmentsByCaseIds(ids: readonly string[]): Promise<AwardInstalmentRow[]> {
    return this.db.select().from(awardInstalments).where(inArray(awardInstalments.caseId, [...ids])).orderBy(asc(awardInstalments.caseId), asc(awardInstalments.number));
  }

  /** Compare-and-set on an instalment's status: undefined when it is no longer `expected`. */
  async transitionInstalment(id: string, expected: AwardInstalmentRow['status'], set: Partial<NewAwardInstalment>): Promise<AwardInstalmentRow | undefined> {
    const [row] = await this.db
      .update(awardInstalments)
      .set(set)
      .where(and(eq(awardInstalments.id, id), eq(awardInstalments.status, expected)))
      .returning();
    return row;
  }

  /** Cases with an instalment still DUE whose due date is before `day` (YYYY-MM-DD). */
  async caseIdsWithInstalmentsDueBefore(day: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ caseId: awardInstalments.caseId })
      .from(awardInstalments)
      .where(and(eq(awardInstalments.status, 'DUE'), lt(awardInstalments.dueOn, day)))
      .orderBy(asc(awardInstalments.caseId))
      .limit(limit);
    return rows.map((r) => r.caseId);
  }

  /** Compare-and-set DUE → MISSED for a case's instalments due before `day`; answers those this call moved. */
  async markInstalmentsMissed(caseId: string, day: string, at: Date): Promise<AwardInstalmentRow[]> {
    const rows = await this.db
      .update(awardInstalments)
      .set({ status: 'MISSED', missedAt: at })
      .where(and(eq(awardInstalments.caseId, caseId), eq(awardInstalments.status, 'DUE'), lt(awardInstalments.dueOn, day)))
      .returning();
    return rows.sort((a, b) => a.number - b.number);
  }

  /** The next number for an institution and year, counted inside the caller's transaction. */
  async nextSequence(institutionId: string, year: number): Promise<number> {
    const [row] = await this.db
      .insert(caseNumberSequences)
      .values({ institutionId, year, lastValue: 1 })
      .onConflictDoUpdate({
        target: [caseNumberSequences.institutionId, caseNumberSequences.year],
        set: { lastValue: sql`${caseNumberSequences.lastValue} + 1` },
      })
      .returning({ value: caseNumberSequences.lastValue });
    return row!.value;
  }

  /** Moves a sequence forward to at least `atLeast`, so seeded numbers are not given again. */
  async raiseSequence(institutionId: string, year: number, atLeast: number): Promise<void> {
    await this.db
      .insert(caseNumberSequences)
      .values({ institutionId, year, lastValue: atLeast })
      .onConflictDoUpdate({
        target: [caseNumberSequences.institutionId, caseNumberSequences.year],
        set: { lastValue: sql`greatest(${caseNumberSequences.lastValue}, excluded.last_value)` },
      });
  }

  async countCases(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(arbitrationCases);
    return row?.n ?? 0;
  }
}
