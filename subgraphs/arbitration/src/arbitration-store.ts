import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import { arbitrationCases, arbitrationInstitutions, tables, type ArbitrationCaseRow, type ArbitrationInstitutionRow } from './db/schema.js';

export type ArbitrationDb = HubDatabase<typeof tables>;
export type NewArbitrationCase = typeof arbitrationCases.$inferInsert;
export type NewArbitrationInstitution = typeof arbitrationInstitutions.$inferInsert;

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

  async countCases(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(arbitrationCases);
    return row?.n ?? 0;
  }
}
