import { and, asc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { appendEvents, type DomainEvent, type HubDatabase } from '@fengqiao/subgraph-kit';
import {
  contactAttempts, instalmentPerformance, mediationCases, mediationFacts, mediationOrganizations, mediationSessions, mediatorRatings, mediators, OPEN_STATUSES, outbox,
  settlementAgreements, tables,
  type ContactAttemptRow, type InstalmentPerformanceRow, type MediationCaseRow, type MediationFactRow, type MediationOrganizationRow, type MediationSessionRow, type MediationStatus,
  type MediatorRatingRow, type MediatorRow, type OutboxRow, type SettlementAgreementRow,
} from './db/schema.js';

export type MediationDb = HubDatabase<typeof tables>;
export type NewMediationOrganization = typeof mediationOrganizations.$inferInsert;
export type NewMediator = typeof mediators.$inferInsert;
export type NewMediationCase = typeof mediationCases.$inferInsert;
export type NewSettlementAgreement = typeof settlementAgreements.$inferInsert;
export type NewMediationSession = typeof mediationSessions.$inferInsert;
export type NewContactAttempt = typeof contactAttempts.$inferInsert;
export type NewMediationFact = typeof mediationFacts.$inferInsert;
export type NewMediatorRating = typeof mediatorRatings.$inferInsert;
export type NewInstalmentPerformance = typeof instalmentPerformance.$inferInsert;
export type CaseUpdate = Partial<Omit<NewMediationCase, 'id' | 'status'>>;
/** The aggregate type under which a case's events are kept in the outbox (and read back as its timeline). */
export const CASE_AGGREGATE = 'MediationCase';

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

  // ---- lifecycle writes (called inside a transaction) ----

  /** The case as stored, without visibility rules: the manager decides who may act on it. */
  async caseById(id: string): Promise<MediationCaseRow | undefined> {
    const [row] = await this.db.select().from(mediationCases).where(eq(mediationCases.id, id));
    return row;
  }

  /**
   * Compare-and-set on the status: `UPDATE … SET status = next WHERE id = $id AND status =
   * expected RETURNING *`. Undefined when the case is no longer in `expected` (someone else
   * moved it first). With `next === expected` it only locks the row and proves the status
   * held, so work that depends on the status is serialised with the transitions.
   */
  async compareAndSetStatus(id: string, expected: MediationStatus, next: MediationStatus, set: CaseUpdate = {}): Promise<MediationCaseRow | undefined> {
    const [row] = await this.db
      .update(mediationCases)
      .set({ ...set, status: next, updatedAt: new Date() })
      .where(and(eq(mediationCases.id, id), eq(mediationCases.status, expected)))
      .returning();
    return row;
  }

  async insertCase(row: NewMediationCase): Promise<void> {
    await this.db.insert(mediationCases).values(row);
  }

  async openCaseOfDispute(disputeId: string): Promise<MediationCaseRow | undefined> {
    const [row] = await this.db
      .select()
      .from(mediationCases)
      .where(and(eq(mediationCases.disputeId, disputeId), inArray(mediationCases.status, [...OPEN_STATUSES])));
    return row;
  }

  async settlementOfCase(caseId: string): Promise<SettlementAgreementRow | undefined> {
    const [row] = await this.db.select().from(settlementAgreements).where(eq(settlementAgreements.caseId, caseId));
    return row;
  }

  /**
   * Replaces the draft's content and clears any signature given to the earlier content; an
   * agreement both parties signed is never touched (undefined returned).
   */
  async redraftSettlement(caseId: string, draft: Pick<NewSettlementAgreement, 'terms' | 'instalments' | 'contentHash' | 'draftedBy'>): Promise<SettlementAgreementRow | undefined> {
    const [row] = await this.db
      .update(settlementAgreements)
      .set({ ...draft, claimantSignedAt: null, respondentSignedAt: null, claimantStepUpId: null, claimantStepUpAt: null, respondentStepUpId: null, respondentStepUpAt: null, updatedAt: new Date() })
      .where(and(eq(settlementAgreements.caseId, caseId), isNull(settlementAgreements.signedAt)))
      .returning();
    return row;
  }

  /**
   * One party's signature, given only to the content the party saw (`contentHash`) and only
   * once, with the party's own confirmation of it by code (`stepUp`: challenge id and time).
   */
  async signSettlement(
    id: string, side: 'CLAIMANT' | 'RESPONDENT', contentHash: string, at: Date, stepUp: { challengeId: string; confirmedAt: Date } | null,
  ): Promise<SettlementAgreementRow | undefined> {
    const column = side === 'CLAIMANT' ? settlementAgreements.claimantSignedAt : settlementAgreements.respondentSignedAt;
    const [row] = await this.db
      .update(settlementAgreements)
      .set(side === 'CLAIMANT'
        ? { claimantSignedAt: at, claimantStepUpId: stepUp?.challengeId ?? null, claimantStepUpAt: stepUp?.confirmedAt ?? null, updatedAt: at }
        : { respondentSignedAt: at, respondentStepUpId: stepUp?.challengeId ?? null, respondentStepUpAt: stepUp?.confirmedAt ?? null, updatedAt: at })
      .where(and(eq(settlementAgreements.id, id), isNull(column), isNull(settlementAgreements.signedAt), eq(settlementAgreements.contentHash, contentHash)))
      .returning();
    return row;
  }

  /** Seals the agreement once both signatures are there. */
  async sealSettlement(id: string, at: Date): Promise<SettlementAgreementRow | undefined> {
    const [row] = await this.db
      .update(settlementAgreements)
      .set({ signedAt: at, updatedAt: at })
      .where(and(eq(settlementAgreements.id, id), isNull(settlementAgreements.signedAt), sql`${settlementAgreements.claimantSignedAt} is not null`, sql`${settlementAgreements.respondentSignedAt} is not null`))
      .returning();
    return row;
  }

  // ---- settlement performance ----

  async settlementById(id: string): Promise<SettlementAgreementRow | undefined> {
    const [row] = await this.db.select().from(settlementAgreements).where(eq(settlementAgreements.id, id));
    return row;
  }

  /**
   * Locks the agreement's row (without changing it) so that everything done to one
   * settlement's instalments — payments, the missed-instalment job — runs one at a time, and
   * each sees the others' effects when it decides whether the obligation is performed.
   */
  async lockSettlement(id: string): Promise<SettlementAgreementRow | undefined> {
    const [row] = await this.db.select().from(settlementAgreements).where(eq(settlementAgreements.id, id)).for('update');
    return row;
  }

  async insertInstalmentPerformance(rows: NewInstalmentPerformance[]): Promise<void> {
    if (rows.length) await this.db.insert(instalmentPerformance).values(rows).onConflictDoNothing();
  }

  async performanceOfSettlements(settlementIds: readonly string[]): Promise<InstalmentPerformanceRow[]> {
    return this.db
      .select()
      .from(instalmentPerformance)
      .where(inArray(instalmentPerformance.settlementId, [...settlementIds]))
      .orderBy(asc(instalmentPerformance.settlementId), asc(instalmentPerformance.number));
  }

  async instalment(settlementId: string, number: number): Promise<InstalmentPerformanceRow | undefined> {
    const [row] = await this.db
      .select()
      .from(instalmentPerformance)
      .where(and(eq(instalmentPerformance.settlementId, settlementId), eq(instalmentPerformance.number, number)));
    return row;
  }

  /** Compare-and-set DUE or MISSED → PAID; undefined when the instalment was already paid. */
  async markInstalmentPaid(settlementId: string, number: number, at: Date, recordedBy: string): Promise<InstalmentPerformanceRow | undefined> {
    const [row] = await this.db
      .update(instalmentPerformance)
      .set({ status: 'PAID', paidAt: at, paymentRecordedBy: recordedBy, updatedAt: at })
      .where(and(eq(instalmentPerformance.settlementId, settlementId), eq(instalmentPerformance.number, number), inArray(instalmentPerformance.status, ['DUE', 'MISSED'])))
      .returning();
    return row;
  }

  /** Settlements with a DUE instalment whose due date is before `today` (YYYY-MM-DD, China time). */
  async settlementsWithInstalmentsPastDue(today: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ settlementId: instalmentPerformance.settlementId })
      .from(instalmentPerformance)
      .where(and(eq(instalmentPerformance.status, 'DUE'), lt(instalmentPerformance.dueDate, today)))
      .orderBy(asc(instalmentPerformance.settlementId))
      .limit(limit);
    return rows.map((r) => r.settlementId);
  }

  /** Compare-and-set DUE → MISSED for the settlement's instalments due before `today`; returns those this call moved. */
  async markInstalmentsMissed(settlementId: string, today: string, at: Date): Promise<InstalmentPerformanceRow[]> {
    return this.db
      .update(instalmentPerformance)
      .set({ status: 'MISSED', missedAt: at, updatedAt: at })
      .where(and(eq(instalmentPerformance.settlementId, settlementId), eq(instalmentPerformance.status, 'DUE'), lt(instalmentPerformance.dueDate, today)))
      .returning();
  }

  // ---- acknowledging referrals ----

  /**
   * Compare-and-set: records the acknowledgement only while the case is still REFERRED at
   * `organizationId` and unacknowledged; undefined otherwise (acknowledged, accepted,
   * re-offered or lapsed meanwhile).
   */
  async acknowledgeReferral(id: string, organizationId: string, at: Date): Promise<MediationCaseRow | undefined> {
    const [row] = await this.db
      .update(mediationCases)
      .set({ acknowledgedAt: at, updatedAt: at })
      .where(and(eq(mediationCases.id, id), eq(mediationCases.status, 'REFERRED'), eq(mediationCases.organizationId, organizationId), isNull(mediationCases.acknowledgedAt)))
      .returning();
    return row;
  }

  /** REFERRED cases at the organisation, oldest referral first. */
  async openReferralsOf(organizationId: string): Promise<MediationCaseRow[]> {
    return this.db
      .select()
      .from(mediationCases)
      .where(and(eq(mediationCases.organizationId, organizationId), eq(mediationCases.status, 'REFERRED')))
      .orderBy(asc(mediationCases.referredAt), asc(mediationCases.id));
  }

  /** REFERRED, unacknowledged cases whose deadline is at or before `now`, earliest deadline first. */
  async referralsPastAcknowledgement(now: Date, limit: number): Promise<MediationCaseRow[]> {
    return this.db
      .select()
      .from(mediationCases)
      .where(and(eq(mediationCases.status, 'REFERRED'), isNull(mediationCases.acknowledgedAt), lte(mediationCases.acknowledgeBy, now)))
      .orderBy(asc(mediationCases.acknowledgeBy), asc(mediationCases.id))
      .limit(limit);
  }

  /**
   * Compare-and-set for the acknowledgement job: re-offers (`next` REFERRED) or lapses
   * (`next` WITHDRAWN) the case only if it is still the unacknowledged offer the job read —
   * REFERRED, at the same organisation after as many re-offers, its deadline passed. Undefined
   * when another process or an acknowledgement got there first.
   */
  async expireReferral(
    id: string, expected: { organizationId: string; reofferCount: number }, now: Date, next: 'REFERRED' | 'WITHDRAWN', set: CaseUpdate,
  ): Promise<MediationCaseRow | undefined> {
    const [row] = await this.db
      .update(mediationCases)
      .set({ ...set, status: next, updatedAt: now })
      .where(and(
        eq(mediationCases.id, id), eq(mediationCases.status, 'REFERRED'), isNull(mediationCases.acknowledgedAt),
        eq(mediationCases.organizationId, expected.organizationId), eq(mediationCases.reofferCount, expected.reofferCount), lte(mediationCases.acknowledgeBy, now),
      ))
      .returning();
    return row;
  }

  // ---- routed referrals ----

  /** Open cases per organisation, for choosing where a route without a destination goes. */
  async openCaseCountsByOrganization(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ organizationId: mediationCases.organizationId, n: sql<number>`count(*)::int` })
      .from(mediationCases)
      .where(inArray(mediationCases.status, [...OPEN_STATUSES]))
      .groupBy(mediationCases.organizationId);
    return new Map(rows.map((r) => [r.organizationId, r.n]));
  }

  async allMediators(): Promise<MediatorRow[]> {
    return this.db.select().from(mediators).orderBy(asc(mediators.id));
  }

  async insertSessions(rows: NewMediationSession[]): Promise<void> {
    if (rows.length) await this.db.insert(mediationSessions).values(rows);
  }

  async insertContactAttempts(rows: NewContactAttempt[]): Promise<void> {
    if (rows.length) await this.db.insert(contactAttempts).values(rows);
  }

  async contactSummary(caseId: string): Promise<{ attempts: number; reached: number }> {
    const [row] = await this.db
      .select({ attempts: sql<number>`count(*)::int`, reached: sql<number>`count(*) filter (where ${contactAttempts.reached})::int` })
      .from(contactAttempts)
      .where(eq(contactAttempts.caseId, caseId));
    return { attempts: row?.attempts ?? 0, reached: row?.reached ?? 0 };
  }

  async insertFacts(rows: NewMediationFact[]): Promise<void> {
    if (rows.length) await this.db.insert(mediationFacts).values(rows);
  }

  async factOfCase(caseId: string, factId: string): Promise<MediationFactRow | undefined> {
    const [row] = await this.db.select().from(mediationFacts).where(and(eq(mediationFacts.id, factId), eq(mediationFacts.caseId, caseId)));
    return row;
  }

  /** Records one side's confirmation; undefined when that side had already confirmed. */
  async confirmFact(factId: string, side: 'CLAIMANT' | 'RESPONDENT', at: Date): Promise<MediationFactRow | undefined> {
    const column = side === 'CLAIMANT' ? mediationFacts.claimantConfirmedAt : mediationFacts.respondentConfirmedAt;
    const [row] = await this.db
      .update(mediationFacts)
      .set(side === 'CLAIMANT' ? { claimantConfirmedAt: at } : { respondentConfirmedAt: at })
      .where(and(eq(mediationFacts.id, factId), isNull(column)))
      .returning();
    return row;
  }

  /** Inserts the rating unless this party already rated this case; undefined then. */
  async insertRating(row: NewMediatorRating): Promise<MediatorRatingRow | undefined> {
    const [inserted] = await this.db.insert(mediatorRatings).values(row).onConflictDoNothing().returning();
    return inserted;
  }

  /** Folds one more score into the mediator's running average, in one statement. */
  async addToMediatorRating(mediatorId: string, score: number): Promise<MediatorRow | undefined> {
    const [row] = await this.db
      .update(mediators)
      .set({
        rating: sql`round((coalesce(${mediators.rating}, 0) * ${mediators.ratingsCount} + ${score}) / (${mediators.ratingsCount} + 1), 2)`,
        ratingsCount: sql`${mediators.ratingsCount} + 1`,
      })
      .where(eq(mediators.id, mediatorId))
      .returning();
    return row;
  }

  /** Appends events to the outbox in this store's transaction. */
  async appendEvents(events: DomainEvent[]): Promise<number[]> {
    return appendEvents(this.db, outbox, events);
  }

  // ---- batched reads for loaders: one statement per batch ----

  async sessionsOfCases(caseIds: readonly string[]): Promise<MediationSessionRow[]> {
    return this.db.select().from(mediationSessions).where(inArray(mediationSessions.caseId, [...caseIds])).orderBy(asc(mediationSessions.heldAt), asc(mediationSessions.id));
  }

  async contactAttemptsOfCases(caseIds: readonly string[]): Promise<ContactAttemptRow[]> {
    return this.db.select().from(contactAttempts).where(inArray(contactAttempts.caseId, [...caseIds])).orderBy(asc(contactAttempts.attemptedAt), asc(contactAttempts.id));
  }

  async factsOfCases(caseIds: readonly string[]): Promise<MediationFactRow[]> {
    return this.db.select().from(mediationFacts).where(inArray(mediationFacts.caseId, [...caseIds])).orderBy(asc(mediationFacts.position), asc(mediationFacts.id));
  }

  async ratingsOfCases(caseIds: readonly string[]): Promise<MediatorRatingRow[]> {
    return this.db.select().from(mediatorRatings).where(inArray(mediatorRatings.caseId, [...caseIds])).orderBy(asc(mediatorRatings.ratedAt), asc(mediatorRatings.id));
  }

  /** The cases' timelines: their outbox events, in commit order. */
  async eventsOfCases(caseIds: readonly string[]): Promise<OutboxRow[]> {
    return this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.aggregateType, CASE_AGGREGATE), inArray(outbox.aggregateId, [...caseIds])))
      .orderBy(asc(outbox.seq));
  }

  /** Open cases per mediator (ACCEPTED … IN_SESSION), for the recommendation's load factor. */
  async openCaseCounts(mediatorIds: readonly string[]): Promise<Map<string, number>> {
    if (!mediatorIds.length) return new Map();
    const rows = await this.db
      .select({ mediatorId: mediationCases.mediatorId, n: sql<number>`count(*)::int` })
      .from(mediationCases)
      .where(and(inArray(mediationCases.mediatorId, [...mediatorIds]), inArray(mediationCases.status, [...OPEN_STATUSES])))
      .groupBy(mediationCases.mediatorId);
    return new Map(rows.map((r) => [r.mediatorId!, r.n]));
  }

  async countMediators(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(mediators);
    return row?.n ?? 0;
  }
}
