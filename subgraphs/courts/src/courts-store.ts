import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  courts, judicialConfirmations, litigationCases, tables,
  type CourtRow, type JudicialConfirmationRow, type LitigationCaseRow,
} from './db/schema.js';

export type CourtsDb = HubDatabase<typeof tables>;
export type NewCourt = typeof courts.$inferInsert;
export type NewLitigationCase = typeof litigationCases.$inferInsert;
export type NewJudicialConfirmation = typeof judicialConfirmations.$inferInsert;

/** Who may see which court cases; no field set means no restriction. */
export interface Visibility {
  partyId?: string;
  none?: boolean;
}

function visibilityCondition(v: Visibility, claimant: AnyPgColumn, respondent: AnyPgColumn): SQL | undefined {
  if (v.none) return sql`false`; // callers short-circuit before issuing a statement
  if (v.partyId) return or(eq(claimant, v.partyId), eq(respondent, v.partyId));
  return undefined;
}

/** SQL for the courts subgraph; one statement per method, so loaders batch cleanly. */
export class CourtsStore {
  constructor(private readonly db: CourtsDb) {}

  transaction<T>(fn: (store: CourtsStore, tx: CourtsDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new CourtsStore(tx as unknown as CourtsDb), tx as unknown as CourtsDb));
  }

  /** Courts whose region code starts with `regionPrefix` (all when absent), highest level first. */
  async courts(regionPrefix?: string): Promise<CourtRow[]> {
    return this.db
      .select()
      .from(courts)
      .where(regionPrefix ? like(courts.region, `${regionPrefix}%`) : undefined)
      .orderBy(asc(courts.level), asc(courts.region), asc(courts.code));
  }

  async courtsByIds(ids: readonly string[]): Promise<CourtRow[]> {
    return this.db.select().from(courts).where(inArray(courts.id, [...ids]));
  }

  async litigationCasesByIds(ids: readonly string[], visibility: Visibility): Promise<LitigationCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(litigationCases)
      .where(and(inArray(litigationCases.id, [...ids]), visibilityCondition(visibility, litigationCases.claimantId, litigationCases.respondentId)));
  }

  async litigationCasesByDisputeIds(disputeIds: readonly string[], visibility: Visibility): Promise<LitigationCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(litigationCases)
      .where(and(inArray(litigationCases.disputeId, [...disputeIds]), visibilityCondition(visibility, litigationCases.claimantId, litigationCases.respondentId)));
  }

  async confirmationsByIds(ids: readonly string[], visibility: Visibility): Promise<JudicialConfirmationRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(judicialConfirmations)
      .where(and(inArray(judicialConfirmations.id, [...ids]), visibilityCondition(visibility, judicialConfirmations.claimantId, judicialConfirmations.respondentId)));
  }

  /** Every application for the disputes, oldest first. */
  async confirmationsByDisputeIds(disputeIds: readonly string[], visibility: Visibility): Promise<JudicialConfirmationRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(judicialConfirmations)
      .where(and(inArray(judicialConfirmations.disputeId, [...disputeIds]), visibilityCondition(visibility, judicialConfirmations.claimantId, judicialConfirmations.respondentId)))
      .orderBy(asc(judicialConfirmations.appliedAt), asc(judicialConfirmations.id));
  }

  /** Inserts or corrects reference data; ids are stable, so a re-run updates in place. */
  async upsertCourts(rows: NewCourt[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insert(courts)
      .values(rows)
      .onConflictDoUpdate({
        target: courts.id,
        set: {
          name: sql`excluded.name`,
          englishName: sql`excluded.english_name`,
          code: sql`excluded.code`,
          level: sql`excluded.level`,
          isInternetCourt: sql`excluded.is_internet_court`,
          hearsPatentCases: sql`excluded.hears_patent_cases`,
          region: sql`excluded.region`,
        },
      });
  }

  async insertLitigationCases(rows: NewLitigationCase[]): Promise<void> {
    if (rows.length) await this.db.insert(litigationCases).values(rows);
  }

  async insertJudicialConfirmations(rows: NewJudicialConfirmation[]): Promise<void> {
    if (rows.length) await this.db.insert(judicialConfirmations).values(rows);
  }

  /** Court cases of both kinds, to tell an empty database from a seeded one. */
  async countCases(): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`(select count(*) from ${litigationCases})::int + (select count(*) from ${judicialConfirmations})::int` })
      .from(sql`(select 1) as one`);
    return row?.n ?? 0;
  }
}
