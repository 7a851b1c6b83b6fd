import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  mediationCases, mediationOrganizations, mediators, settlementAgreements, tables,
  type MediationCaseRow, type MediationOrganizationRow, type MediatorRow, type SettlementAgreementRow,
} from './db/schema.js';

export type MediationDb = HubDatabase<typeof tables>;
export type NewMediationOrganization = typeof mediationOrganizations.$inferInsert;
export type NewMediator = typeof mediators.$inferInsert;
export type NewMediationCase = typeof mediationCases.$inferInsert;
export type NewSettlementAgreement = typeof settlementAgreements.$inferInsert;

/** Who may see which mediation cases, as a SQL condition; `{}` means no restriction. */
export interface CaseVisibility {
  /** A party: cases where it is the claimant or the respondent. */
  partyId?: string;
  /** A mediation organisation's case manager: the organisation's cases. */
  organizationId?: string;
  /** A mediator: the cases assigned to them. */
  mediatorId?: string;
  none?: boolean;
}

function caseVisibilityCondition(v: CaseVisibility): SQL | undefined {
  if (v.none) return sql`false`;
  if (v.partyId) return or(eq(mediationCases.claimantId, v.partyId), eq(mediationCases.respondentId, v.partyId));
  if (v.organizationId) return eq(mediationCases.organizationId, v.organizationId);
  if (v.mediatorId) return eq(mediationCases.mediatorId, v.mediatorId);
  return undefined;
}

/** SQL for the mediation subgraph; one statement per method, so loaders batch cleanly. */
export class MediationStore {
  constructor(private readonly db: MediationDb) {}

  transaction<T>(fn: (store: MediationStore, tx: MediationDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new MediationStore(tx as unknown as MediationDb), tx as unknown as MediationDb));
  }

  /** All organisations, or those of one region (compared case-insensitively). */
  async organizations(region?: string | null): Promise<MediationOrganizationRow[]> {
    return this.db
      .select()
      .from(mediationOrganizations)
      .where(region ? sql`lower(${mediationOrganizations.region}) = lower(${region})` : undefined)
      .orderBy(asc(mediationOrganizations.name), asc(mediationOrganizations.id));
  }

  async organizationsByIds(ids: readonly string[]): Promise<MediationOrganizationRow[]> {
    return this.db.select().from(mediationOrganizations).where(inArray(mediationOrganizations.id, [...ids]));
  }

  async mediatorsByIds(ids: readonly string[]): Promise<MediatorRow[]> {
    return this.db.select().from(mediators).where(inArray(mediators.id, [...ids]));
  }

  async mediatorsOfOrganizations(organizationIds: readonly string[]): Promise<MediatorRow[]> {
    return this.db
      .select()
      .from(mediators)
      .where(inArray(mediators.organizationId, [...organizationIds]))
      .orderBy(asc(mediators.name), asc(mediators.id));
  }

  async casesByIds(ids: readonly string[], visibility: CaseVisibility): Promise<MediationCaseRow[]> {
    return this.db
      .select()
      .from(mediationCases)
      .where(and(inArray(mediationCases.id, [...ids]), caseVisibilityCondition(visibility)));
  }

  /** The cases of these disputes that `visibility` allows, oldest referral first. */
  async casesOfDisputes(disputeIds: readonly string[], visibility: CaseVisibility): Promise<MediationCaseRow[]> {
    return this.db
      .select()
      .from(mediationCases)
      .where(and(inArray(mediationCases.disputeId, [...disputeIds]), caseVisibilityCondition(visibility)))
      .orderBy(asc(mediationCases.referredAt), asc(mediationCases.id));
  }

  async settlementsOfCases(caseIds: readonly string[]): Promise<SettlementAgreementRow[]> {
    return this.db.select().from(settlementAgreements).where(inArray(settlementAgreements.caseId, [...caseIds]));
  }

  /** Inserts or corrects reference data; ids are stable, so a re-run updates in place. */
  async upsertOrganizations(rows: NewMediationOrganization[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insert(mediationOrganizations)
      .values(rows)
      .onConflictDoUpdate({ target: mediationOrganizations.id, set: { name: sql`excluded.name`, kind: sql`excluded.kind`, region: sql`excluded.region` } });
  }

  async insertMediators(rows: NewMediator[]): Promise<void> {
    if (rows.length) await this.db.insert(mediators).values(rows);
  }

  async insertCases(rows: NewMediationCase[]): Promise<void> {
    if (rows.length) await this.db.insert(mediationCases).values(rows);
  }

  async insertSettlements(rows: NewSettlementAgreement[]): Promise<void> {
    if (rows.length) await this.db.insert(settlementAgreements).values(rows);
  }

  async countMediators(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(mediators);
    return row?.n ?? 0;
  }
}
