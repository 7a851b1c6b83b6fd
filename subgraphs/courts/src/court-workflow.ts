import {
  appendEvents, badInput, createOnce, forbidden, HubError, invalidTransition, newId, notFound, parseInput, requireAuthenticated,
  type Caller, type DomainEvent,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { formatCaseNumber, parseCaseNumber, type CaseTypeCode } from './case-number.js';
import { checkConfirmationDeadline, chinaYear } from './confirmation-deadline.js';
import type { CourtManager } from './court-manager.js';
import type { CourtsDb, CourtsStore, NewCaseEvent, NewLitigationCase } from './courts-store.js';
import { idempotencyKeys, outbox, type CourtRow, type JudicialConfirmationRow, type LitigationCaseRow } from './db/schema.js';
import { competentCourt } from './jurisdiction.js';
import {
  confirmationLifecycle, litigationLifecycle, OPEN_LITIGATION_STATES, type LitigationAction,
} from './lifecycles.js';
import { litigationFee, toFen } from './litigation-fee.js';

const CATEGORIES = ['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER'] as const;
const id = z.string().trim().min(1, 'an id is required').max(100);
const amount = (field: string) => z.string().refine((v) => { try { return toFen(v) > 0n; } catch { return false; } }, `${field} must be a positive yuan amount`);

const fileLawsuitInput = z.object({
  disputeId: id,
  claimantId: id,
  respondentId: id,
  category: z.enum(CATEGORIES),
  claimType: z.string().trim().min(1, 'claimType is required').max(100, 'claimType is at most 100 characters'),
  claimAmount: amount('claimAmount'),
  filedAtCourtId: id,
  regionCode: z.string().regex(/^(?!00)\d{6}$/, 'regionCode must be a six-digit GB/T 2260 division code, such as 330782'),
  internetRelated: z.boolean().nullish(),
  procedure: z.enum(['ORDINARY', 'SUMMARY']).nullish(),
  undisputedFacts: z.array(z.string().trim().min(1, 'an undisputed fact cannot be empty').max(2000)).max(100).nullish(),
}).refine((v) => v.claimantId !== v.respondentId, { message: 'The respondent must be another party than the claimant', path: ['respondentId'] });
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
    requireApplicant(caller, {
      parties: [input.claimantId], courtId: input.filedAtCourtId,
      party: 'A party may file a lawsuit only as the claimant',
      court: 'A court files lawsuits at itself; the claimant may file at any court',
      other: 'Lawsuits are filed by the claimant, a court or an admin',
    });
    const allCourts = await this.store.courts();
    const filedAt = allCourts.find((c) => c.id === input.filedAtCourtId);
    if (!filedAt) throw badInput(`There is no court ${input.filedAtCourtId}`, { field: 'filedAtCourtId', rule: 'UNKNOWN_COURT' });
    const now = new Date();
    const decision = competentCourt({ category: input.category, regionCode: input.regionCode, internetRelated: input.internetRelated, filedAt: now }, allCourts);
    if (!decision.ok) throw badInput(decision.explanation, { field: 'regionCode', rule: 'NO_COMPETENT_COURT' });
    const competent = allCourts.find((c) => c.id === decision.courtId)!;
    const procedure = input.procedure ?? 'ORDINARY';

    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'fileLawsuit', input: rawInput }, async () => {
        const [existing] = await store.litigationCasesByDisputeIds([input.disputeId], {});
        if (existing) throw new HubError('CONFLICT', `Dispute ${input.disputeId} already has a lawsuit (${existing.caseNumber})`, { field: 'disputeId', caseId: existing.id });
        const caseId = newId('lit');
        const caseNumber = await this.caseNumber(store, competent, '民初', now);
        const fee = litigationFee(input.claimAmount, { procedure });
        await store.insertLitigationCases([{
          id: caseId, disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId,
          courtId: competent.id, caseNumber, status: 'FILED', procedure, filedAt: now, claimAmount: input.claimAmount, fee,
          category: input.category, claimType: input.claimType, regionCode: input.regionCode, undisputedFacts: input.undisputedFacts ?? [],
        }]);
        const events: NewCaseEvent[] = [caseEvent('LitigationCase', caseId, 'FILED', caller, now, `Filed at ${filedAt.name}`)];
        const domain: DomainEvent[] = [{
          type: 'LawsuitFiled', aggregateType: 'LitigationCase', aggregateId: caseId, disputeId: input.disputeId, actor: caller, at: now,
          payload: { caseId, caseNumber, filedAtCourtId: filedAt.id, courtId: competent.id, category: input.category, claimAmount: input.claimAmount, fee, procedure },
        }];
        if (filedAt.id !== competent.id) {
          const reason = `${filedAt.name} lacks jurisdiction: ${decision.explanation}`;
          await store.insertTransfer({ id: newId('ctr'), caseId, fromCourtId: filedAt.id, toCourtId: competent.id, reason, at: now });
          events.push(caseEvent('LitigationCase', caseId, 'TRANSFERRED', caller, now, `Transferred from ${filedAt.name} to ${competent.name}: ${reason}`));
          domain.push({
            type: 'LawsuitTransferred', aggregateType: 'LitigationCase', aggregateId: caseId, disputeId: input.disputeId, actor: caller, at: now,
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
      set: (row, now) => ({ fee: litigationFee(row.claimAmount, { procedure: row.procedure, endedBy: 'MEDIATED' }), closedAt: now }),
      payload: (row) => ({ fee: row.fee }),
    });
  }

  withdrawLawsuit(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'withdrawLawsuit', {
      kind: 'WITHDRAWN', eventType: 'LawsuitWithdrawn', allowClaimant: true,
      set: (row, now) => ({ fee: litigationFee(row.claimAmount, { procedure: row.procedure, endedBy: 'WITHDRAWN' }), closedAt: now }),
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
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'applyForJudicialConfirmation', input: rawInput }, async () => {
        const jcfId = newId('jcf');
        const caseNumber = await this.caseNumber(store, court, '民特', now);
        await store.insertJudicialConfirmations([{
          id: jcfId, disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId, courtId: court.id,
          caseNumber, status: 'APPLIED', appliedAt: now, settlementReference: input.settlementReference, settlementEffectiveAt: input.settlementEffectiveAt,
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
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'applyForEnforcement', input: rawInput }, async () => {
        const encId = newId('enf');
        const now = new Date();
        const caseNumber = await this.caseNumber(store, court, '执', now);
        await store.insertEnforcementCase({
          id: encId, disputeId: input.disputeId, basis: input.basis, basisReference: input.basisReference, applicantId: input.applicantId,
          respondentId: input.respondentId, courtId: court.id, caseNumber, amount: input.amount, status: 'APPLIED', appliedAt: now,
        });
        await store.insertCaseEvents([caseEvent('EnforcementCase', encId, 'ENFORCEMENT_APPLIED', caller, now, `${input.basis} ${input.basisReference}`)]);
        await appendEvents(tx, outbox, [{
          type: 'EnforcementApplied', aggregateType: 'EnforcementCase', aggregateId: encId, disputeId: input.disputeId, actor: caller, at: now,
          payload: { enforcementCaseId: encId, caseNumber, courtId: court.id, basis: input.basis, basisReference: input.basisReference, amount: input.amount },
        }]);
        return encId;
      }),
    );
    return id;
  }
}

export type { JudicialConfirmationRow };
