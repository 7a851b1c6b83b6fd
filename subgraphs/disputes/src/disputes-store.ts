import { and, arrayOverlaps, asc, desc, eq, inArray, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { appendEvents, type Caller, type DomainEvent, type HubDatabase, type KeysetPosition } from '@fengqiao/subgraph-kit';
import { disputes, evidence, outbox, tables, timelineEvents, undisputedFacts, type DisputeRow, type EvidenceRow, type TimelineEventRow, type UndisputedFactRow } from './db/schema.js';
import { DISPUTE_TIMELINE_RECORDED, type DisputeTimelineRecordedPayload } from './feeds.js';

export type DisputesDb = HubDatabase<typeof tables>;
export type NewDispute = typeof disputes.$inferInsert;
export type NewTimelineEvent = typeof timelineEvents.$inferInsert;
export type NewEvidence = typeof evidence.$inferInsert;

/** Who may see which disputes, as a SQL condition; `undefined` means no restriction. */
export interface Visibility {
  partyId?: string;
  platformId?: string;
  handlingBody?: string;
  none?: boolean;
}

export interface DisputeQuery {
  status?: readonly string[] | null;
  category?: readonly string[] | null;
  partyId?: string | null;
  after?: KeysetPosition;
  limit: number;
}

function visibilityCondition(v: Visibility): SQL | undefined {
  if (v.none) return sql`false`;
  if (v.partyId) return or(eq(disputes.claimantId, v.partyId), eq(disputes.respondentId, v.partyId));
  if (v.platformId) return eq(disputes.platformId, v.platformId);
  if (v.handlingBody) return arrayOverlaps(disputes.handlingBodies, [v.handlingBody]);
  return undefined;
}

/** SQL for the disputes subgraph; one statement per method, so loaders batch cleanly. */
export class DisputesStore {
  constructor(private readonly db: DisputesDb) {}

  transaction<T>(fn: (store: DisputesStore, tx: DisputesDb) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new DisputesStore(tx as unknown as DisputesDb), tx as unknown as DisputesDb));
  }

  async disputesByIds(ids: readonly string[], visibility: Visibility): Promise<DisputeRow[]> {
    return this.db.select().from(disputes).where(and(inArray(disputes.id, [...ids]), visibilityCondition(visibility)));
  }

  /** One page, newest first, fetching `limit + 1` rows so the caller knows whether more exist. */
  async page(query: DisputeQuery, visibility: Visibility): Promise<DisputeRow[]> {
    const conditions: (SQL | undefined)[] = [visibilityCondition(visibility)];
    if (query.status?.length) conditions.push(inArray(disputes.status, query.status as DisputeRow['status'][]));
    if (query.category?.length) conditions.push(inArray(disputes.category, query.category as DisputeRow['category'][]));
    if (query.partyId) conditions.push(or(eq(disputes.claimantId, query.partyId), eq(disputes.respondentId, query.partyId)));
    if (query.after) {
      const at = new Date(query.after.at);
      conditions.push(or(lt(disputes.filedAt, at), and(eq(disputes.filedAt, at), lt(disputes.id, query.after.id))));
    }
    return this.db
      .select()
      .from(disputes)
      .where(and(...conditions))
      .orderBy(desc(disputes.filedAt), desc(disputes.id))
      .limit(query.limit + 1);
  }

  async timelinesOf(disputeIds: readonly string[]): Promise<TimelineEventRow[]> {
    return this.db
      .select()
      .from(timelineEvents)
      .where(inArray(timelineEvents.disputeId, [...disputeIds]))
      .orderBy(asc(timelineEvents.occurredAt), asc(timelineEvents.id));
  }

  /**
   * For each dispute, the ids of the other disputes still open (status not in `closed`) with
   * the same claimant, respondent, order and category: one statement for the whole batch.
   */
  async openOnSameOrderAs(disputeIds: readonly string[], closed: readonly DisputeRow['status'][]): Promise<{ disputeId: string; otherId: string }[]> {
    const other = alias(disputes, 'other');
    return this.db
      .select({ disputeId: disputes.id, otherId: other.id })
      .from(disputes)
      .innerJoin(other, and(
        eq(other.originOrderId, disputes.originOrderId), eq(other.claimantId, disputes.claimantId), eq(other.respondentId, disputes.respondentId),
        eq(other.category, disputes.category), ne(other.id, disputes.id), notInArray(other.status, [...closed]),
      ))
      .where(inArray(disputes.id, [...disputeIds]))
      .orderBy(asc(other.filedAt), asc(other.id));
  }

  async evidenceOf(disputeIds: readonly string[]): Promise<EvidenceRow[]> {
    return this.db
      .select()
      .from(evidence)
      .where(inArray(evidence.disputeId, [...disputeIds]))
      .orderBy(asc(evidence.submittedAt), asc(evidence.id));
  }

  async evidenceByIds(ids: readonly string[]): Promise<EvidenceRow[]> {
    return this.db.select().from(evidence).where(inArray(evidence.id, [...ids]));
  }

  async insertDispute(row: NewDispute): Promise<void> {
    await this.db.insert(disputes).values(row);
  }

  /**
   * Records timeline entries and announces each as DisputeTimelineRecorded (what live
   * `disputeUpdated` feeds follow), with `alsoPublish` in the same outbox insert: two
   * statements however many entries and events. Run it inside the transaction that made
   * the change, so the entries and their announcement commit together.
   */
  async insertTimelineEvents(rows: NewTimelineEvent[], alsoPublish: DomainEvent[] = []): Promise<void> {
    if (rows.length) await this.db.insert(timelineEvents).values(rows);
    const recorded = rows.map((row): DomainEvent => {
      const payload: DisputeTimelineRecordedPayload = { timelineEventId: row.id, kind: row.kind, summary: row.summary, track: row.track ?? null };
      const actor: Caller = { role: row.actorRole as Caller['role'], sub: row.actorId ?? null, org: null };
      return { type: DISPUTE_TIMELINE_RECORDED, aggregateType: 'Dispute', aggregateId: row.disputeId, disputeId: row.disputeId, actor, at: row.occurredAt ?? new Date(), payload };
    });
    await appendEvents(this.db, outbox, [...alsoPublish, ...recorded]);
  }

  async insertEvidence(row: NewEvidence): Promise<void> {
    await this.db.insert(evidence).values(row);
  }

  async setRoute(
    disputeId: string,
    route: { status: DisputeRow['status']; track: NonNullable<DisputeRow['track']>; routeId: string; statusBeforeRoute: DisputeRow['status']; at: Date },
  ): Promise<void> {
    await this.db.update(disputes)
      .set({ status: route.status, track: route.track, routeId: route.routeId, statusBeforeRoute: route.statusBeforeRoute, updatedAt: route.at })
      .where(eq(disputes.id, disputeId));
  }

  async setStatus(disputeId: string, change: { status: DisputeRow['status']; track?: DisputeRow['track']; at: Date }): Promise<void> {
    await this.db.update(disputes)
      .set({ status: change.status, ...(change.track !== undefined ? { track: change.track } : {}), updatedAt: change.at })
      .where(eq(disputes.id, disputeId));
  }

  /** Lets a court, organisation, institution or platform now handling the dispute read it. */
  /** The dispute as changed, or undefined when the body already handled it. */
  async addHandlingBody(disputeId: string, body: string): Promise<DisputeRow | undefined> {
    const [row] = await this.db.update(disputes)
      .set({ handlingBodies: sql`array_append(${disputes.handlingBodies}, ${body}::text)` })
      .where(and(eq(disputes.id, disputeId), sql`not (${body}::text = any(${disputes.handlingBodies}))`))
      .returning();
    return row;
  }

  /** Replaces who handles the dispute (a referral re-offered to another organisation); the dispute as changed. */
  async setHandlingBodies(disputeId: string, bodies: string[]): Promise<DisputeRow | undefined> {
    const [row] = await this.db.update(disputes).set({ handlingBodies: bodies }).where(eq(disputes.id, disputeId)).returning();
    return row;
  }

  /** The mediator now assigned to the dispute's mediation, or null when it ended. */
  async setAssignedMediator(disputeId: string, mediatorId: string | null): Promise<void> {
    await this.db.update(disputes).set({ assignedMediatorId: mediatorId }).where(eq(disputes.id, disputeId));
  }

  async undisputedFactsOf(disputeIds: readonly string[]): Promise<UndisputedFactRow[]> {
    return this.db.select().from(undisputedFacts).where(inArray(undisputedFacts.disputeId, [...disputeIds])).orderBy(asc(undisputedFacts.agreedAt), asc(undisputedFacts.id));
  }

  async insertUndisputedFacts(rows: UndisputedFactRow[]): Promise<void> {
    if (rows.length) await this.db.insert(undisputedFacts).values(rows).onConflictDoNothing();
  }

  async touch(disputeId: string): Promise<void> {
    await this.db.update(disputes).set({ updatedAt: new Date() }).where(eq(disputes.id, disputeId));
  }

  /** Locks the dispute row for the rest of the transaction, so concurrent changes queue up. */
  async lockDispute(id: string): Promise<DisputeRow | undefined> {
    const [row] = await this.db.select().from(disputes).where(eq(disputes.id, id)).for('update');
    return row;
  }

  async countDisputes(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(disputes);
    return row?.n ?? 0;
  }
}
