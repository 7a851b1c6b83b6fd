import {
  appendEvents, badInput, chinaDate, createOnce, defineLifecycle, forbidden, HubError, INSTALMENT_MISSED, INSTALMENT_PAID, instalmentMissedPayload,
  instalmentPaidPayload, invalidTransition, newId, notFound, OBLIGATION_PERFORMED, obligationPerformedPayload, parseInput, requireAuthenticated,
  type Caller, type DisputeRoutedPayload, type DomainEvent,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import type { ArbitrationDb, ArbitrationStore, NewArbitrationCase } from './arbitration-store.js';
import type { ArbitrationManager } from './arbitration-manager.js';
import { idempotencyKeys, outbox, type ArbitrationAgreementRow, type ArbitrationCaseRow, type AwardInstalmentRow } from './db/schema.js';

type Status = ArbitrationCaseRow['status'];

/** What the subgraph does on its own (a routed filing's refusal, the clock), for the outbox and case history. */
const SYSTEM: Caller = { role: 'admin', sub: 'system:arbitration', org: null };
const CLOCK: Caller = { role: 'admin', sub: 'system:arbitration-clock', org: null };

/** An award instalment: DUE until paid or past its date; a MISSED one may still be paid late. */
const instalmentLifecycle = defineLifecycle<AwardInstalmentRow['status'], 'pay' | 'miss'>('award instalment', {
  pay: { from: ['DUE', 'MISSED'], to: 'PAID' },
  miss: { from: ['DUE'], to: 'MISSED' },
});

/**
 * An arbitration case: FILED → TRIBUNAL_FORMED → HEARING → AWARDED, or WITHDRAWN before the
 * award. The award is final (Arbitration Law art. 9); it is enforced by a people's court, not
 * by the institution: the winner applies at the courts subgraph with
 * `applyForEnforcement(input: { basis: ARBITRATION_AWARD, basisReference: <this case's number> … })`
 * (Arbitration Law art. 62; Civil Procedure Law art. 248 as amended 2023).
 */
export const arbitrationLifecycle = defineLifecycle<Status, 'appointTribunal' | 'startHearing' | 'issueAward' | 'withdrawArbitration'>('arbitration case', {
  appointTribunal: { from: ['FILED'], to: 'TRIBUNAL_FORMED' },
  startHearing: { from: ['TRIBUNAL_FORMED'], to: 'HEARING' },
  issueAward: { from: ['HEARING'], to: 'AWARDED' },
  withdrawArbitration: { from: ['FILED', 'TRIBUNAL_FORMED', 'HEARING'], to: 'WITHDRAWN' },
});
type Action = keyof typeof arbitrationLifecycle.actions;

/** Case-number prefixes in each institution's style; the numbers themselves are the hub's own. */
const CASE_PREFIX: Record<string, string> = { arb_cietac: 'CIETAC', arb_shiac: 'SHDX', arb_gzac: 'GZAC', arb_scia: 'SCIA' };
export function formatArbitrationNumber(institutionId: string, year: number, sequence: number): string {
  return `${CASE_PREFIX[institutionId] ?? institutionId.toUpperCase()}${year}${String(sequence).padStart(4, '0')}`;
}

const id = z.string().trim().min(1, 'an id is required').max(100);
const YUAN = /^\d{1,13}(\.\d{1,2})?$/;
const fen = (v: string) => { const [y, f = ''] = v.split('.'); return BigInt(y!) * 100n + BigInt(f.padEnd(2, '0')); };
const formatYuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;
const total = (rows: readonly { amount: string }[]) => formatYuan(rows.reduce((sum, r) => sum + fen(r.amount), 0n));
const positive = (field: string) => z.string().refine((v) => YUAN.test(v) && fen(v) > 0n, `${field} must be a positive yuan amount`);

const agreementInput = z.object({
  disputeId: id.nullish(),
  partyIds: z.array(id).min(2, 'An arbitration agreement binds at least two parties').max(20),
  institutionId: id,
  source: z.enum(['PLATFORM_TERMS', 'CONTRACT']),
  clauseText: z.string().trim().min(10, 'clauseText must quote the arbitration clause').max(10_000),
  signedAt: z.date(),
}).refine((v) => new Set(v.partyIds).size === v.partyIds.length, { message: 'partyIds must not repeat a party', path: ['partyIds'] })
  .refine((v) => v.signedAt.getTime() <= Date.now(), { message: 'signedAt cannot be in the future', path: ['signedAt'] });
export type RecordArbitrationAgreementInput = z.input<typeof agreementInput>;

const filingFields = {
  disputeId: id,
  claimantId: id,
  respondentId: id,
  agreementId: id,
  /** The institution filed with; defaults to the one the agreement names. */
  institutionId: id.nullish(),
};
const differentParties = (v: { claimantId: string; respondentId: string }) => v.claimantId !== v.respondentId;
const differentPartiesError = { message: 'The respondent must be another party than the claimant', path: ['respondentId'] };
const fileInput = z.object({ ...filingFields, claimAmount: positive('claimAmount') }).refine(differentParties, differentPartiesError);
/** A routed dispute may not have put a figure on its claim yet: 0.00 then, to be stated before the tribunal. */
const routedFileInput = z.object({ ...filingFields, claimAmount: z.string().refine((v) => YUAN.test(v), 'claimAmount must be a non-negative yuan amount') }).refine(differentParties, differentPartiesError);
export type FileArbitrationInput = z.input<typeof fileInput>;

/** A calendar date that exists; past dates are fine (an award may be issued after a payment date it sets). */
function isCalendarDate(v: string): boolean {
  const t = Date.parse(`${v}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

const awardInput = z.object({
  summary: z.string().trim().min(1, 'summary is required').max(20_000),
  amount: z.string().refine((v) => YUAN.test(v), 'amount must be a non-negative yuan amount'),
  enforcementCourtId: id.nullish(),
  instalments: z.array(z.object({
    dueOn: z.string().refine(isCalendarDate, 'dueOn must be a date such as 2026-12-31'),
    amount: positive('instalment amount'),
  })).max(120).nullish(),
}).refine((v) => !v.instalments?.length || v.instalments.reduce((s, i) => s + fen(i.amount), 0n) === fen(v.amount), {
  message: 'The instalments must add up to the award amount', path: ['instalments'],
}).refine((v) => !v.instalments?.length || v.instalments.every((x, i, a) => i === 0 || a[i - 1]!.dueOn < x.dueOn), {
  message: 'Instalments must be in date order, one per date', path: ['instalments'],
});
export type IssueAwardInput = z.input<typeof awardInput>;

const noAgreement = (why: string) =>
  badInput(`${why}: arbitration needs a written agreement between the parties naming the institution (Arbitration Law arts. 4, 16)`, { field: 'agreementId', rule: 'NO_ARBITRATION_AGREEMENT' });

/**
 * The obligation an award creates, as the events contract names it. Assumption: the award
 * orders the respondent to pay the claimant. The hub records neither counterclaims nor
 * which way an award's money goes, so an award in the respondent's favour (or a split one)
 * cannot be followed correctly here; its tribunal should not set instalments on it.
 */
function obligationOf(row: ArbitrationCaseRow) {
  return { obligation: 'AWARD' as const, obligationId: row.id, creditorId: row.claimantId, debtorId: row.respondentId };
}
const instalmentOf = (i: AwardInstalmentRow) => ({ instalmentId: i.id, number: i.number, amount: i.amount, dueDate: i.dueOn });

/** Case history is read in (at, id) order: events written at one instant get ids in the order they happened. */
const eventId = (at: Date, k: number) => newId('aev', at.getTime() + k);

const idempotencyCaller = (caller: Caller) => `${caller.role}:${caller.sub ?? ''}:${caller.org ?? ''}`;
const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

export class ArbitrationWorkflow {
  constructor(private readonly store: ArbitrationStore, private readonly manager: ArbitrationManager) {}

  private async institution(institutionId: string) {
    const [row] = await this.store.institutionsByIds([institutionId]);
    if (!row) throw badInput(`There is no arbitration institution ${institutionId}`, { field: 'institutionId', rule: 'UNKNOWN_INSTITUTION' });
    return row;
  }

  /**
   * Recorded by a party bound by it, the platform whose terms contain it, an arbitrator of
   * the institution it names, or an admin. A clause in a platform's standard terms binds a
   * consumer only if it was brought to their attention (Civil Code art. 496) — the platform
   * answers for that when it records one.
   */
  async recordAgreement(caller: Caller, rawInput: RecordArbitrationAgreementInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(agreementInput, rawInput);
    switch (caller.role) {
      case 'party':
        if (!caller.sub || !input.partyIds.includes(caller.sub)) throw forbidden('A party records only agreements that bind it');
        break;
      case 'platform':
        if (input.source !== 'PLATFORM_TERMS') throw forbidden('A platform records only the arbitration clauses of its own terms');
        break;
      case 'arbitrator':
        if (caller.org !== input.institutionId) throw forbidden('An arbitrator records agreements naming its own institution');
        break;
      case 'admin':
        break;
      default:
        throw forbidden('Arbitration agreements are recorded by the parties, their platform, the institution or an admin');
    }
    await this.institution(input.institutionId);
    const { id: agreementId } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'recordArbitrationAgreement', input: rawInput }, async () => {
        const aid = newId('arg');
        const now = new Date();
        await store.insertAgreement({
          id: aid, disputeId: input.disputeId ?? null, partyIds: input.partyIds, institutionId: input.institutionId, source: input.source,
          clauseText: input.clauseText, signedAt: input.signedAt, recordedAt: now, recordedByRole: caller.role, recordedById: caller.sub,
        });
        await appendEvents(tx, outbox, [{
          type: 'ArbitrationAgreementRecorded', aggregateType: 'ArbitrationAgreement', aggregateId: aid, disputeId: input.disputeId ?? null, actor: caller, at: now,
          payload: { agreementId: aid, institutionId: input.institutionId, partyIds: input.partyIds, source: input.source },
        }]);
        return aid;
      }),
    );
    return agreementId;
  }

  /** A party lists its own agreements; an arbitrator those naming its institution; courts and admins any party's. */
  async agreementsOf(caller: Caller, partyId: string) {
    requireAuthenticated(caller);
    switch (caller.role) {
      case 'party':
        if (caller.sub !== partyId) throw forbidden('A party sees only its own arbitration agreements');
        return this.store.agreementsOfParty(partyId);
      case 'arbitrator':
        return caller.org ? this.store.agreementsOfParty(partyId, caller.org) : [];
      case 'court':
      case 'admin':
        return this.store.agreementsOfParty(partyId);
      default:
        throw forbidden('Arbitration agreements are confidential');
    }
  }

  async fileArbitration(caller: Caller, rawInput: FileArbitrationInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(fileInput, rawInput);
    const [agreement] = await this.store.agreementsByIds([input.agreementId]);
    switch (caller.role) {
      case 'party':
        if (caller.sub !== input.claimantId) throw forbidden('A party files arbitration only as the claimant');
        break;
      case 'arbitrator':
        // The institution's secretariat files what it received; only for itself.
        if (!caller.org || caller.org !== (input.institutionId ?? agreement?.institutionId)) throw forbidden('An arbitrator files cases only with its own institution');
        break;
      case 'admin':
        break;
      default:
        throw forbidden('Arbitration is filed by the claimant, the institution or an admin');
    }
    return this.file(caller, input, agreement, null, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'fileArbitration', input: rawInput });
  }

  /**
   * Files the case a `DisputeRouted` event asks for. The disputes subgraph authorised the
   * route, so there is no caller-role check here; everything else is `fileArbitration`'s:
   * the agreement binding both parties (at the destination institution when one is named),
   * one case per dispute. The route id is the idempotency key: a route is filed once.
   */
  async fileRouted(route: DisputeRoutedPayload, disputeId: string | null, actor: Caller): Promise<string> {
    if (!disputeId) throw badInput('The route names no dispute', { field: 'disputeId', rule: 'DISPUTE_REQUIRED' });
    if (route.destinationId) await this.institution(route.destinationId);
    const binding = (await this.store.agreementsOfParty(route.claimantId))
      .filter((a) => a.partyIds.includes(route.respondentId) && (a.disputeId === null || a.disputeId === disputeId));
    if (!binding.length) throw noAgreement('No arbitration agreement binds both parties');
    // Newest first; one naming the destination wins, else the shared path refuses the mismatch.
    const agreement = binding.find((a) => !route.destinationId || a.institutionId === route.destinationId) ?? binding[0]!;
    const rawInput = {
      disputeId, claimantId: route.claimantId, respondentId: route.respondentId, agreementId: agreement.id,
      institutionId: route.destinationId, claimAmount: route.claimAmount ?? '0.00',
    };
    const input = parseInput(routedFileInput, rawInput);
    return this.file(actor, { ...input, claimAmount: formatYuan(fen(input.claimAmount)) }, agreement, route.routeId, {
      key: `route:${route.routeId}`, caller: 'event:disputes', operation: 'fileArbitration', input: rawInput,
    });
  }

  /** Appends an event in a transaction of its own (a savepoint inside an event delivery). */
  async publish(event: DomainEvent): Promise<void> {
    await this.store.transaction((_, tx) => appendEvents(tx, outbox, [event]));
  }

  /** The one filing path, after the caller (or the route) was authorised. */
  private async file(
    actor: Caller,
    input: z.infer<typeof fileInput>,
    agreement: ArbitrationAgreementRow | undefined,
    routeId: string | null,
    idempotency: { key: string; caller: string; operation: string; input: unknown },
  ): Promise<string> {
    // No agreement, no arbitration (Arbitration Law art. 4); it must bind both parties and name this institution.
    if (!agreement) throw noAgreement(`There is no arbitration agreement ${input.agreementId}`);
    if (!agreement.partyIds.includes(input.claimantId) || !agreement.partyIds.includes(input.respondentId)) throw noAgreement('The agreement does not bind both parties');
    if (input.institutionId && input.institutionId !== agreement.institutionId) throw noAgreement(`The agreement names another institution (${agreement.institutionId})`);
    if (agreement.disputeId && agreement.disputeId !== input.disputeId) throw noAgreement('The agreement was made for another dispute');
    const institutionId = agreement.institutionId;

    const { id: caseId } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, idempotency, async () => {
        const [existing] = await store.casesByDisputeIds([input.disputeId], {});
        if (existing) throw new HubError('CONFLICT', `Dispute ${input.disputeId} is already in arbitration (${existing.caseNumber})`, { field: 'disputeId', caseId: existing.id });
        const cid = newId('arc');
        const now = new Date();
        const year = chinaYear(now);
        const caseNumber = formatArbitrationNumber(institutionId, year, await store.nextSequence(institutionId, year));
        await store.insertCases([{
          id: cid, disputeId: input.disputeId, claimantId: input.claimantId, respondentId: input.respondentId, institutionId,
          caseNumber, status: 'FILED', filedAt: now, agreementId: agreement.id, claimAmount: input.claimAmount,
        }]);
        const detail = `Under agreement ${agreement.id}${routeId ? `, on route ${routeId}` : ''}`;
        await store.insertEvents([{ id: newId('aev'), caseId: cid, kind: 'FILED', detail, actorRole: actor.role, actorId: actor.sub, at: now }]);
        await appendEvents(tx, outbox, [{
          type: 'ArbitrationFiled', aggregateType: 'ArbitrationCase', aggregateId: cid, disputeId: input.disputeId, actor, at: now,
          payload: { caseId: cid, caseNumber, institutionId, agreementId: agreement.id, claimAmount: input.claimAmount, routeId },
        }]);
        return cid;
      }),
    );
    return caseId;
  }

  /** One move, in one transaction: authorise, lifecycle, compare-and-set, case event, outbox event. */
  private async transition(
    caller: Caller,
    caseId: string,
    action: Action,
    spec: {
      kind: string; eventType: string; detail?: string; allowClaimant?: boolean; set?: (now: Date) => Partial<NewArbitrationCase>; payload?: Record<string, unknown>;
      after?: (store: ArbitrationStore, row: ArbitrationCaseRow) => Promise<void>;
    },
  ): Promise<string> {
    requireAuthenticated(caller);
    return this.store.transaction(async (store, tx: ArbitrationDb) => {
      const row = await store.arbitrationCase(caseId);
      if (!row || !this.manager.canSee(caller, row)) throw notFound('ArbitrationCase', caseId);
      const isClaimant = spec.allowClaimant && caller.role === 'party' && caller.sub === row.claimantId;
      if (!isClaimant && (caller.role !== 'arbitrator' || caller.org !== row.institutionId)) {
        throw forbidden('Only the institution handling the case may act on it');
      }
      const next = arbitrationLifecycle.next(row.status, action);
      const now = new Date();
      const updated = await store.transitionCase(row.id, row.status, { status: next, ...spec.set?.(now) });
      if (!updated) {
        const current = await store.arbitrationCase(row.id);
        throw invalidTransition(`The arbitration case changed meanwhile and is now ${current?.status}`, current?.status ?? 'UNKNOWN');
      }
      await store.insertEvents([{ id: newId('aev'), caseId: row.id, kind: spec.kind, detail: spec.detail ?? null, actorRole: caller.role, actorId: caller.sub, at: now }]);
      await appendEvents(tx, outbox, [{
        type: spec.eventType, aggregateType: 'ArbitrationCase', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now,
        payload: { caseId: row.id, caseNumber: row.caseNumber, institutionId: row.institutionId, from: row.status, to: next, ...spec.payload },
      }]);
      await spec.after?.(store, updated);
      return row.id;
    });
  }

  appointTribunal(caller: Caller, caseId: string, arbitrators: string[]): Promise<string> {
    const names = parseInput(z.object({
      arbitrators: z.array(z.string().trim().min(1, 'an arbitrator name is required').max(100)).min(1, 'A tribunal has one or three arbitrators').max(3)
        .refine((a) => a.length === 1 || a.length === 3, 'A tribunal has one or three arbitrators (Arbitration Law art. 30)'),
    }), { arbitrators }).arbitrators;
    return this.transition(caller, caseId, 'appointTribunal', {
      kind: 'TRIBUNAL_APPOINTED', eventType: 'TribunalAppointed', detail: names.join(', '),
      set: () => ({ arbitrators: names }), payload: { arbitrators: names },
    });
  }

  startHearing(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'startHearing', {
      kind: 'HEARING_STARTED', eventType: 'HearingStarted', set: (now) => ({ hearingStartedAt: now }),
    });
  }

  issueAward(caller: Caller, caseId: string, rawInput: IssueAwardInput): Promise<string> {
    const input = parseInput(awardInput, rawInput);
    const amount = Number(input.amount).toFixed(2);
    const instalments = input.instalments?.length ? input.instalments.map((i) => ({ dueOn: i.dueOn, amount: Number(i.amount).toFixed(2) })) : null;
    const enforcementCourtId = input.enforcementCourtId ?? null;
    return this.transition(caller, caseId, 'issueAward', {
      kind: 'AWARD_ISSUED', eventType: 'AwardIssued', detail: input.summary,
      set: (now) => ({ awardSummary: input.summary, awardAmount: amount, awardInstalments: instalments, awardEnforcementCourtId: enforcementCourtId, awardIssuedAt: now, closedAt: now }),
      payload: { summary: input.summary, amount, instalments, enforcementCourtId },
      // A due date already past is accepted: the next run of the clock marks that instalment MISSED.
      after: (store, row) => store.insertInstalments((instalments ?? []).map((i, n) => ({
        id: newId('ain'), caseId: row.id, number: n + 1, dueOn: i.dueOn, amount: i.amount, status: 'DUE' as const,
      }))),
    });
  }

  withdrawArbitration(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'withdrawArbitration', {
      kind: 'WITHDRAWN', eventType: 'ArbitrationWithdrawn', allowClaimant: true, set: (now) => ({ closedAt: now }),
    });
  }

  /**
   * Records that an instalment of the award was paid: by the creditor (the claimant, who
   * acknowledges receipt) or the institution that made the award. A MISSED instalment may
   * still be paid late. The case row is locked first, so two payments at once cannot both
   * miss that the other one completed the schedule.
   */
  async recordAwardPayment(caller: Caller, caseId: string, number: number, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const n = parseInput(z.object({ number: z.number().int().positive('number is the 1-based position of the instalment') }), { number }).number;
    return this.store.transaction(async (store, tx) => {
      const row = await store.arbitrationCaseForUpdate(caseId);
      if (!row || !this.manager.canSee(caller, row)) throw notFound('ArbitrationCase', caseId);
      const isCreditor = caller.role === 'party' && caller.sub === row.claimantId;
      const isInstitution = caller.role === 'arbitrator' && caller.org === row.institutionId;
      if (!isCreditor && !isInstitution) throw forbidden('A payment is recorded by the creditor (the claimant) or the institution that made the award');
      await createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'recordAwardPayment', input: { caseId, number: n } }, async () => {
        if (row.status !== 'AWARDED') throw invalidTransition(`An arbitration case that is ${row.status} has no award to pay`, row.status);
        const schedule = await store.instalmentsByCaseIds([row.id]);
        const target = schedule.find((i) => i.number === n);
        if (!target) {
          throw badInput(schedule.length ? `The award has instalments 1 to ${schedule.length}, not ${n}` : 'The award sets no instalments to follow', { field: 'number', rule: 'UNKNOWN_INSTALMENT' });
        }
        const next = instalmentLifecycle.next(target.status, 'pay');
        const now = new Date();
        const paid = await store.transitionInstalment(target.id, target.status, { status: next, paidAt: now });
        if (!paid) {
          const current = (await store.instalmentsByCaseIds([row.id])).find((i) => i.id === target.id);
          throw invalidTransition(`Instalment ${n} changed meanwhile and is now ${current?.status}`, current?.status ?? 'UNKNOWN');
        }
        const after = schedule.map((i) => (i.id === paid.id ? paid : i));
        const performed = after.every((i) => i.status === 'PAID');
        const obligation = obligationOf(row);
        await store.insertEvents([
          { id: eventId(now, 0), caseId: row.id, kind: 'INSTALMENT_PAID', detail: `Instalment ${n} of ${after.length}: ${paid.amount} due ${paid.dueOn}`, actorRole: caller.role, actorId: caller.sub, at: now },
          ...(performed ? [{ id: eventId(now, 1), caseId: row.id, kind: 'AWARD_PERFORMED', detail: `All ${after.length} instalments paid`, actorRole: caller.role, actorId: caller.sub, at: now }] : []),
        ]);
        await appendEvents(tx, outbox, [
          {
            type: INSTALMENT_PAID, aggregateType: 'ArbitrationCase', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now,
            payload: instalmentPaidPayload.parse({ ...obligation, ...instalmentOf(paid), paidAt: now.toISOString() }),
          },
          ...(performed ? [{
            type: OBLIGATION_PERFORMED, aggregateType: 'ArbitrationCase', aggregateId: row.id, disputeId: row.disputeId, actor: caller, at: now,
            payload: obligationPerformedPayload.parse({ ...obligation, totalAmount: total(after), performedAt: now.toISOString() }),
          }] : []),
        ]);
        return paid.id;
      });
      return row.id;
    });
  }

  /**
   * The clock: every instalment still DUE whose due date has passed in China (`due_on <
   * chinaDate(now)`, the test `isPastDue` makes: from 00:00 Beijing time the day after the due
   * date, whatever the server's zone) becomes MISSED, by compare-and-set, with an
   * `InstalmentMissed` event carrying what is still unpaid. Safe to run twice at once: the
   * case row lock and the DUE → MISSED condition let only one run move an instalment.
   * Answers how many instalments it marked.
   */
  async markMissedInstalments(now: Date = new Date(), batch = 200): Promise<number> {
    const today = chinaDate(now);
    let marked = 0;
    for (const caseId of await this.store.caseIdsWithInstalmentsDueBefore(today, batch)) {
      marked += await this.store.transaction(async (store, tx) => {
        const row = await store.arbitrationCaseForUpdate(caseId);
        if (!row) return 0;
        const missed = await store.markInstalmentsMissed(caseId, today, now);
        if (!missed.length) return 0;
        const schedule = await store.instalmentsByCaseIds([caseId]);
        const outstanding = total(schedule.filter((i) => i.status !== 'PAID'));
        const obligation = obligationOf(row);
        await store.insertEvents(missed.map((i, k) => ({
          id: eventId(now, k), caseId, kind: 'INSTALMENT_MISSED', detail: `Instalment ${i.number} of ${schedule.length}: ${i.amount} due ${i.dueOn}; ${outstanding} outstanding`,
          actorRole: CLOCK.role, actorId: CLOCK.sub, at: now,
        })));
        await appendEvents(tx, outbox, missed.map((i) => ({
          type: INSTALMENT_MISSED, aggregateType: 'ArbitrationCase', aggregateId: caseId, disputeId: row.disputeId, actor: CLOCK, at: now,
          payload: {
            ...instalmentMissedPayload.parse({ ...obligation, ...instalmentOf(i), outstandingAmount: outstanding }),
            // Not (yet) in the contract: the court the award names for enforcement, read by the courts subgraph.
            enforcementCourtId: row.awardEnforcementCourtId,
          },
        })));
        return missed.length;
      });
    }
    return marked;
  }
}
