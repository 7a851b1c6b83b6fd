import {
  appendEvents, badInput, canonicalHash, createOnce, DEBTOR_DELISTED, DEBTOR_DISCREDITED, DISCREDIT_GROUNDS, forbidden, HubError, invalidTransition, newId, notFound,
  parseInput, requireAuthenticated, requireStepUp, instalmentMissedPayload, stepUpAlreadyUsed, stepUpRecord, type Caller, type DebtorDelistedPayload, type DebtorDiscreditedPayload,
  type DisputeRoutedPayload, type DomainEvent, type InstalmentMissedPayload, type ObligationPerformedPayload,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { formatCaseNumber, parseCaseNumber, type CaseTypeCode } from './case-number.js';
import { checkConfirmationDeadline, chinaYear } from './confirmation-deadline.js';
import type { CourtManager } from './court-manager.js';
import type { CourtsDb, CourtsStore, NewCaseEvent, NewLitigationCase } from './courts-store.js';
import { idempotencyKeys, outbox, type CourtRow, type EnforcementCaseRow, type JudicialConfirmationRow, type LitigationCaseRow } from './db/schema.js';
import { competentCourt } from './jurisdiction.js';
import {
  confirmationLifecycle, enforcementLifecycle, litigationLifecycle, OPEN_LITIGATION_STATES, type LitigationAction,
} from './lifecycles.js';
import { categoryFeeEstimate, mayOmitClaimAmount, toFen } from './litigation-fee.js';

const CATEGORIES = ['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER'] as const;
const id = z.string().trim().min(1, 'an id is required').max(100);
const amount = (field: string) => z.string().refine((v) => { try { return toFen(v) > 0n; } catch { return false; } }, `${field} must be a positive yuan amount`);
const nonNegative = (field: string) => z.string().refine((v) => { try { return toFen(v) >= 0n; } catch { return false; } }, `${field} must be a non-negative yuan amount`);

/** A readable claim type for a routed dispute that named none: the category in words. */
const CATEGORY_CLAIM_TYPES: Record<(typeof CATEGORIES)[number], string> = {
  CONSUMER_PURCHASE: 'online purchase dispute',
  ONLINE_SERVICE: 'online service contract dispute',
  TRADEMARK: 'trademark infringement',
  COPYRIGHT: 'copyright infringement',
  PATENT: 'patent infringement',
  UNFAIR_COMPETITION: 'unfair competition',
  CONTRACT: 'contract dispute',
  FINANCIAL_LOAN: 'financial loan contract dispute',
  OTHER: 'civil dispute',
};

/** LitigationCategory mirrors the disputes subgraph's DisputeCategory value for value; anything else is OTHER. */
function litigationCategoryOf(category: string): (typeof CATEGORIES)[number] {
  return (CATEGORIES as readonly string[]).includes(category) ? (category as (typeof CATEGORIES)[number]) : 'OTHER';
}

/** What the courts subgraph does on its own (answering a route, enforcing on a missed instalment). */
const SYSTEM: Caller = { role: 'admin', sub: 'system:courts', org: null };

const lawsuitFields = {
  disputeId: id,
  claimantId: id,
  respondentId: id,
  category: z.enum(CATEGORIES),
  claimType: z.string().trim().min(1, 'claimType is required').max(100, 'claimType is at most 100 characters'),
  filedAtCourtId: id,
  regionCode: z.string().regex(/^(?!00)\d{6}$/, 'regionCode must be a six-digit GB/T 2260 division code, such as 330782'),
  internetRelated: z.boolean().nullish(),
  procedure: z.enum(['ORDINARY', 'SUMMARY']).nullish(),
  undisputedFacts: z.array(z.string().trim().min(1, 'an undisputed fact cannot be empty').max(2000)).max(100).nullish(),
};
const differentParties = (v: { claimantId: string; respondentId: string }) => v.claimantId !== v.respondentId;
const differentPartiesError = { message: 'The respondent must be another party than the claimant', path: ['respondentId'] };
const fileLawsuitInput = z.object({ ...lawsuitFields, claimAmount: amount('claimAmount').nullish().transform((v) => v ?? null) }).refine(differentParties, differentPartiesError);
/** A routed dispute may not have put a figure on its claim yet: filed without one (at least the ¥50 fee), to be stated before the court. */
const routedLawsuitInput = z.object({ ...lawsuitFields, claimAmount: nonNegative('claimAmount').nullable() }).refine(differentParties, differentPartiesError);
export type FileLawsuitInput = z.input<typeof fileLawsuitInput>;

const confirmationInput = z.object({
  disputeId: id,
  claimantId: id,
  respondentId: id,
  courtId: id,
  settlementReference: z.string().trim().min(1, 'settlementReference is required').max(200),
  settlementEffectiveAt: z.date(),
}).refine((v) => v.claimantId !== v.respondentId, { message: 'The respondent must be another party than the claimant', path: ['respondentId'] });
export type ApplyForJudicialConfirmationInput = z.input<typeof confirmationInput>;

/**
 * What a party applying confirms with its code (APPLY_FOR_JUDICIAL_CONFIRMATION, subject the
 * settlement reference): SHA-256 of the canonical JSON of the application as checked — ids
 * and reference trimmed, settlementEffectiveAt in ISO 8601 UTC with milliseconds. The
 * application, not the agreement alone: the court, the parties and the date are what the
 * party asks for, and a proof over the agreement alone could be taken to another court.
 */
export function applicationHash(input: Pick<ApplyForJudicialConfirmationInput, 'disputeId' | 'claimantId' | 'respondentId' | 'courtId' | 'settlementReference'> & { settlementEffectiveAt: Date | string }): string {
  return canonicalHash({
    disputeId: input.disputeId.trim(), claimantId: input.claimantId.trim(), respondentId: input.respondentId.trim(), courtId: input.courtId.trim(),
    settlementReference: input.settlementReference.trim(), settlementEffectiveAt: new Date(input.settlementEffectiveAt),
  });
}

const testCaseGroupInput = z.object({
  caseIds: z.array(id).min(2, 'A test-case group needs at least two cases').max(500),
  testCaseId: id,
}).refine((v) => v.caseIds.includes(v.testCaseId), { message: 'The test case must be one of caseIds', path: ['testCaseId'] })
  .refine((v) => new Set(v.caseIds).size === v.caseIds.length, { message: 'caseIds must not repeat a case', path: ['caseIds'] });
export type FormTestCaseGroupInput = z.input<typeof testCaseGroupInput>;

const enforcementInput = z.object({
  disputeId: id,
  basis: z.enum(['JUDGMENT', 'JUDICIAL_CONFIRMATION', 'ARBITRATION_AWARD']),
  basisReference: z.string().trim().min(1, 'basisReference is required').max(200),
  applicantId: id,
  respondentId: id,
  courtId: id,
  amount: amount('amount'),
}).refine((v) => v.applicantId !== v.respondentId, { message: 'The respondent must be another party than the applicant', path: ['respondentId'] });
export type ApplyForEnforcementInput = z.input<typeof enforcementInput>;

const listingInput = z.object({
  enforcementCaseId: id,
  ground: z.enum(DISCREDIT_GROUNDS),
  statement: z.string().trim().min(1, 'statement is required: the decision states the debtor\'s conduct').max(2000, 'statement is at most 2000 characters'),
});
export type ListDiscreditedDebtorInput = z.input<typeof listingInput>;

const text = (field: string, max: number) => z.string().trim().min(1, `${field} is required`).max(max, `${field} is at most ${max} characters`);

type Aggregate = 'LitigationCase' | 'JudicialConfirmation' | 'TestCaseGroup' | 'EnforcementCase';

function caseEvent(aggregateType: Aggregate, aggregateId: string, kind: string, caller: Caller, at: Date, detail?: string | null): NewCaseEvent {
  return { id: newId('cev'), aggregateType, aggregateId, kind, detail: detail ?? null, actorRole: caller.role, actorId: caller.sub, at };
}

const idempotencyCaller = (caller: Caller) => `${caller.role}:${caller.sub ?? ''}:${caller.org ?? ''}`;

/**
 * Who may bring something to a court: one of the named parties for itself, the court itself
 * (recording what was brought to it), or an admin; each refusal says why.
 */
function requireApplicant(
  caller: Caller,
  rule: { parties: string[]; courtId: string; party: string; court: string; other: string },
): void {
  switch (caller.role) {
    case 'party':
      if (!caller.sub || !rule.parties.includes(caller.sub)) throw forbidden(rule.party);
      return;
    case 'court':
      if (caller.org !== rule.courtId) throw forbidden(rule.court);
      return;
    case 'admin':
      return;
    default:
      throw forbidden(rule.other);
  }
}

/** The judicial acts of the courts subgraph: filing, the lawsuit lifecycle, confirmation, model litigation, enforcement. */
export class CourtWorkflow {
  constructor(private readonly store: CourtsStore, private readonly manager: CourtManager) {}

  /** Only the court that holds a case acts on it; anyone who may not even see the case is told it is not there. */
  private requireOwnCourt(caller: Caller, courtId: string, what: string): void {
    if (caller.role !== 'court' || caller.org !== courtId) throw forbidden(`Only the court that holds this ${what} may act on it`);
  }

  private async court(courtId: string, field: string): Promise<CourtRow> {
    const [court] = await this.store.courtsByIds([courtId]);
    if (!court) throw badInput(`There is no court ${courtId}`, { field, rule: 'UNKNOWN_COURT' });
    return court;
  }

  private async caseNumber(store: CourtsStore, court: CourtRow, caseType: CaseTypeCode, at: Date): Promise<string> {
    const year = chinaYear(at);
    const sequence = await store.nextSequence(court.id, year, caseType);
    return formatCaseNumber({ year, courtCode: court.code, caseType, sequence });
  }

  async fileLawsuit(caller: Caller, rawInput: FileLawsuitInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(fileLawsuitInput, rawInput);
    if (input.claimAmount === null && !mayOmitClaimAmount(input.category)) {
      throw badInput(`A ${input.category} lawsuit is a property claim: state its amount (claimAmount); the fee follows it (Measures on the Payment of Litigation Costs art. 13(1))`, {
        field: 'claimAmount', rule: 'CLAIM_AMOUNT_REQUIRED',
      });
    }
    requireApplicant(caller, {
      parties: [input.claimantId], courtId: input.filedAtCourtId,
      party: 'A party may file a lawsuit only as the claimant',
      court: 'A court files lawsuits at itself; the claimant may file at any court',
      other: 'Lawsuits are filed by the claimant, a court or an admin',
    });
    return this.file(caller, input, null, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'fileLawsuit', input: rawInput });
  }

  /**
   * Files the lawsuit a `DisputeRouted` event asks for, at the court it names (cross-regional
   * filing and transfer included). The disputes subgraph authorised the route, so there is no
   * caller-role check; the rest is `fileLawsuit`'s. Defaults: the filing court's own region,
   * the category in words as the claim type, no amount for an unstated claim. The route id is the
   * idempotency key: a route is filed once.
   */
  async fileRouted(route: DisputeRoutedPayload, disputeId: string | null, actor: Caller): Promise<string> {
    if (!disputeId) throw badInput('The route names no dispute', { field: 'disputeId', rule: 'DISPUTE_REQUIRED' });
    if (!route.destinationId) throw badInput('A lawsuit is filed at a court: the route must name one', { field: 'destinationId', rule: 'COURT_REQUIRED' });
    const court = await this.court(route.destinationId, 'destinationId');
    const category = litigationCategoryOf(route.category);
    const rawInput = {
      disputeId, claimantId: route.claimantId, respondentId: route.respondentId, category,
      claimType: route.claimType?.trim() || CATEGORY_CLAIM_TYPES[category],
      claimAmount: route.claimAmount, filedAtCourtId: court.id, regionCode: route.regionCode ?? court.region,
      undisputedFacts: route.undisputedFacts.map((f) => f.statement),
    };
    const input = parseInput(routedLawsuitInput, rawInput);
    return this.file(actor, input, route.routeId, { key: `route:${route.routeId}`, caller: 'event:disputes', operation: 'fileLawsuit', input: rawInput });
  }

  /** Appends an event in a transaction of its own (a savepoint inside an event delivery). */
  async publish(event: DomainEvent): Promise<void> {
    await this.store.transaction((_, tx) => appendEvents(tx, outbox, [event]));
  }

  /** The one filing path, after the caller (or the route) was authorised. */
  private async file(
    actor: Caller,
    input: z.infer<typeof fileLawsuitInput>,
    routeId: string | null,
    idempotency: { key: string; caller: string; operation: string; input: unknown },
  ): Promise<string> {
    const allCourts = await this.store.courts();
    const filedAt = allCourts.find((c) => c.id === input.filedAtCourtId);
    if (!filedAt) throw badInput(`There is no court ${input.filedAtCourtId}`, { field: 'filedAtCourtId', rule: 'UNKNOWN_COURT' });
    const now = new Date();
    const decision = competentCourt({ category: input.category, regionCode: input.regionCode, internetRelated: input.internetRelated, filedAt: now }, allCourts);
    if (!decision.ok) throw badInput(decision.explanation, { field: 'regionCode', rule: 'NO_COMPETENT_COURT' });
    const competent = allCourts.find((c) => c.id === decision.courtId)!;
    const procedure = input.procedure ?? 'ORDINARY';

    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, idempotency, async () => {
        const [existing] = await store.litigationCasesByDisputeIds([input.disputeId], {});
        if (existing) throw new HubError('CONFLICT', `Dispute ${input.disputeId} already has a lawsuit (${existing.caseNumber})`, { field: 'disputeId', caseId: existing.id });
        const caseId = newId('lit');
        const caseNumber = await this.caseNumber(store, competent, '民初', now);
        const fee = categoryFeeEstimate(input.category, input.claimAmount, { procedure }).min;
        await store.insertLitigationCases([{
          id: caseId, disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId,
          courtId: competent.id, caseNumber, status: 'FILED', procedure, filedAt: now, claimAmount: input.claimAmount, fee,
          category: input.category, claimType: input.claimType, regionCode: input.regionCode, undisputedFacts: input.undisputedFacts ?? [],
        }]);
        const events: NewCaseEvent[] = [caseEvent('LitigationCase', caseId, 'FILED', actor, now, `Filed at ${filedAt.name}${routeId ? ` on route ${routeId}` : ''}`)];
        const domain: DomainEvent[] = [{
          type: 'LawsuitFiled', aggregateType: 'LitigationCase', aggregateId: caseId, disputeId: input.disputeId, actor, at: now,
          payload: { caseId, caseNumber, filedAtCourtId: filedAt.id, courtId: competent.id, category: input.category, claimAmount: input.claimAmount, fee, procedure, routeId },
        }];
        if (filedAt.id !== competent.id) {
          const reason = `${filedAt.name} lacks jurisdiction: ${decision.explanation}`;
          await store.insertTransfer({ id: newId('ctr'), caseId, fromCourtId: filedAt.id, toCourtId: competent.id, reason, at: now });
          events.push(caseEvent('LitigationCase', caseId, 'TRANSFERRED', actor, now, `Transferred from ${filedAt.name} to ${competent.name}: ${reason}`));
          domain.push({
            type: 'LawsuitTransferred', aggregateType: 'LitigationCase', aggregateId: caseId, disputeId: input.disputeId, actor, at: now,
            payload: { caseId, caseNumber, fromCourtId: filedAt.id, toCourtId: competent.id, reason },
          });
        }
        await store.insertCaseEvents(events);
        await appendEvents(tx, outbox, domain);
        return caseId;
      }),
    );
    return id;
  }

  /**
   * One move of a lawsuit, in one transaction: authorise, check the lifecycle, compare-and-set
   * the status (0 rows: another transaction moved it first → INVALID_TRANSITION with the state
   * it is in now), then the case event and the outbox event.
   */
  private async transition(
    caller: Caller,
    caseId: string,
    action: LitigationAction,
    spec: {
      kind: string;
      eventType: string;
      detail?: string;
      set?: (row: LitigationCaseRow, now: Date) => Partial<NewLitigationCase>;
      payload?: (row: LitigationCaseRow) => Record<string, unknown>;
      allowClaimant?: boolean;
      after?: (store: CourtsStore, tx: CourtsDb, row: LitigationCaseRow, now: Date) => Promise<void>;
    },
  ): Promise<string> {
    requireAuthenticated(caller);
    return this.store.transaction(async (store, tx) => {
      const row = await store.litigationCase(caseId);
      if (!row || !this.manager.canSee(caller, row)) throw notFound('LitigationCase', caseId);
      const isClaimant = spec.allowClaimant && caller.role === 'party' && caller.sub === row.claimantId;
      if (!isClaimant) this.requireOwnCourt(caller, row.courtId, 'case');
      const next = litigationLifecycle.next(row.status, action);
      const now = new Date();
      const updated = await store.transitionLitigationCase(row.id, row.status, { status: next, ...spec.set?.(row, now) });
      if (!updated) {
        const current = await store.litigationCase(caseId);
        throw invalidTransition(`The lawsuit changed meanwhile and is now ${current?.status}; it cannot ${action}`, current?.status ?? 'UNKNOWN');
      }
      await store.insertCaseEvents([caseEvent('LitigationCase', row.id, spec.kind, caller, now, spec.detail)]);
      await appendEvents(tx, outbox, [{
        type: spec.eventType, aggregateType: 'LitigationCase', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now,
        payload: { caseId: row.id, caseNumber: row.caseNumber, courtId: row.courtId, from: row.status, to: next, ...spec.payload?.(updated) },
      }]);
      await spec.after?.(store, tx, updated, now);
      return row.id;
    });
  }

  scheduleTrial(caller: Caller, caseId: string, at: Date | null | undefined): Promise<string> {
    return this.transition(caller, caseId, 'scheduleTrial', {
      kind: 'TRIAL_SCHEDULED', eventType: 'TrialScheduled',
      detail: at ? `Trial on ${at.toISOString()}` : undefined,
      set: () => ({ trialScheduledFor: at ?? null }),
      payload: () => ({ trialScheduledFor: at?.toISOString() ?? null }),
    });
  }

  recordHearing(caller: Caller, caseId: string, record: string): Promise<string> {
    const r = parseInput(z.object({ record: text('record', 100_000) }), { record }).record;
    return this.transition(caller, caseId, 'recordHearing', {
      kind: 'HEARING_RECORDED', eventType: 'HearingRecorded',
      set: () => ({ hearingRecord: r }),
    });
  }

  recordJudgment(caller: Caller, caseId: string, summary: string): Promise<string> {
    const s = parseInput(z.object({ summary: text('summary', 20_000) }), { summary }).summary;
    return this.transition(caller, caseId, 'recordJudgment', {
      kind: 'JUDGMENT_RECORDED', eventType: 'JudgmentRecorded',
      set: (_, now) => ({ judgmentSummary: s, closedAt: now }),
      payload: () => ({ judgmentSummary: s }),
      after: (store, tx, row, now) => this.offerCaseGuidedMediation(store, tx, row, caller, now),
    });
  }

  /** After a test case's judgment, every other open case of its group is offered case-guided mediation with the judgment. */
  private async offerCaseGuidedMediation(store: CourtsStore, tx: CourtsDb, testCase: LitigationCaseRow, caller: Caller, now: Date): Promise<void> {
    if (!testCase.testCaseGroupId) return;
    const [group] = await store.testCaseGroupsByIds([testCase.testCaseGroupId]);
    if (!group || group.testCaseId !== testCase.id) return;
    const members = (await store.litigationCasesByGroupIds([group.id], {}))
      .filter((m) => m.id !== testCase.id && OPEN_LITIGATION_STATES.includes(m.status));
    const summary = testCase.judgmentSummary ?? '';
    await store.insertMediationOffers(members.map((m) => ({ id: newId('cmo'), groupId: group.id, caseId: m.id, judgmentSummary: summary, offeredAt: now })));
    await store.insertCaseEvents(members.map((m) => caseEvent('LitigationCase', m.id, 'CASE_GUIDED_MEDIATION_OFFERED', caller, now, `Test case ${testCase.caseNumber} judged: ${summary}`)));
    await appendEvents(tx, outbox, members.map((m) => ({
      type: 'CaseGuidedMediationOffered', aggregateType: 'LitigationCase', aggregateId: m.id, disputeId: m.disputeId, actor: caller, at: now,
      payload: { caseId: m.id, caseNumber: m.caseNumber, groupId: group.id, testCaseId: testCase.id, testCaseNumber: testCase.caseNumber, judgmentSummary: summary },
    })));
  }

  recordCourtMediation(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'recordCourtMediation', {
      kind: 'MEDIATED', eventType: 'LawsuitMediated',
      set: (row, now) => ({ fee: categoryFeeEstimate(row.category, row.claimAmount, { procedure: row.procedure, endedBy: 'MEDIATED' }).min, closedAt: now }),
      payload: (row) => ({ fee: row.fee }),
    });
  }

  withdrawLawsuit(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'withdrawLawsuit', {
      kind: 'WITHDRAWN', eventType: 'LawsuitWithdrawn', allowClaimant: true,
      set: (row, now) => ({ fee: categoryFeeEstimate(row.category, row.claimAmount, { procedure: row.procedure, endedBy: 'WITHDRAWN' }).min, closedAt: now }),
      payload: (row) => ({ fee: row.fee }),
    });
  }

  async formTestCaseGroup(caller: Caller, rawInput: FormTestCaseGroupInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'court' || !caller.org) throw forbidden('Test-case groups are formed by the court that holds the cases');
    const input = parseInput(testCaseGroupInput, rawInput);
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'formTestCaseGroup', input: rawInput }, async () => {
        const rows = await store.litigationCasesForUpdate(input.caseIds);
        const missing = input.caseIds.find((cid) => !rows.some((r) => r.id === cid));
        if (missing) throw notFound('LitigationCase', missing);
        for (const r of rows) this.requireOwnCourt(caller, r.courtId, 'case');
        const testCase = rows.find((r) => r.id === input.testCaseId)!;
        for (const r of rows) {
          if (r.testCaseGroupId) throw badInput(`Case ${r.caseNumber} already belongs to a test-case group`, { field: 'caseIds', rule: 'ALREADY_GROUPED', caseId: r.id });
          if (!OPEN_LITIGATION_STATES.includes(r.status)) throw badInput(`Case ${r.caseNumber} is ${r.status}; only open cases can be grouped`, { field: 'caseIds', rule: 'CASE_CLOSED', caseId: r.id });
          const similar = r.respondentId === testCase.respondentId && r.category === testCase.category
            && r.claimType.trim().toLowerCase() === testCase.claimType.trim().toLowerCase();
          if (!similar) {
            throw badInput(
              `Case ${r.caseNumber} is not similar to the test case ${testCase.caseNumber}: grouped cases need the same respondent, category and claim type`,
              { field: 'caseIds', rule: 'NOT_SIMILAR', caseId: r.id },
            );
          }
        }
        const groupId = newId('tcg');
        const now = new Date();
        await store.insertTestCaseGroup({ id: groupId, courtId: testCase.courtId, testCaseId: testCase.id, respondentId: testCase.respondentId, category: testCase.category, claimType: testCase.claimType, formedAt: now });
        if ((await store.setTestCaseGroup(input.caseIds, groupId)) !== input.caseIds.length) {
          throw new HubError('CONFLICT', 'A case was grouped by another request meanwhile; try again', { field: 'caseIds' });
        }
        await store.insertCaseEvents([
          caseEvent('TestCaseGroup', groupId, 'GROUPED_AS_TEST_CASE', caller, now, `Test case ${testCase.caseNumber} with ${rows.length - 1} similar cases`),
          ...rows.map((r) => r.id === testCase.id
            ? caseEvent('LitigationCase', r.id, 'GROUPED_AS_TEST_CASE', caller, now, `Designated the test case of ${rows.length - 1} similar cases`)
            : caseEvent('LitigationCase', r.id, 'GROUPED_WITH_TEST_CASE', caller, now, `Test case: ${testCase.caseNumber}`)),
        ]);
        await appendEvents(tx, outbox, rows.map((r) => ({
          type: 'TestCaseGroupFormed', aggregateType: 'LitigationCase', aggregateId: r.id, disputeId: r.disputeId, actor: caller, at: now,
          payload: { groupId, caseId: r.id, testCaseId: testCase.id, testCaseNumber: testCase.caseNumber, isTestCase: r.id === testCase.id },
        })));
        return groupId;
      }),
    );
    return id;
  }

  async applyForJudicialConfirmation(caller: Caller, rawInput: ApplyForJudicialConfirmationInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(confirmationInput, rawInput);
    requireApplicant(caller, {
      parties: [input.claimantId, input.respondentId], courtId: input.courtId,
      party: 'Only the parties to the agreement may apply for its confirmation',
      court: 'A court records applications made to itself',
      other: 'Judicial confirmation is applied for by the parties (or recorded by the court)',
    });
    const now = new Date();
    checkConfirmationDeadline(input.settlementEffectiveAt, now);
    const court = await this.court(input.courtId, 'courtId');
    // An application by a party has legal effect: the party confirms this very application with a code.
    const proof = requireStepUp(caller, 'APPLY_FOR_JUDICIAL_CONFIRMATION', input.settlementReference, applicationHash(input));
    const stepUp = stepUpRecord(proof);
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'applyForJudicialConfirmation', input: rawInput }, async () => {
        if (proof && (await store.confirmationBySpentChallenge(proof.challengeId))) throw stepUpAlreadyUsed(proof);
        const jcfId = newId('jcf');
        const caseNumber = await this.caseNumber(store, court, '民特', now);
        await store.insertJudicialConfirmations([{
          id: jcfId, disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId, courtId: court.id,
          caseNumber, status: 'APPLIED', appliedAt: now, settlementReference: input.settlementReference, settlementEffectiveAt: input.settlementEffectiveAt,
          stepUpChallengeId: stepUp?.challengeId ?? null, stepUpConfirmedAt: stepUp?.confirmedAt ?? null, stepUpContentHash: stepUp?.contentHash ?? null,
        }]);
        await store.insertCaseEvents([caseEvent('JudicialConfirmation', jcfId, 'CONFIRMATION_APPLIED', caller, now, `Agreement ${input.settlementReference}`)]);
        await appendEvents(tx, outbox, [{
          type: 'JudicialConfirmationApplied', aggregateType: 'JudicialConfirmation', aggregateId: jcfId, disputeId: input.disputeId, actor: caller, at: now,
          payload: { confirmationId: jcfId, caseNumber, courtId: court.id, settlementReference: input.settlementReference },
        }]);
        return jcfId;
      }),
    );
    return id;
  }

  async ruleOnJudicialConfirmation(caller: Caller, confirmationId: string, confirmed: boolean, reason: string | null | undefined): Promise<string> {
    requireAuthenticated(caller);
    const why = parseInput(z.object({ reason: z.string().trim().max(5000).nullish() }), { reason }).reason || null;
    if (!confirmed && !why) throw badInput('A rejection needs a reason', { field: 'reason', rule: 'REQUIRED' });
    return this.store.transaction(async (store, tx) => {
      const row = await store.judicialConfirmation(confirmationId);
      if (!row || !this.manager.canSee(caller, row)) throw notFound('JudicialConfirmation', confirmationId);
      this.requireOwnCourt(caller, row.courtId, 'application');
      const next = confirmationLifecycle.next(row.status, confirmed ? 'confirm' : 'reject');
      const now = new Date();
      const updated = await store.transitionConfirmation(row.id, row.status, { status: next, ruledAt: now, rulingReason: why });
      if (!updated) {
        const current = await store.judicialConfirmation(row.id);
        throw invalidTransition(`The application changed meanwhile and is now ${current?.status}`, current?.status ?? 'UNKNOWN');
      }
      await store.insertCaseEvents([caseEvent('JudicialConfirmation', row.id, next, caller, now, why)]);
      await appendEvents(tx, outbox, [{
        type: 'JudicialConfirmationRuled', aggregateType: 'JudicialConfirmation', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now,
        payload: { confirmationId: row.id, caseNumber: row.caseNumber, courtId: row.courtId, confirmed, reason: why },
      }]);
      // An instalment missed before the confirmation is enforceable from this moment.
      const defaulted = confirmed && row.settlementReference ? await store.settlementDefault(row.settlementReference) : undefined;
      if (defaulted) {
        await store.clearSettlementDefault(defaulted.settlementId);
        await new CourtWorkflow(store, this.manager).enforceOnMissedInstalment(instalmentMissedPayload.parse(defaulted.missed), null, defaulted.disputeId);
      }
      return row.id;
    });
  }

  /**
   * Enforcement of an effective judgment, a confirmed mediation agreement or an arbitration
   * award. A judgment or confirmation is named by its case number; when it is one of this
   * hub's cases it must have become effective here (JUDGED / CONFIRMED). An award is named by
   * the arbitration case (number or id) from the arbitration subgraph; its enforcement is
   * applied for here, at a court, as arbitration institutions cannot enforce.
   */
  async applyForEnforcement(caller: Caller, rawInput: ApplyForEnforcementInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(enforcementInput, rawInput);
    requireApplicant(caller, {
      parties: [input.applicantId], courtId: input.courtId,
      party: 'A party applies for enforcement only as the applicant',
      court: 'A court records applications made to itself',
      other: 'Enforcement is applied for by the creditor, a court or an admin',
    });
    if (input.basis !== 'ARBITRATION_AWARD') {
      const expected = input.basis === 'JUDGMENT' ? '民初' : '民特';
      const parsed = parseCaseNumber(input.basisReference);
      if (!parsed || parsed.caseType !== expected) {
        throw badInput(`basisReference must be the ${expected} case number of the ${input.basis === 'JUDGMENT' ? 'judgment' : 'confirmation'}`, { field: 'basisReference', rule: 'CASE_NUMBER' });
      }
      const canonical = formatCaseNumber(parsed);
      const basis = input.basis === 'JUDGMENT'
        ? await this.store.litigationCaseByCaseNumber(canonical)
        : await this.store.confirmationByCaseNumber(canonical);
      const effective = input.basis === 'JUDGMENT' ? 'JUDGED' : 'CONFIRMED';
      if (basis && basis.status !== effective) {
        throw badInput(`${canonical} is ${basis.status}, not ${effective}: there is nothing to enforce yet`, { field: 'basisReference', rule: 'BASIS_NOT_EFFECTIVE' });
      }
    }
    const court = await this.court(input.courtId, 'courtId');
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'applyForEnforcement', input: rawInput }, () =>
        this.openEnforcement(store, tx, caller, input, court, { trigger: 'APPLICATION', obligationId: null, detail: `${input.basis} ${input.basisReference}` })),
    );
    return id;
  }

  /**
   * Enforcement on default: an instalment of a settlement or award was missed (mediation or
   * arbitration `InstalmentMissed`). Answers the enforcement case opened, or null when there
   * is nothing to open. One automatic case per obligation, however many instalments are
   * missed; none either when the instrument already has an enforcement case.
   *
   * - A settlement is enforceable only once a court confirmed it (Civil Procedure Law art. 206
   *   as amended 2023, art. 202 in the 2021 text (verify): "一方当事人拒绝履行或者未全部履行的，
   *   对方当事人可以向人民法院申请执行"). Without a CONFIRMED confirmation here whose
   *   settlementReference is the agreement, nothing happens. With one, the case is opened at
   *   the confirming court, which enforces its own ruling (art. 235 as amended 2023 (verify):
   *   a ruling is enforced by the court of first instance), for the outstanding amount.
   * - An award is enforced by a people's court, on the creditor's application (art. 248 as
   *   amended 2023), at the intermediate court where the debtor is domiciled or its property
   *   is (SPC Provisions on Enforcement of Arbitral Awards, 法释〔2018〕5号, art. 2 (verify)).
   *   The hub knows neither here, and the institution's seat is no basis for jurisdiction, so
   *   the award must name the court (arbitration `IssueAwardInput.enforcementCourtId`, carried
   *   in the event as `enforcementCourtId`); without one the creditor applies itself.
   *
   * Either way the application stands in for the creditor's own: the hub presumes the creditor
   * wants a missed instalment enforced, and the creditor is the applicant.
   */
  async enforceOnMissedInstalment(missed: InstalmentMissedPayload, enforcementCourtId: string | null, eventDisputeId: string | null): Promise<string | null> {
    let target: { disputeId: string; basis: 'JUDICIAL_CONFIRMATION' | 'ARBITRATION_AWARD'; basisReference: string; courtId: string };
    if (missed.obligation === 'SETTLEMENT') {
      const confirmation = await this.store.confirmedConfirmationOfSettlement(missed.obligationId);
      if (!confirmation) {
        // Kept for a confirmation granted later (see ruleOnJudicialConfirmation).
        await this.store.recordSettlementDefault(missed.obligationId, missed, eventDisputeId);
        return null;
      }
      const parties = [confirmation.claimantId, confirmation.respondentId];
      if (!parties.includes(missed.creditorId) || !parties.includes(missed.debtorId)) {
        throw badInput(`The parties of settlement ${missed.obligationId} are not those of confirmation ${confirmation.caseNumber}`, { field: 'obligationId', rule: 'PARTIES_MISMATCH' });
      }
      target = { disputeId: confirmation.disputeId, basis: 'JUDICIAL_CONFIRMATION', basisReference: confirmation.caseNumber, courtId: confirmation.courtId };
    } else {
      if (!enforcementCourtId) return null;
      if (!eventDisputeId) throw badInput('The missed instalment names no dispute', { field: 'disputeId', rule: 'DISPUTE_REQUIRED' });
      target = { disputeId: eventDisputeId, basis: 'ARBITRATION_AWARD', basisReference: missed.obligationId, courtId: enforcementCourtId };
    }
    const input = parseInput(enforcementInput, { ...target, applicantId: missed.creditorId, respondentId: missed.debtorId, amount: missed.outstandingAmount });
    const court = await this.court(input.courtId, 'courtId');
    const what = missed.obligation === 'SETTLEMENT' ? 'settlement agreement' : 'arbitration award';
    return this.store.transaction(async (store, tx) => {
      if (await store.enforcementCaseOfObligation(missed.obligationId)) return null;
      if ((await store.enforcementCasesByBasis(input.basis, input.basisReference)).length) return null;
      return this.openEnforcement(store, tx, SYSTEM, input, court, {
        trigger: 'MISSED_INSTALMENT', obligationId: missed.obligationId,
        detail: `${input.basis} ${input.basisReference}: opened on missed instalment ${missed.number} (${missed.amount} due ${missed.dueDate}) of ${what} ${missed.obligationId}`,
      });
    });
  }

  /**
   * Lists the debtor of an enforcement case as discredited (SPC Provisions on Publishing the
   * List of Discredited Judgment Debtors, 2017 revision, art. 1 (verify): the court enforcing
   * the case decides). Only while the case is APPLIED, and once at a time; the listing is
   * published as DebtorDiscredited for the credit subgraph.
   */
  async listDiscreditedDebtor(caller: Caller, rawInput: ListDiscreditedDebtorInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'court' || !caller.org) throw forbidden('Only the court enforcing the case may list its debtor as discredited');
    const input = parseInput(listingInput, rawInput);
    await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'listDiscreditedDebtor', input: rawInput }, async () => {
        const row = await store.enforcementCaseForUpdate(input.enforcementCaseId);
        if (!row) throw notFound('EnforcementCase', input.enforcementCaseId);
        this.requireOwnCourt(caller, row.courtId, 'enforcement case');
        enforcementLifecycle.next(row.status, 'listDiscreditedDebtor');
        const current = await store.currentListingOfCase(row.id);
        if (current) {
          throw new HubError('CONFLICT', `The debtor of ${row.caseNumber} is already listed as discredited (since ${current.listedAt.toISOString()})`, {
            field: 'enforcementCaseId', listingId: current.id,
          });
        }
        const listingId = newId('dsl');
        const now = new Date();
        await store.insertDiscreditedListing({
          id: listingId, enforcementCaseId: row.id, debtorId: row.respondentId, courtId: row.courtId, ground: input.ground,
          statement: input.statement, listedAt: now, listedBy: caller.sub,
        });
        await store.insertCaseEvents([caseEvent('EnforcementCase', row.id, 'DEBTOR_LISTED', caller, now, `${input.ground}: ${input.statement}`)]);
        const payload: DebtorDiscreditedPayload = {
          listingId, enforcementCaseId: row.id, caseNumber: row.caseNumber, courtId: row.courtId, debtorId: row.respondentId,
          ground: input.ground, statement: input.statement, listedAt: now.toISOString(),
        };
        await appendEvents(tx, outbox, [{ type: DEBTOR_DISCREDITED, aggregateType: 'EnforcementCase', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now, payload }]);
        return listingId;
      }),
    );
    return input.enforcementCaseId;
  }

  /**
   * The court records that a judgment it enforces was performed in full. A settlement or award
   * is not concluded here: its performance is known where its instalments are recorded
   * (mediation, arbitration), and ObligationPerformed concludes the enforcement by itself.
   */
  async recordEnforcementPerformed(caller: Caller, enforcementCaseId: string, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'court' || !caller.org) throw forbidden('Only the court enforcing the case may record its performance');
    const caseId = parseInput(z.object({ enforcementCaseId: id }), { enforcementCaseId }).enforcementCaseId;
    await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'recordEnforcementPerformed', input: { enforcementCaseId } }, async () => {
        const row = await store.enforcementCaseForUpdate(caseId);
        if (!row) throw notFound('EnforcementCase', caseId);
        this.requireOwnCourt(caller, row.courtId, 'enforcement case');
        enforcementLifecycle.next(row.status, 'recordPerformance');
        if (row.basis !== 'JUDGMENT') {
          const where = row.basis === 'ARBITRATION_AWARD' ? 'the award\'s payments (arbitration: recordAwardPayment)' : 'the settlement\'s instalments (mediation: recordInstalmentPayment)';
          throw badInput(`${row.caseNumber} enforces a ${row.basis === 'ARBITRATION_AWARD' ? 'arbitration award' : 'confirmed settlement'}: its performance is recorded with ${where}, which concludes this case`, {
            field: 'enforcementCaseId', rule: 'PERFORMED_THROUGH_OBLIGATION',
          });
        }
        if (!(await this.conclude(store, tx, caller, row, 'The judgment was performed in full, as recorded by the court'))) {
          const current = await store.enforcementCaseForUpdate(row.id);
          throw invalidTransition(`The enforcement case changed meanwhile and is now ${current?.status}`, current?.status ?? 'UNKNOWN');
        }
        return row.id;
      }),
    );
    return caseId;
  }

  /**
   * A settlement or award was performed in full (mediation or arbitration ObligationPerformed):
   * every open enforcement of it against that debtor is concluded and its listing removed.
   * Answers the cases concluded.
   */
  async concludeOnPerformance(performed: ObligationPerformedPayload): Promise<string[]> {
    return this.store.transaction(async (store, tx) => {
      const concluded: string[] = [];
      for (const row of await store.openEnforcementCasesOfObligation(performed.obligation, performed.obligationId, performed.debtorId)) {
        const what = performed.obligation === 'SETTLEMENT' ? 'settlement agreement' : 'arbitration award';
        // A case concluded meanwhile by another path needs nothing more.
        if (await this.conclude(store, tx, SYSTEM, row, `The ${what} ${performed.obligationId} was performed in full (${performed.totalAmount} yuan)`)) concluded.push(row.id);
      }
      return concluded;
    });
  }

  /**
   * APPLIED → CONCLUDED by compare-and-set, and the debtor's listing in the case removed in
   * the same transaction: the provisions (art. 10 (verify)) have a listing deleted once the
   * obligation is performed. False when another transaction concluded the case first.
   */
  private async conclude(store: CourtsStore, tx: CourtsDb, actor: Caller, row: EnforcementCaseRow, detail: string): Promise<boolean> {
    const next = enforcementLifecycle.next(row.status, 'recordPerformance');
    const now = new Date();
    if (!(await store.transitionEnforcementCase(row.id, row.status, { status: next, concludedAt: now }))) return false;
    const events: DomainEvent[] = [{
      type: 'EnforcementConcluded', aggregateType: 'EnforcementCase', aggregateId: row.id, disputeId: row.disputeId, actor, at: now,
      payload: { enforcementCaseId: row.id, caseNumber: row.caseNumber, courtId: row.courtId, debtorId: row.respondentId, basis: row.basis, basisReference: row.basisReference, reason: 'PERFORMED' },
    }];
    const caseEvents = [caseEvent('EnforcementCase', row.id, 'ENFORCEMENT_CONCLUDED', actor, now, detail)];
    const listing = await store.removeCurrentListing(row.id, now, 'PERFORMED');
    if (listing) {
      caseEvents.push(caseEvent('EnforcementCase', row.id, 'DEBTOR_DELISTED', actor, now, 'Removed from the list of discredited judgment debtors: performed'));
      const payload: DebtorDelistedPayload = {
        listingId: listing.id, enforcementCaseId: row.id, caseNumber: row.caseNumber, debtorId: listing.debtorId, reason: 'PERFORMED', removedAt: now.toISOString(),
      };
      events.push({ type: DEBTOR_DELISTED, aggregateType: 'EnforcementCase', aggregateId: row.id, disputeId: row.disputeId, actor, at: now, payload });
    }
    await store.insertCaseEvents(caseEvents);
    await appendEvents(tx, outbox, events);
    return true;
  }

  /** The one path that opens an enforcement case, inside the caller's transaction. */
  private async openEnforcement(
    store: CourtsStore,
    tx: CourtsDb,
    actor: Caller,
    input: z.infer<typeof enforcementInput>,
    court: CourtRow,
    origin: { trigger: EnforcementCaseRow['trigger']; obligationId: string | null; detail: string },
  ): Promise<string> {
    const encId = newId('enf');
    const now = new Date();
    const caseNumber = await this.caseNumber(store, court, '执', now);
    await store.insertEnforcementCase({
      id: encId, disputeId: input.disputeId, basis: input.basis, basisReference: input.basisReference, applicantId: input.applicantId,
      respondentId: input.respondentId, courtId: court.id, caseNumber, amount: input.amount, status: 'APPLIED', appliedAt: now,
      trigger: origin.trigger, obligationId: origin.obligationId,
    });
    await store.insertCaseEvents([caseEvent('EnforcementCase', encId, 'ENFORCEMENT_APPLIED', actor, now, origin.detail)]);
    await appendEvents(tx, outbox, [{
      type: 'EnforcementApplied', aggregateType: 'EnforcementCase', aggregateId: encId, disputeId: input.disputeId, actor, at: now,
      payload: {
        enforcementCaseId: encId, caseNumber, courtId: court.id, basis: input.basis, basisReference: input.basisReference, amount: input.amount,
        trigger: origin.trigger, obligationId: origin.obligationId,
      },
    }]);
    return encId;
  }
}

export type { JudicialConfirmationRow };
