import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '@fengqiao/subgraph-kit';
import {
  caseEvents, caseNumberSequences, caseTransfers, courts, discreditedListings, enforcementCases, judicialConfirmations, litigationCases, mediationOffers,
  settlementDefaults, tables, testCaseGroups,
  type CaseEventRow, type CaseTransferRow, type CourtRow, type DiscreditedListingRow, type EnforcementCaseRow, type JudicialConfirmationRow, type LitigationCaseRow,
  type MediationOfferRow, type TestCaseGroupRow,
} from './db/schema.js';

export type CourtsDb = HubDatabase<typeof tables>;
export type NewCourt = typeof courts.$inferInsert;
export type NewLitigationCase = typeof litigationCases.$inferInsert;
export type NewJudicialConfirmation = typeof judicialConfirmations.$inferInsert;
export type NewCaseEvent = typeof caseEvents.$inferInsert;
export type NewEnforcementCase = typeof enforcementCases.$inferInsert;
export type NewTestCaseGroup = typeof testCaseGroups.$inferInsert;
export type NewMediationOffer = typeof mediationOffers.$inferInsert;
export type NewCaseTransfer = typeof caseTransfers.$inferInsert;
export type NewDiscreditedListing = typeof discreditedListings.$inferInsert;

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

/**
 * A party sees its own lawsuits and, for model litigation, the test case of every group one
 * of its lawsuits belongs to (the parties of similar cases audit the test case).
 */
function litigationVisibility(v: Visibility): SQL | undefined {
  if (v.none) return sql`false`;
  if (!v.partyId) return undefined;
  const p = v.partyId;
  return or(
    eq(litigationCases.claimantId, p),
    eq(litigationCases.respondentId, p),
    sql`${litigationCases.id} in (select g.test_case_id from ${testCaseGroups} g join ${litigationCases} m on m.test_case_group_id = g.id where m.claimant_id = ${p} or m.respondent_id = ${p})`,
  );
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
      .where(and(inArray(litigationCases.id, [...ids]), litigationVisibility(visibility)));
  }

  /** The cases of test-case groups, oldest first; filtered like any other case. */
  async litigationCasesByGroupIds(groupIds: readonly string[], visibility: Visibility): Promise<LitigationCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(litigationCases)
      .where(and(inArray(litigationCases.testCaseGroupId, [...groupIds]), litigationVisibility(visibility)))
      .orderBy(asc(litigationCases.filedAt), asc(litigationCases.id));
  }

  /** Reads a case for a transition, whatever the caller may see: the caller is checked by the workflow. */
  async litigationCase(id: string): Promise<LitigationCaseRow | undefined> {
    const [row] = await this.db.select().from(litigationCases).where(eq(litigationCases.id, id));
    return row;
  }

  async litigationCasesForUpdate(ids: readonly string[]): Promise<LitigationCaseRow[]> {
    return this.db.select().from(litigationCases).where(inArray(litigationCases.id, [...ids])).orderBy(asc(litigationCases.id)).for('update');
  }

  /**
   * Compare-and-set: changes the case only if it is still in `expected`; answers the new row,
   * or undefined when another transaction moved it first.
   */
  async transitionLitigationCase(id: string, expected: LitigationCaseRow['status'], set: Partial<NewLitigationCase>): Promise<LitigationCaseRow | undefined> {
    const [row] = await this.db
      .update(litigationCases)
      .set(set)
      .where(and(eq(litigationCases.id, id), eq(litigationCases.status, expected)))
      .returning();
    return row;
  }

  async updateLitigationCase(id: string, set: Partial<NewLitigationCase>): Promise<void> {
    await this.db.update(litigationCases).set(set).where(eq(litigationCases.id, id));
  }

  async setTestCaseGroup(caseIds: readonly string[], groupId: string): Promise<number> {
    const rows = await this.db
      .update(litigationCases)
      .set({ testCaseGroupId: groupId })
      .where(and(inArray(litigationCases.id, [...caseIds]), isNull(litigationCases.testCaseGroupId)))
      .returning({ id: litigationCases.id });
    return rows.length;
  }

  async judicialConfirmation(id: string): Promise<JudicialConfirmationRow | undefined> {
    const [row] = await this.db.select().from(judicialConfirmations).where(eq(judicialConfirmations.id, id));
    return row;
  }

  async transitionConfirmation(id: string, expected: JudicialConfirmationRow['status'], set: Partial<NewJudicialConfirmation>): Promise<JudicialConfirmationRow | undefined> {
    const [row] = await this.db
      .update(judicialConfirmations)
      .set(set)
      .where(and(eq(judicialConfirmations.id, id), eq(judicialConfirmations.status, expected)))
      .returning();
    return row;
  }

  /** The latest CONFIRMED confirmation of a mediation agreement, by the agreement's reference. */
  async confirmedConfirmationOfSettlement(settlementReference: string): Promise<JudicialConfirmationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(judicialConfirmations)
      .where(and(eq(judicialConfirmations.settlementReference, settlementReference), eq(judicialConfirmations.status, 'CONFIRMED')))
      .orderBy(desc(judicialConfirmations.ruledAt), desc(judicialConfirmations.id))
      .limit(1);
    return row;
  }

  async confirmationByCaseNumber(caseNumber: string): Promise<JudicialConfirmationRow | undefined> {
    const [row] = await this.db.select().from(judicialConfirmations).where(eq(judicialConfirmations.caseNumber, caseNumber));
    return row;
  }

  async litigationCaseByCaseNumber(caseNumber: string): Promise<LitigationCaseRow | undefined> {
    const [row] = await this.db.select().from(litigationCases).where(eq(litigationCases.caseNumber, caseNumber));
    return row;
  }

  /**
   * The next sequence number for a court, year and case type, inside the caller's
   * transaction: the row lock taken by the upsert makes concurrent filings wait, so no two
   * cases get the same number and a rolled-back filing gives its number back.
   */
  async nextSequence(courtId: string, year: number, caseType: string): Promise<number> {
    const [row] = await this.db
      .insert(caseNumberSequences)
      .values({ courtId, year, caseType, lastValue: 1 })
      .onConflictDoUpdate({
        target: [caseNumberSequences.courtId, caseNumberSequences.year, caseNumberSequences.caseType],
        set: { lastValue: sql`${caseNumberSequences.lastValue} + 1` },
      })
      .returning({ value: caseNumberSequences.lastValue });
    return row!.value;
  }

  /** Moves a sequence forward to at least `atLeast` (seeded numbers must not be given again). */
  async raiseSequence(courtId: string, year: number, caseType: string, atLeast: number): Promise<void> {
    await this.db
      .insert(caseNumberSequences)
      .values({ courtId, year, caseType, lastValue: atLeast })
      .onConflictDoUpdate({
        target: [caseNumberSequences.courtId, caseNumberSequences.year, caseNumberSequences.caseType],
        set: { lastValue: sql`greatest(${caseNumberSequences.lastValue}, excluded.last_value)` },
      });
  }

  async insertCaseEvents(rows: NewCaseEvent[]): Promise<void> {
    if (rows.length) await this.db.insert(caseEvents).values(rows);
  }

  async caseEventsByAggregateIds(ids: readonly string[]): Promise<CaseEventRow[]> {
    return this.db.select().from(caseEvents).where(inArray(caseEvents.aggregateId, [...ids])).orderBy(asc(caseEvents.at), asc(caseEvents.id));
  }

  async insertTransfer(row: NewCaseTransfer): Promise<void> {
    await this.db.insert(caseTransfers).values(row);
  }

  async transfersByCaseIds(ids: readonly string[]): Promise<CaseTransferRow[]> {
    return this.db.select().from(caseTransfers).where(inArray(caseTransfers.caseId, [...ids])).orderBy(asc(caseTransfers.at), asc(caseTransfers.id));
  }

  async insertTestCaseGroup(row: NewTestCaseGroup): Promise<void> {
    await this.db.insert(testCaseGroups).values(row);
  }

  async testCaseGroupsByIds(ids: readonly string[]): Promise<TestCaseGroupRow[]> {
    return this.db.select().from(testCaseGroups).where(inArray(testCaseGroups.id, [...ids]));
  }

  async insertMediationOffers(rows: NewMediationOffer[]): Promise<void> {
    if (rows.length) await this.db.insert(mediationOffers).values(rows);
  }

  async offersByGroupIds(ids: readonly string[]): Promise<MediationOfferRow[]> {
    return this.db.select().from(mediationOffers).where(inArray(mediationOffers.groupId, [...ids])).orderBy(asc(mediationOffers.offeredAt), asc(mediationOffers.id));
  }

  async insertEnforcementCase(row: NewEnforcementCase): Promise<void> {
    await this.db.insert(enforcementCases).values(row);
  }

  /** The enforcement case opened automatically for an obligation, if any. */
  async recordSettlementDefault(settlementId: string, missed: Record<string, unknown>, disputeId: string | null): Promise<void> {
    await this.db.insert(settlementDefaults).values({ settlementId, missed, disputeId })
      .onConflictDoUpdate({ target: settlementDefaults.settlementId, set: { missed, disputeId, recordedAt: new Date() } });
  }

  async settlementDefault(settlementId: string): Promise<typeof settlementDefaults.$inferSelect | undefined> {
    const [row] = await this.db.select().from(settlementDefaults).where(eq(settlementDefaults.settlementId, settlementId));
    return row;
  }

  async clearSettlementDefault(settlementId: string): Promise<void> {
    await this.db.delete(settlementDefaults).where(eq(settlementDefaults.settlementId, settlementId));
  }

  async enforcementCaseOfObligation(obligationId: string): Promise<EnforcementCaseRow | undefined> {
    const [row] = await this.db.select().from(enforcementCases).where(eq(enforcementCases.obligationId, obligationId));
    return row;
  }

  async enforcementCasesByBasis(basis: EnforcementCaseRow['basis'], basisReference: string): Promise<EnforcementCaseRow[]> {
    return this.db.select().from(enforcementCases).where(and(eq(enforcementCases.basis, basis), eq(enforcementCases.basisReference, basisReference)));
  }

  async enforcementCasesByIds(ids: readonly string[], visibility: Visibility): Promise<EnforcementCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(enforcementCases)
      .where(and(inArray(enforcementCases.id, [...ids]), visibilityCondition(visibility, enforcementCases.applicantId, enforcementCases.respondentId)));
  }

  /** The dispute's enforcement cases, oldest first. */
  async enforcementCasesByDisputeIds(disputeIds: readonly string[], visibility: Visibility): Promise<EnforcementCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(enforcementCases)
      .where(and(inArray(enforcementCases.disputeId, [...disputeIds]), visibilityCondition(visibility, enforcementCases.applicantId, enforcementCases.respondentId)))
      .orderBy(asc(enforcementCases.appliedAt), asc(enforcementCases.id));
  }

  /**
   * Reads an enforcement case and locks it for the rest of the transaction, whatever the
   * caller may see (the workflow checks): a listing and a conclusion of the same case wait
   * for each other, so no listing outlives the performance that removes it.
   */
  async enforcementCaseForUpdate(id: string): Promise<EnforcementCaseRow | undefined> {
    const [row] = await this.db.select().from(enforcementCases).where(eq(enforcementCases.id, id)).for('update');
    return row;
  }

  /** Compare-and-set, as for lawsuits: undefined when another transaction moved the case first. */
  async transitionEnforcementCase(id: string, expected: EnforcementCaseRow['status'], set: Partial<NewEnforcementCase>): Promise<EnforcementCaseRow | undefined> {
    const [row] = await this.db
      .update(enforcementCases)
      .set(set)
      .where(and(eq(enforcementCases.id, id), eq(enforcementCases.status, expected)))
      .returning();
    return row;
  }

  /**
   * The open enforcement cases against `debtorId` that enforce an obligation (a settlement
   * agreement or an arbitration case): opened on a missed instalment of it, or applied for
   * on the confirmation of that settlement or on that award.
   */
  async openEnforcementCasesOfObligation(obligation: 'SETTLEMENT' | 'AWARD', obligationId: string, debtorId: string): Promise<EnforcementCaseRow[]> {
    const byBasis = obligation === 'SETTLEMENT'
      ? and(
        eq(enforcementCases.basis, 'JUDICIAL_CONFIRMATION'),
        inArray(enforcementCases.basisReference, this.db.select({ n: judicialConfirmations.caseNumber }).from(judicialConfirmations).where(eq(judicialConfirmations.settlementReference, obligationId))),
      )
      : and(eq(enforcementCases.basis, 'ARBITRATION_AWARD'), eq(enforcementCases.basisReference, obligationId));
    return this.db
      .select()
      .from(enforcementCases)
      .where(and(eq(enforcementCases.status, 'APPLIED'), eq(enforcementCases.respondentId, debtorId), or(eq(enforcementCases.obligationId, obligationId), byBasis)))
      .orderBy(asc(enforcementCases.id));
  }

  async insertDiscreditedListing(row: NewDiscreditedListing): Promise<void> {
    await this.db.insert(discreditedListings).values(row);
  }

  async currentListingOfCase(enforcementCaseId: string): Promise<DiscreditedListingRow | undefined> {
    const [row] = await this.db
      .select()
      .from(discreditedListings)
      .where(and(eq(discreditedListings.enforcementCaseId, enforcementCaseId), isNull(discreditedListings.removedAt)));
    return row;
  }

  /** Removes the case's current listing, if there is one; answers it as removed. */
  async removeCurrentListing(enforcementCaseId: string, removedAt: Date, reason: NonNullable<DiscreditedListingRow['removalReason']>): Promise<DiscreditedListingRow | undefined> {
    const [row] = await this.db
      .update(discreditedListings)
      .set({ removedAt, removalReason: reason })
      .where(and(eq(discreditedListings.enforcementCaseId, enforcementCaseId), isNull(discreditedListings.removedAt)))
      .returning();
    return row;
  }

  /** Every listing made in the cases, oldest first. */
  async listingsByEnforcementCaseIds(ids: readonly string[]): Promise<DiscreditedListingRow[]> {
    return this.db
      .select()
      .from(discreditedListings)
      .where(inArray(discreditedListings.enforcementCaseId, [...ids]))
      .orderBy(asc(discreditedListings.listedAt), asc(discreditedListings.id));
  }

  async litigationCasesByDisputeIds(disputeIds: readonly string[], visibility: Visibility): Promise<LitigationCaseRow[]> {
    if (visibility.none) return [];
    return this.db
      .select()
      .from(litigationCases)
      .where(and(inArray(litigationCases.disputeId, [...disputeIds]), litigationVisibility(visibility)));
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

  /**
   * The application a step-up challenge was already spent on, read under a lock on that
   * challenge: two applications with one confirmation are judged one after the other.
   */
  async confirmationBySpentChallenge(challengeId: string): Promise<JudicialConfirmationRow | undefined> {
    await this.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'step-up:' + challengeId}, 0))`);
    const [row] = await this.db.select().from(judicialConfirmations).where(eq(judicialConfirmations.stepUpChallengeId, challengeId));
    return row;
  }

  async insertJudicialConfirmations(rows: NewJudicialConfirmation[]): Promise<void> {
    if (rows.length) await this.db.insert(judicialConfirmations).values(rows);
  }

  /** Court cases of both kinds, to tell an empty database from a seeded one. */
  async insertEnforcementCases(rows: NewEnforcementCase[]): Promise<void> {
    if (rows.length) await this.db.insert(enforcementCases).values(rows);
  }

  async countCases(): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`(select count(*) from ${litigationCases})::int + (select count(*) from ${judicialConfirmations})::int` })
      .from(sql`(select 1) as one`);
    return row?.n ?? 0;
  }
}
