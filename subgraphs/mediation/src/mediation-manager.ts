import {
  badInput, canonicalHash, checkIdempotencyKey, chinaDate, createOnce, defineLifecycle, disputeRoutedPayload, forbidden, HubError, INSTALMENT_MISSED, INSTALMENT_PAID,
  invalidTransition, newId, notFound, OBLIGATION_PERFORMED, parseInput, requireAuthenticated, requireStepUp, ROUTE_REFUSED, stepUpRecord,
  type Caller, type CallerRole, type DomainEvent, type FeedEvent, type InstalmentMissedPayload, type InstalmentPaidPayload, type ObligationPerformedPayload,
  type RouteRefusedPayload, systemClock, type Clock,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import {
  idempotencyKeys, OPEN_STATUSES,
  type MediationCaseRow, type MediationFactRow, type MediationStatus, type MediatorRow, type SettlementInstalment,
} from './db/schema.js';
import { CASE_AGGREGATE, type CaseUpdate, type CaseVisibility, type MediationStore } from './mediation-store.js';
import { rankMediators, type RankedMediator } from './mediator-ranking.js';
import { chooseOrganization } from './organization-choice.js';
import { instalmentStates, outstandingAmount, totalAmount, type InstalmentState } from './settlement-performance.js';

/**
 * SHA-256 (lower-case hex) of a settlement's content — the canonical JSON of its terms and
 * instalments — so the written record can be shown to be intact later.
 */
export function settlementHash(terms: string, instalments: readonly SettlementInstalment[] = []): string {
  return canonicalHash({ terms, instalments: instalments.map((i) => ({ amount: i.amount, dueDate: i.dueDate })) });
}

/** The case's lifecycle; actions that don't move the status are checked by `requireStatus`. */
export const mediationLifecycle = defineLifecycle<MediationStatus, 'accept' | 'assignMediator' | 'reachRespondent' | 'settle' | 'fail' | 'withdraw' | 'leaveTrack'>(
  'mediation case',
  {
    accept: { from: ['REFERRED'], to: 'ACCEPTED' },
    assignMediator: { from: ['ACCEPTED'], to: 'MEDIATOR_ASSIGNED' },
    reachRespondent: { from: ['MEDIATOR_ASSIGNED'], to: 'IN_SESSION' },
    settle: { from: ['IN_SESSION'], to: 'SETTLED' },
    fail: { from: ['IN_SESSION'], to: 'FAILED' },
    withdraw: { from: [...OPEN_STATUSES], to: 'WITHDRAWN' },
    // The dispute went to arbitration or court (track-departure.ts): the mediation ends with the reason, like a withdrawal.
    leaveTrack: { from: [...OPEN_STATUSES], to: 'WITHDRAWN' },
  },
);
type Action = keyof typeof mediationLifecycle.actions;

const CLOSED_STATUSES: MediationStatus[] = ['SETTLED', 'FAILED', 'WITHDRAWN'];
export const DISPUTE_CATEGORIES = ['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER'] as const;
export const JURISDICTIONS = ['MAINLAND', 'HONG_KONG', 'MACAO', 'TAIWAN', 'FOREIGN'] as const;

const id = (field: string) => z.string().trim().min(1, `${field} is required`).max(100, `${field} is at most 100 characters`);
const text = (field: string, max: number) => z.string().refine((s) => s.trim().length > 0, `${field} is required`).refine((s) => s.length <= max, `${field} is at most ${max} characters`);

const referInput = z
  .object({
    disputeId: id('disputeId'),
    claimantId: id('claimantId'),
    respondentId: id('respondentId'),
    category: z.enum(DISPUTE_CATEGORIES, { message: `category must be one of ${DISPUTE_CATEGORIES.join(', ')}` }),
    organizationId: id('organizationId'),
    language: z.string().trim().min(1, 'language cannot be empty').max(40).nullish(),
    preferredModel: z.enum(['FACILITATIVE', 'EVALUATIVE']).nullish(),
    claimantJurisdiction: z.enum(JURISDICTIONS, { message: `claimantJurisdiction must be one of ${JURISDICTIONS.join(', ')}` }).nullish(),
    respondentJurisdiction: z.enum(JURISDICTIONS, { message: `respondentJurisdiction must be one of ${JURISDICTIONS.join(', ')}` }).nullish(),
  })
  .refine((i) => i.claimantId !== i.respondentId, { message: 'The respondent must be another party than the claimant', path: ['respondentId'] });
export type ReferToMediationInput = z.input<typeof referInput>;
type ReferInput = z.output<typeof referInput>;

const SESSION_CLOCK_SKEW_MS = 5 * 60_000;
const sessionInput = z.object({
  stage: z.enum(['OPENING_REMARKS', 'JOINT_MEETING', 'INDIVIDUAL_INTERVIEW', 'SECOND_JOINT_MEETING', 'SETTLEMENT_NEGOTIATION', 'OTHER']),
  heldAt: z.date().refine((d) => d.getTime() <= Date.now() + SESSION_CLOCK_SKEW_MS, 'heldAt cannot be in the future'),
  summary: text('summary', 10_000),
});
export type RecordSessionInput = z.input<typeof sessionInput>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dueDate must be a date like 2026-09-30')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'dueDate must be a real calendar date');
const settlementInput = z.object({
  terms: text('terms', 50_000),
  instalments: z
    .array(z.object({ amount: z.string().refine((a) => Number(a) > 0, 'amount must be positive'), dueDate: isoDate }))
    .max(120, 'at most 120 instalments')
    .nullish()
    .transform((list) => list ?? []),
});
export type DraftSettlementInput = z.input<typeof settlementInput>;

const terminationInput = z.object({
  report: text('report', 20_000),
  facts: z.array(text('fact', 2_000)).max(100, 'at most 100 facts'),
});
export type TerminateMediationInput = z.input<typeof terminationInput>;

const contactInput = z.object({
  reached: z.boolean(),
  channel: z.enum(['PHONE', 'VIRTUAL_NUMBER', 'SMS', 'EMAIL', 'INSTANT_MESSAGE', 'VIDEO', 'IN_PERSON']),
  note: z.string().max(2_000, 'note is at most 2000 characters').nullish(),
});
const reasonInput = z.object({ reason: text('reason', 2_000) });
const ratingInput = z.object({
  score: z.number().int('score must be a whole number').min(1, 'score must be 1 to 5').max(5, 'score must be 1 to 5'),
  comment: z.string().max(2_000, 'comment is at most 2000 characters').nullish(),
});

type Side = 'CLAIMANT' | 'RESPONDENT';

/**
 * What the mediation subgraph decides. Organisations and mediators are public reference
 * data (parties choose a mediator from them); mediation cases are confidential to the
 * parties, the organisation handling them, the assigned mediator, courts and admins.
 *
 * Every change runs in one transaction that (1) moves or holds the case's status with a
 * compare-and-set, (2) writes its records, and (3) appends its event to the outbox, which is
 * also the case's timeline.
 */
export interface MediationSettings {
  /** Hours an organisation has to acknowledge a referral offered to it (MEDIATION_ACK_HOURS). */
  ackHours: number;
}

export class MediationManager {
  constructor(readonly store: MediationStore, readonly settings: MediationSettings = { ackHours: 24 }, readonly clock: Clock = systemClock()) {}

  /** When an organisation offered the case at `offeredAt` must have acknowledged it. */
  acknowledgeByFrom(offeredAt: Date): Date {
    return new Date(offeredAt.getTime() + Math.round(this.settings.ackHours * 3_600_000));
  }

  caseVisibilityFor(caller: Caller): CaseVisibility {
    switch (caller.role) {
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      case 'mediation_org':
        return caller.org ? { organizationId: caller.org } : { none: true };
      case 'mediator':
        return caller.sub ? { mediatorId: caller.sub } : { none: true };
      case 'court':
      case 'admin':
        return {};
      default:
        return { none: true };
    }
  }

  /** The dispute's current mediation case: the latest referral among those visible. */
  static currentCase(cases: MediationCaseRow[]): MediationCaseRow | null {
    return cases.at(-1) ?? null;
  }

  // ---- guards ----

  static sideOf(caller: Caller, c: MediationCaseRow): Side | null {
    if (caller.role !== 'party' || !caller.sub) return null;
    if (caller.sub === c.claimantId) return 'CLAIMANT';
    if (caller.sub === c.respondentId) return 'RESPONDENT';
    return null;
  }

  private static requireCaseManager(caller: Caller, c: MediationCaseRow): void {
    requireAuthenticated(caller);
    if (caller.role !== 'mediation_org') throw forbidden("This is for the case manager of the mediation organisation handling the case");
    if (!caller.org || caller.org !== c.organizationId) throw forbidden("This case was referred to another mediation organisation");
  }

  /** The organisation's own case managers (its listener included) and admins. */
  static requireOrganizationStaff(caller: Caller, organizationId: string): void {
    requireAuthenticated(caller);
    if (caller.role === 'admin') return;
    if (caller.role !== 'mediation_org') throw forbidden("This is for the case managers of the mediation organisation");
    if (!caller.org || caller.org !== organizationId) throw forbidden('This is for the case managers of another mediation organisation');
  }

  private static requireAssignedMediator(caller: Caller, c: MediationCaseRow): void {
    requireAuthenticated(caller);
    if (caller.role !== 'mediator') throw forbidden('This is for the mediator assigned to the case');
    if (!caller.sub || caller.sub !== c.mediatorId) throw forbidden('You are not the mediator assigned to this case');
  }

  private static requireParty(caller: Caller, c: MediationCaseRow): Side {
    requireAuthenticated(caller);
    if (caller.role !== 'party') throw forbidden('This is for the parties to the case');
    const side = MediationManager.sideOf(caller, c);
    if (!side) throw forbidden('You are not a party to this case');
    return side;
  }

  private static idempotency(caller: Caller, operation: string, key: string, input: unknown) {
    return { key, caller: `${caller.role}:${caller.sub}`, operation, input };
  }

  // ---- the compare-and-set helpers ----

  private async loadCase(store: MediationStore, caseId: string): Promise<MediationCaseRow> {
    const c = await store.caseById(caseId);
    if (!c) throw notFound('Mediation case', caseId);
    return c;
  }

  private static async lost(store: MediationStore, caseId: string): Promise<never> {
    const now = await store.caseById(caseId);
    const state = now?.status ?? 'UNKNOWN';
    throw invalidTransition(`The mediation case changed meanwhile and is now ${state}`, state);
  }

  /** Moves the case by `action`, only if its status is still the one read. */
  private async transition(store: MediationStore, c: MediationCaseRow, action: Action, set: CaseUpdate = {}): Promise<MediationCaseRow> {
    const next = mediationLifecycle.next(c.status, action);
    return (await store.compareAndSetStatus(c.id, c.status, next, set)) ?? MediationManager.lost(store, c.id);
  }

  /**
   * For work that needs a status but does not change it: refuses other statuses, then locks
   * the row with a same-status compare-and-set so a concurrent transition cannot slip in.
   */
  private async requireStatus(store: MediationStore, c: MediationCaseRow, allowed: readonly MediationStatus[], what: string, set: CaseUpdate = {}): Promise<MediationCaseRow> {
    if (!allowed.includes(c.status)) throw invalidTransition(`A mediation case that is ${c.status} cannot ${what}; it must be ${allowed.join(' or ')}`, c.status);
    return (await store.compareAndSetStatus(c.id, c.status, c.status, set)) ?? MediationManager.lost(store, c.id);
  }

  private static event(c: MediationCaseRow, caller: Caller, type: string, note: string, payload: Record<string, unknown> = {}, at = new Date()): DomainEvent {
    return {
      type,
      aggregateType: CASE_AGGREGATE,
      aggregateId: c.id,
      disputeId: c.disputeId,
      actor: caller,
      at,
      payload: { caseId: c.id, disputeId: c.disputeId, organizationId: c.organizationId, status: c.status, note, ...payload },
    };
  }

  // ---- the lifecycle ----

  async refer(caller: Caller, rawInput: ReferToMediationInput, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(referInput, rawInput);
    const mayRefer = ['court', 'platform', 'admin'].includes(caller.role) || (caller.role === 'party' && caller.sub === input.claimantId);
    if (!mayRefer) throw forbidden('Referrals come from a court, a platform, an admin, or the claimant itself');
    checkIdempotencyKey(idempotencyKey);
    try {
      return await this.store.transaction(async (store, tx) => {
        const { id } = await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, 'referToMediation', idempotencyKey, rawInput), async () =>
          (await this.openCase(store, caller, input)).id);
        return this.loadCase(store, id);
      });
    } catch (err) {
      throw asReferralConflict(err, input.disputeId);
    }
  }

  /**
   * Opens a REFERRED case: the one path for a referral by mutation and by a routed dispute.
   * It does not ask whether `actor` may refer: the caller of this method has decided that
   * (the mutation by role, a route because the disputes subgraph authorised it).
   */
  private async openCase(store: MediationStore, actor: Caller, input: ReferInput, extra: { routeId?: string; note?: string } = {}): Promise<MediationCaseRow> {
    const [organization] = await store.organizationsByIds([input.organizationId]);
    if (!organization) throw badInput(`Mediation organisation ${input.organizationId} does not exist`, { field: 'organizationId', rule: 'UNKNOWN_ORGANIZATION' });
    const open = await store.openCaseOfDispute(input.disputeId);
    if (open) throw new HubError('CONFLICT', `Dispute ${input.disputeId} is already in mediation (case ${open.id}, ${open.status})`, { caseId: open.id, rule: 'ALREADY_IN_MEDIATION' });
    const now = this.clock.now();
    const row: MediationCaseRow = {
      id: newId('mca'), disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId, organizationId: organization.id, mediatorId: null,
      category: input.category, language: input.language ?? null, preferredModel: input.preferredModel ?? null,
      claimantJurisdiction: input.claimantJurisdiction ?? null, respondentJurisdiction: input.respondentJurisdiction ?? null,
      status: 'REFERRED', terminationReport: null, terminatedAt: null, withdrawalReason: null, referredAt: now, closedAt: null, updatedAt: now,
      // A court is known by its court, so a lapse can be reported back to it; anyone else by who acted.
      referredByRole: actor.role, referredById: actor.role === 'court' ? (actor.org ?? actor.sub) : actor.sub,
      acknowledgeBy: this.acknowledgeByFrom(now), acknowledgedAt: null, reofferCount: 0, offeredOrganizationIds: [organization.id], lapsedAt: null,
    };
    await store.insertCase(row);
    await store.appendEvents([
      MediationManager.event(row, actor, 'MediationReferred', extra.note ?? `Referred to ${organization.name}`, {
        claimantId: row.claimantId, respondentId: row.respondentId, category: row.category, language: row.language, preferredModel: row.preferredModel,
        acknowledgeBy: row.acknowledgeBy!.toISOString(),
        ...(extra.routeId ? { routeId: extra.routeId } : {}),
      }, now),
    ]);
    return row;
  }

  /**
   * A dispute routed to mediation by the disputes subgraph: opens its case at the route's
   * destination, or at an organisation chosen by `chooseOrganization`. A route that cannot be
   * carried out is answered with RouteRefused in this same transaction, so the refusal is
   * committed with the consumption of the route. Routes to other tracks are not ours.
   */
  async acceptRoute(event: FeedEvent): Promise<void> {
    const actor = actorOf(event);
    const parsed = disputeRoutedPayload.safeParse(event.payload);
    if (!parsed.success) {
      const routeId = typeof event.payload.routeId === 'string' ? event.payload.routeId : null;
      if (routeId && event.payload.track === 'MEDIATION') {
        await this.refuseRoute(event, actor, routeId, 'INVALID_ROUTE', `The route's payload does not follow the DisputeRouted contract: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
        return;
      }
      // Without a route id there is nobody to answer: consumed and logged, not retried forever.
      throw badInput(`DisputeRouted event ${event.cursor} does not follow the contract`, { rule: 'INVALID_ROUTE' });
    }
    const route = parsed.data;
    if (route.track !== 'MEDIATION') return;
    try {
      // A savepoint: a refusal (even a unique violation, which aborts it) leaves the delivery's transaction usable for RouteRefused.
      await this.store.transaction(async (store) => {
        let organizationId = route.destinationId;
        let note: string | undefined;
        if (!organizationId) {
          const choice = await MediationManager.chooseOrganizationFor(store, route.category);
          if (!choice) throw badInput('No mediation organisation on the hub has a mediator to take the case', { field: 'destinationId', rule: 'NO_ORGANIZATION_AVAILABLE' });
          organizationId = choice.organization.id;
          note = `Referred to ${choice.organization.name}, chosen by the hub: ${choice.reason}`;
        }
        const input = parseInput(referInput, {
          disputeId: disputeIdOf(event) ?? '',
          claimantId: route.claimantId, respondentId: route.respondentId, category: route.category, organizationId,
        });
        await this.openCase(store, actor, input, { routeId: route.routeId, note });
      });
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      await this.refuseRoute(event, actor, route.routeId, refusal.code, refusal.message);
    }
  }

  private async refuseRoute(event: FeedEvent, actor: Caller, routeId: string, code: string, message: string): Promise<void> {
    const disputeId = disputeIdOf(event);
    const payload: RouteRefusedPayload = { routeId, track: 'MEDIATION', code, message };
    await this.store.appendEvents([{ type: ROUTE_REFUSED, aggregateType: 'Dispute', aggregateId: disputeId ?? routeId, disputeId, actor, payload: { ...payload, disputeId } }]);
  }

  /** `chooseOrganization` over the hub's organisations, leaving out those in `exclude` (already offered the case). */
  static async chooseOrganizationFor(store: MediationStore, category: string, exclude: readonly string[] = []) {
    const [organizations, mediators, openCases] = await Promise.all([store.organizations(), store.allMediators(), store.openCaseCountsByOrganization()]);
    return chooseOrganization(organizations.filter((o) => !exclude.includes(o.id)), mediators, openCases, category);
  }

  async acceptReferral(caller: Caller, caseId: string): Promise<MediationCaseRow> {
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireCaseManager(caller, c);
      // Accepting is the strongest acknowledgement: an unacknowledged referral counts as acknowledged now.
      const updated = await this.transition(store, c, 'accept', c.acknowledgedAt ? {} : { acknowledgedAt: this.clock.now() });
      await store.appendEvents([MediationManager.event(updated, caller, 'MediationAccepted', 'Referral accepted by the case manager', { claimantId: c.claimantId, respondentId: c.respondentId })]);
      return updated;
    });
  }

  // ---- acknowledging referrals ----

  /**
   * The organisation confirms it received the referral. Only its case managers (or an admin),
   * only while the case is open at it; acknowledging again, or a case already accepted,
   * changes nothing. An acknowledgement after `acknowledgeBy` is still taken while the
   * deadline job has not re-offered or lapsed the case: the offer is still there.
   */
  async acknowledgeReferral(caller: Caller, caseId: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      if (!MediationManager.needsAcknowledgement(caller, c)) return c;
      const now = this.clock.now();
      const acknowledged = await store.acknowledgeReferral(c.id, c.organizationId, now);
      if (!acknowledged) {
        // Acknowledged, accepted, re-offered or lapsed meanwhile: judge the case as it is now.
        const current = await this.loadCase(store, caseId);
        if (MediationManager.needsAcknowledgement(caller, current)) return MediationManager.lost(store, caseId);
        return current;
      }
      const [organization] = await store.organizationsByIds([acknowledged.organizationId]);
      await store.appendEvents([
        MediationManager.event(acknowledged, caller, 'ReferralAcknowledged', `Referral acknowledged by ${organization?.name ?? acknowledged.organizationId}`, {
          acknowledgedAt: now.toISOString(), acknowledgeBy: acknowledged.acknowledgeBy?.toISOString() ?? null,
        }, now),
      ]);
      return acknowledged;
    });
  }

  /** Refuses who may not acknowledge and cases that cannot be; false when there is nothing left to do. */
  private static needsAcknowledgement(caller: Caller, c: MediationCaseRow): boolean {
    MediationManager.requireOrganizationStaff(caller, c.organizationId);
    if (CLOSED_STATUSES.includes(c.status)) {
      const why = c.lapsedAt ? 'it was not acknowledged in time and was reported back' : `it is ${c.status}`;
      throw invalidTransition(`The referral can no longer be acknowledged: ${why}`, c.status);
    }
    return c.status === 'REFERRED' && c.acknowledgedAt == null;
  }

  /** The organisation's referrals not accepted yet, oldest first: what its listener re-reads after a resync. */
  async openReferrals(caller: Caller, organizationId: string): Promise<MediationCaseRow[]> {
    MediationManager.requireOrganizationStaff(caller, organizationId);
    return this.store.openReferralsOf(organizationId);
  }

  /**
   * The deadline job: every REFERRED case its organisation did not acknowledge by
   * `acknowledgeBy` is re-offered to another organisation (chosen like a route without a
   * destination, never one offered before) with a new deadline — or, when a court referred
   * it or no other organisation can take it, lapses: closed as WITHDRAWN and reported back
   * with ReferralLapsed. One transaction per case, each change a compare-and-set on the offer
   * read, so two processes running this at once handle each expired offer once. Returns how
   * many cases this call re-offered and lapsed.
   */
  async expireUnacknowledgedReferrals(now: Date = this.clock.now()): Promise<{ reoffered: number; lapsed: number }> {
    const batch = 100;
    const done = { reoffered: 0, lapsed: 0 };
    for (;;) {
      const due = await this.store.referralsPastAcknowledgement(now, batch);
      let pass = 0;
      for (const c of due) {
        const outcome = await this.expireReferral(c, now);
        if (outcome) {
          done[outcome] += 1;
          pass += 1;
        }
      }
      // A full batch that changed nothing would come back identical: stop rather than spin.
      if (due.length < batch || pass === 0) return done;
    }
  }

  private async expireReferral(c: MediationCaseRow, now: Date): Promise<'reoffered' | 'lapsed' | null> {
    return this.store.transaction(async (store) => {
      const deadline = c.acknowledgeBy!;
      const expected = { organizationId: c.organizationId, reofferCount: c.reofferCount };
      const [from] = await store.organizationsByIds([c.organizationId]);
      const fromName = from?.name ?? c.organizationId;
      const byCourt = c.referredByRole === 'court';
      const offered = [...new Set([...c.offeredOrganizationIds, c.organizationId])];
      const choice = byCourt ? null : await MediationManager.chooseOrganizationFor(store, c.category, offered);

      if (choice) {
        const to = choice.organization;
        const acknowledgeBy = this.acknowledgeByFrom(now);
        const moved = await store.expireReferral(c.id, expected, now, 'REFERRED', {
          organizationId: to.id, reofferCount: c.reofferCount + 1, acknowledgeBy, offeredOrganizationIds: [...offered, to.id],
        });
        if (!moved) return null;
        await store.appendEvents([
          MediationManager.event(moved, HUB_ACTOR, 'ReferralReoffered', `Not acknowledged by ${fromName} by ${deadline.toISOString()}; re-offered to ${to.name}, chosen by the hub: ${choice.reason}`, {
            fromOrganizationId: c.organizationId, fromOrganizationName: fromName, organizationName: to.name, acknowledgeBy: acknowledgeBy.toISOString(),
            claimantId: moved.claimantId, respondentId: moved.respondentId, category: moved.category,
          }, now),
        ]);
        return 'reoffered';
      }

      const returnedTo = byCourt ? 'returned to the referring court' : 'no other mediation organisation could take it, so it was returned to the hub';
      const reason = `The referral was not acknowledged by ${fromName} by ${deadline.toISOString()}; ${returnedTo}`;
      mediationLifecycle.next(c.status, 'withdraw');
      const lapsed = await store.expireReferral(c.id, expected, now, 'WITHDRAWN', { lapsedAt: now, closedAt: now, withdrawalReason: reason });
      if (!lapsed) return null;
      await store.appendEvents([
        MediationManager.event(lapsed, HUB_ACTOR, 'ReferralLapsed', reason, {
          organizationName: fromName, referringCourtId: byCourt ? c.referredById : null, acknowledgeBy: deadline.toISOString(),
        }, now),
      ]);
      return 'lapsed';
    });
  }

  async assignMediator(caller: Caller, caseId: string, mediatorId: string): Promise<MediationCaseRow> {
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireCaseManager(caller, c);
      const [mediator] = await store.mediatorsByIds([mediatorId]);
      if (!mediator) throw notFound('Mediator', mediatorId);
      mediationLifecycle.next(c.status, 'assignMediator');
      if (mediator.organizationId !== c.organizationId) {
        throw invalidTransition(`Mediator ${mediatorId} belongs to another organisation than the one handling the case`, c.status);
      }
      const updated = await this.transition(store, c, 'assignMediator', { mediatorId: mediator.id });
      await store.appendEvents([MediationManager.event(updated, caller, 'MediatorAssigned', `Mediator ${mediator.name} assigned`, { mediatorId: mediator.id, mediatorName: mediator.name })]);
      return updated;
    });
  }

  async recordContactAttempt(caller: Caller, caseId: string, raw: { reached: boolean; channel: string; note?: string | null }, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(contactInput, raw);
    return this.store.transaction(async (store, tx) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireAssignedMediator(caller, c);
      await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, `recordContactAttempt:${caseId}`, idempotencyKey, raw), async () => {
        const firstReach = input.reached && c.status === 'MEDIATOR_ASSIGNED';
        const updated = firstReach
          ? await this.transition(store, c, 'reachRespondent')
          : await this.requireStatus(store, c, ['MEDIATOR_ASSIGNED', 'IN_SESSION'], 'record a contact attempt');
        const attemptId = newId('cta');
        const at = new Date();
        await store.insertContactAttempts([{ id: attemptId, caseId, reached: input.reached, channel: input.channel, note: input.note ?? null, mediatorId: caller.sub!, attemptedAt: at }]);
        await store.appendEvents([
          MediationManager.event(
            updated, caller, firstReach ? 'RespondentReached' : 'ContactAttemptRecorded',
            input.reached ? `Respondent reached by ${input.channel}` : `Respondent not reached by ${input.channel}`,
            { attemptId, reached: input.reached, channel: input.channel, respondentId: c.respondentId }, at,
          ),
        ]);
        return attemptId;
      });
      return this.loadCase(store, caseId);
    });
  }

  async withdraw(caller: Caller, caseId: string, rawReason: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const { reason } = parseInput(reasonInput, { reason: rawReason });
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      let grounds: 'RESPONDENT_UNREACHABLE' | 'CLAIMANT_WITHDREW';
      if (caller.role === 'mediator') {
        MediationManager.requireAssignedMediator(caller, c);
        mediationLifecycle.next(c.status, 'withdraw');
        // The mediator withdraws only when the respondent cannot be reached (seed 000 §3.3); once reached, the mediation ends by settlement or termination.
        if (c.status !== 'MEDIATOR_ASSIGNED') throw invalidTransition('The respondent was reached: end the mediation with a settlement or a termination report', c.status);
        const contact = await store.contactSummary(c.id);
        if (contact.attempts === 0) throw invalidTransition('Record at least one failed attempt to reach the respondent before withdrawing', c.status);
        grounds = 'RESPONDENT_UNREACHABLE';
      } else if (caller.role === 'party') {
        const side = MediationManager.requireParty(caller, c);
        if (side !== 'CLAIMANT') throw forbidden('Only the claimant can withdraw from the mediation');
        grounds = 'CLAIMANT_WITHDREW';
      } else {
        throw forbidden('A mediation is withdrawn by its assigned mediator or by the claimant');
      }
      const now = new Date();
      const updated = await this.transition(store, c, 'withdraw', { withdrawalReason: reason, closedAt: now });
      await store.appendEvents([
        MediationManager.event(updated, caller, 'MediationWithdrawn', reason, { grounds, reason, claimantId: c.claimantId, respondentId: c.respondentId, mediatorId: c.mediatorId }, now),
      ]);
      return updated;
    });
  }

  async recordSession(caller: Caller, caseId: string, raw: RecordSessionInput, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(sessionInput, raw);
    return this.store.transaction(async (store, tx) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireAssignedMediator(caller, c);
      await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, `recordSession:${caseId}`, idempotencyKey, raw), async () => {
        const held = await this.requireStatus(store, c, ['IN_SESSION'], 'record a session');
        const sessionId = newId('mss');
        await store.insertSessions([{ id: sessionId, caseId, stage: input.stage, heldAt: input.heldAt, summary: input.summary, recordedBy: caller.sub! }]);
        await store.appendEvents([MediationManager.event(held, caller, 'MediationSessionRecorded', `${input.stage} held`, { sessionId, stage: input.stage, heldAt: input.heldAt.toISOString() })]);
        return sessionId;
      });
      return this.loadCase(store, caseId);
    });
  }

  async draftSettlement(caller: Caller, caseId: string, raw: DraftSettlementInput, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(settlementInput, raw);
    const instalments = input.instalments.map((i) => ({ amount: Number(i.amount).toFixed(2), dueDate: i.dueDate }));
    const contentHash = settlementHash(input.terms, instalments);
    return this.store.transaction(async (store, tx) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireAssignedMediator(caller, c);
      await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, `draftSettlement:${caseId}`, idempotencyKey, raw), async () => {
        const held = await this.requireStatus(store, c, ['IN_SESSION'], 'draft a settlement');
        if (held.terminationReport) throw invalidTransition('The mediation was terminated; no settlement can be drafted', held.status);
        const existing = await store.settlementOfCase(caseId);
        let settlementId: string;
        let clearedSignatures = false;
        if (existing) {
          const redrafted = await store.redraftSettlement(caseId, { terms: input.terms, instalments, contentHash, draftedBy: caller.sub });
          if (!redrafted) throw invalidTransition('The settlement agreement was signed by both parties and can no longer change', held.status);
          settlementId = redrafted.id;
          clearedSignatures = !!(existing.claimantSignedAt || existing.respondentSignedAt);
        } else {
          settlementId = newId('sag');
          await store.insertSettlements([{ id: settlementId, caseId, terms: input.terms, instalments, contentHash, draftedBy: caller.sub }]);
        }
        await store.appendEvents([
          MediationManager.event(held, caller, 'SettlementDrafted', existing ? 'Settlement agreement redrafted' : 'Settlement agreement drafted', {
            settlementId, contentHash, instalments: instalments.length, clearedSignatures,
          }),
        ]);
        return settlementId;
      });
      return this.loadCase(store, caseId);
    });
  }

  async signSettlement(caller: Caller, caseId: string): Promise<MediationCaseRow> {
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      const side = MediationManager.requireParty(caller, c);
      const held = await this.requireStatus(store, c, ['IN_SESSION'], 'take a signature');
      const draft = await store.settlementOfCase(caseId);
      if (!draft) throw invalidTransition('There is no settlement agreement to sign yet', held.status);
      if (held.terminationReport) throw invalidTransition('The mediation was terminated; the settlement can no longer be signed', held.status);
      // Signing has legal effect: the party confirms this very content itself, with a code.
      const stepUp = stepUpRecord(requireStepUp(caller, 'SIGN_SETTLEMENT', caseId, draft.contentHash));
      const now = new Date();
      const signed = await store.signSettlement(draft.id, side, draft.contentHash, now, stepUp);
      if (!signed) throw new HubError('CONFLICT', `The ${side.toLowerCase()} has already signed this settlement agreement`);
      const events = [MediationManager.event(held, caller, 'SettlementSigned', `Signed by the ${side.toLowerCase()}`, { settlementId: draft.id, side, contentHash: draft.contentHash, stepUpChallengeId: stepUp?.challengeId ?? null }, now)];
      let result = held;
      if (signed.claimantSignedAt && signed.respondentSignedAt) {
        const sealed = (await store.sealSettlement(draft.id, now))!;
        await store.insertInstalmentPerformance(sealed.instalments.map((i, index) => ({ settlementId: sealed.id, number: index + 1, dueDate: i.dueDate, updatedAt: now })));
        result = await this.transition(store, held, 'settle', { closedAt: now });
        events.push(
          MediationManager.event(result, caller, 'MediationSettled', 'Settlement agreement signed by both parties', {
            settlementId: sealed.id, contentHash: sealed.contentHash, terms: sealed.terms, instalments: sealed.instalments, signedAt: now.toISOString(),
            claimantId: c.claimantId, respondentId: c.respondentId, mediatorId: c.mediatorId,
          }, now),
        );
      }
      await store.appendEvents(events);
      return result;
    });
  }

  async terminate(caller: Caller, caseId: string, raw: TerminateMediationInput, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(terminationInput, raw);
    return this.store.transaction(async (store, tx) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireAssignedMediator(caller, c);
      await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, `terminateMediation:${caseId}`, idempotencyKey, raw), async () => {
        const held = await this.requireStatus(store, c, ['IN_SESSION'], 'be terminated');
        if (held.terminationReport) throw new HubError('CONFLICT', 'A termination report was already filed for this case');
        const now = new Date();
        const updated = (await store.compareAndSetStatus(caseId, 'IN_SESSION', 'IN_SESSION', { terminationReport: input.report, terminatedAt: now }))!;
        const facts = input.facts.map((statement, position) => ({ id: newId('mft'), caseId, position, statement, createdAt: now }));
        await store.insertFacts(facts);
        await store.appendEvents([
          MediationManager.event(updated, caller, 'MediationTerminationReported', 'Termination of Mediation Report filed', {
            report: input.report, proposedFacts: facts.map((f) => ({ id: f.id, statement: f.statement })),
          }, now),
        ]);
        return caseId;
      });
      return this.loadCase(store, caseId);
    });
  }

  async confirmFact(caller: Caller, caseId: string, factId: string): Promise<MediationCaseRow> {
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      const side = MediationManager.requireParty(caller, c);
      const held = await this.requireStatus(store, c, ['IN_SESSION'], 'take confirmations of facts');
      const fact = await store.factOfCase(caseId, factId);
      if (!fact) throw notFound('Fact', factId);
      const confirmed = await store.confirmFact(factId, side, new Date());
      if (confirmed) {
        const undisputed = MediationManager.isUndisputed(confirmed);
        await store.appendEvents([
          MediationManager.event(held, caller, 'UndisputedFactConfirmed', `Fact confirmed by the ${side.toLowerCase()}${undisputed ? '; now undisputed' : ''}`, { factId, side, undisputed }),
        ]);
      }
      return held;
    });
  }

  async closeAsFailed(caller: Caller, caseId: string): Promise<MediationCaseRow> {
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      MediationManager.requireAssignedMediator(caller, c);
      mediationLifecycle.next(c.status, 'fail');
      if (!c.terminationReport) throw invalidTransition('File the Termination of Mediation Report before closing the case as failed', c.status);
      const now = new Date();
      const updated = await this.transition(store, c, 'fail', { closedAt: now });
      const facts = await store.factsOfCases([caseId]);
      await store.appendEvents([
        MediationManager.event(updated, caller, 'MediationFailed', 'Mediation failed; the dispute may go to court', {
          report: c.terminationReport,
          undisputedFacts: facts.filter(MediationManager.isUndisputed).map((f) => ({ id: f.id, statement: f.statement })),
          claimantId: c.claimantId, respondentId: c.respondentId, mediatorId: c.mediatorId, category: c.category,
        }, now),
      ]);
      return updated;
    });
  }

  async rateMediator(caller: Caller, caseId: string, score: number, comment: string | null | undefined): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    const input = parseInput(ratingInput, { score, comment });
    return this.store.transaction(async (store) => {
      const c = await this.loadCase(store, caseId);
      const side = MediationManager.requireParty(caller, c);
      if (!CLOSED_STATUSES.includes(c.status)) throw invalidTransition('The mediator can be rated once the case is closed', c.status);
      if (!c.mediatorId) throw invalidTransition('No mediator was assigned to this case', c.status);
      const rating = await store.insertRating({ id: newId('mrt'), caseId, mediatorId: c.mediatorId, partyId: caller.sub!, side, score: input.score, comment: input.comment ?? null });
      if (!rating) throw new HubError('CONFLICT', `The ${side.toLowerCase()} has already rated the mediator on this case`);
      const mediator = await store.addToMediatorRating(c.mediatorId, input.score);
      await store.appendEvents([
        MediationManager.event(c, caller, 'MediatorRated', `Mediator rated ${input.score}/5 by the ${side.toLowerCase()}`, {
          mediatorId: c.mediatorId, side, score: input.score, mediatorRating: mediator?.rating ?? null, mediatorRatingsCount: mediator?.ratingsCount ?? null,
        }, rating.ratedAt),
      ]);
      return c;
    });
  }

  // ---- settlement performance ----

  /**
   * Who may record that an instalment was paid: the creditor confirming receipt (the
   * claimant — see `obligationOf`), or the mediator or organisation that handled the case.
   * Never the debtor: a payment is established by the one who received it.
   */
  private static requirePaymentRecorder(caller: Caller, c: MediationCaseRow): void {
    requireAuthenticated(caller);
    if (caller.role === 'party') {
      if (caller.sub === c.respondentId) throw forbidden('The claimant confirms receipt of a payment; the paying party cannot record its own');
      if (caller.sub !== c.claimantId) throw forbidden('You are not a party to this case');
      return;
    }
    if (caller.role === 'mediator' && caller.sub && caller.sub === c.mediatorId) return;
    if (caller.role === 'mediation_org' && caller.org && caller.org === c.organizationId) return;
    throw forbidden("A payment is recorded by the claimant, the case's mediator or the organisation that handled the case");
  }

  async recordInstalmentPayment(caller: Caller, settlementId: string, number: number, idempotencyKey: string): Promise<MediationCaseRow> {
    requireAuthenticated(caller);
    if (!Number.isInteger(number) || number < 1) throw badInput("number is the instalment's position in the schedule, from 1", { field: 'number', rule: 'RANGE' });
    checkIdempotencyKey(idempotencyKey);
    return this.store.transaction(async (store, tx) => {
      const settlement = await store.lockSettlement(settlementId);
      if (!settlement) throw notFound('Settlement agreement', settlementId);
      const c = await this.loadCase(store, settlement.caseId);
      MediationManager.requirePaymentRecorder(caller, c);
      if (!settlement.signedAt) throw invalidTransition('The settlement agreement is not signed by both parties yet; payments are followed once it is', 'DRAFT');
      const count = settlement.instalments.length;
      if (number > count) throw badInput(`The settlement agreement has ${count} instalment${count === 1 ? '' : 's'}`, { field: 'number', rule: 'UNKNOWN_INSTALMENT' });
      await createOnce(tx, idempotencyKeys, MediationManager.idempotency(caller, 'recordInstalmentPayment', idempotencyKey, { settlementId, number }), async () => {
        const now = new Date();
        const paid = await store.markInstalmentPaid(settlementId, number, now, `${caller.role}:${caller.sub}`);
        if (!paid) {
          const current = await store.instalment(settlementId, number);
          throw invalidTransition(current ? `Instalment ${number} was already paid` : `Instalment ${number} is not being followed`, current?.status ?? 'NOT_FOLLOWED');
        }
        const states = instalmentStates(settlement.instalments, await store.performanceOfSettlements([settlementId]));
        const instalment = states[number - 1]!;
        const obligation = obligationOf(settlement.id, c);
        const paidPayload: InstalmentPaidPayload = { ...obligation, ...instalmentRef(settlement.id, instalment), paidAt: now.toISOString() };
        const late = paid.missedAt != null;
        const events = [
          MediationManager.event(c, caller, INSTALMENT_PAID, `Instalment ${number} of ${instalment.amount} yuan paid${late ? ' late' : ''}`, { ...paidPayload, late }, now),
        ];
        if (states.every((s) => s.status === 'PAID')) {
          const performed: ObligationPerformedPayload = { ...obligation, totalAmount: totalAmount(states), performedAt: now.toISOString() };
          events.push(MediationManager.event(c, caller, OBLIGATION_PERFORMED, 'Every instalment of the settlement agreement is paid', { ...performed }, now));
        }
        await store.appendEvents(events);
        return instalmentId(settlement.id, number);
      });
      return c;
    });
  }

  /**
   * The clock job: every DUE instalment whose due date has passed in China becomes MISSED,
   * with an InstalmentMissed event. One transaction per settlement, under its lock, and each
   * change a compare-and-set on DUE: two processes running this at once mark each instalment
   * once. Returns how many instalments this call marked.
   */
  async markMissedInstalments(now: Date = new Date()): Promise<number> {
    // `due_date < chinaDate(now)` below is `isPastDue(dueDate, now)` done in SQL.
    const today = chinaDate(now);
    const batch = 100;
    let marked = 0;
    for (;;) {
      const ids = await this.store.settlementsWithInstalmentsPastDue(today, batch);
      let pass = 0;
      for (const id of ids) pass += await this.markMissedOf(id, today, now);
      marked += pass;
      // A full batch that marked nothing would come back identical: stop rather than spin.
      if (ids.length < batch || pass === 0) return marked;
    }
  }

  private async markMissedOf(settlementId: string, today: string, now: Date): Promise<number> {
    return this.store.transaction(async (store) => {
      const settlement = await store.lockSettlement(settlementId);
      if (!settlement?.signedAt) return 0;
      const missed = (await store.markInstalmentsMissed(settlementId, today, now)).sort((a, b) => a.number - b.number);
      if (!missed.length) return 0;
      const c = await this.loadCase(store, settlement.caseId);
      const states = instalmentStates(settlement.instalments, await store.performanceOfSettlements([settlementId]));
      const outstanding = outstandingAmount(states);
      const obligation = obligationOf(settlement.id, c);
      await store.appendEvents(
        missed.map((row) => {
          const instalment = states[row.number - 1]!;
          const payload: InstalmentMissedPayload = { ...obligation, ...instalmentRef(settlement.id, instalment), outstandingAmount: outstanding };
          return MediationManager.event(c, HUB_ACTOR, INSTALMENT_MISSED, `Instalment ${row.number} of ${instalment.amount} yuan due ${instalment.dueDate} was not paid`, { ...payload }, now);
        }),
      );
      return missed.length;
    });
  }

  // ---- recommendations ----

  async recommendMediators(caller: Caller, caseId: string, first: number | null | undefined): Promise<RankedMediator<MediatorRow>[]> {
    requireAuthenticated(caller);
    const limit = first ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badInput('first must be 1 to 50', { field: 'first', rule: 'RANGE' });
    const c = await this.loadCase(this.store, caseId);
    if (caller.role !== 'admin') MediationManager.requireCaseManager(caller, c);
    const [candidates, [organization]] = await Promise.all([this.store.mediatorsOfOrganizations([c.organizationId]), this.store.organizationsByIds([c.organizationId])]);
    const loads = await this.store.openCaseCounts(candidates.map((m) => m.id));
    return rankMediators(candidates, {
      category: c.category, language: c.language, preferredModel: c.preferredModel,
      claimantJurisdiction: c.claimantJurisdiction, respondentJurisdiction: c.respondentJurisdiction, caseRegion: organization?.region ?? null,
    }, loads, limit);
  }

  static isUndisputed(f: MediationFactRow): boolean {
    return f.claimantConfirmedAt != null && f.respondentConfirmedAt != null;
  }
}

/** The actor of what the hub does by itself (clock jobs); its id is null, as MediationActor documents. */
export const HUB_ACTOR: Caller = Object.freeze({ role: 'admin', sub: null, org: null });

/** The routing party as the disputes subgraph recorded it, with the body it acted for when the route names it. */
function actorOf(event: FeedEvent): Caller {
  const body = event.payload.routedForBody;
  return { role: event.actor.role as CallerRole, sub: event.actor.id, org: typeof body === 'string' ? body : null };
}

function disputeIdOf(event: FeedEvent): string | null {
  return event.disputeId ?? (event.aggregateType === 'Dispute' ? event.aggregateId : null);
}

/**
 * The settlement as an obligation. Assumption: the claimant is the creditor and the
 * respondent the debtor — the hub's settlements are the respondent paying the claimant's
 * claim. The agreement's terms do not say who pays whom in a form the hub can read; a
 * settlement where the claimant pays would need that recorded at drafting.
 */
function obligationOf(settlementId: string, c: MediationCaseRow) {
  return { obligation: 'SETTLEMENT' as const, obligationId: settlementId, creditorId: c.claimantId, debtorId: c.respondentId };
}

/** Stable and derived, so an event can name an instalment without the hub minting ids for it. */
export function instalmentId(settlementId: string, number: number): string {
  return `${settlementId}/${number}`;
}

function instalmentRef(settlementId: string, i: InstalmentState) {
  return { instalmentId: instalmentId(settlementId, i.number), number: i.number, amount: i.amount, dueDate: i.dueDate };
}

/** Two referrals of one dispute racing past the open-case check: the partial unique index decides. */
function asReferralConflict(err: unknown, disputeId: string): unknown {
  return isUniqueViolation(err) ? new HubError('CONFLICT', `Dispute ${disputeId} is already in mediation`, { rule: 'ALREADY_IN_MEDIATION' }) : err;
}

/** What a RouteRefused says about an expected refusal; null for an unexpected error, which is retried. */
function refusalOf(err: unknown): { code: string; message: string } | null {
  if (isUniqueViolation(err)) return { code: 'ALREADY_IN_MEDIATION', message: 'The dispute is already in mediation' };
  if (!(err instanceof HubError)) return null;
  const rule = err.extensions.rule;
  // A route whose content our referral rules reject (an unknown category, one party twice) is an invalid route, whichever field failed.
  if (rule === 'INPUT_SHAPE') return { code: 'INVALID_ROUTE', message: `${err.extensions.field ? `${String(err.extensions.field)}: ` : ''}${err.message}` };
  return { code: typeof rule === 'string' ? rule : err.code, message: err.message };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (e.code === '23505') return true;
  }
  return false;
}
