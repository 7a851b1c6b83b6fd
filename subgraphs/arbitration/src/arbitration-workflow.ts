import {
  appendEvents, badInput, createOnce, defineLifecycle, forbidden, HubError, invalidTransition, newId, notFound, parseInput, requireAuthenticated,
  type Caller,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import type { ArbitrationDb, ArbitrationStore, NewArbitrationCase } from './arbitration-store.js';
import type { ArbitrationManager } from './arbitration-manager.js';
import { idempotencyKeys, outbox, type ArbitrationCaseRow } from './db/schema.js';

type Status = ArbitrationCaseRow['status'];

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

const fileInput = z.object({
  disputeId: id,
  claimantId: id,
  respondentId: id,
  agreementId: id,
  /** The institution filed with; defaults to the one the agreement names. */
  institutionId: id.nullish(),
  claimAmount: positive('claimAmount'),
}).refine((v) => v.claimantId !== v.respondentId, { message: 'The respondent must be another party than the claimant', path: ['respondentId'] });
export type FileArbitrationInput = z.input<typeof fileInput>;

const awardInput = z.object({
  summary: z.string().trim().min(1, 'summary is required').max(20_000),
  amount: z.string().refine((v) => YUAN.test(v), 'amount must be a non-negative yuan amount'),
  instalments: z.array(z.object({
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dueOn must be a date such as 2026-12-31'),
    amount: positive('instalment amount'),
  })).max(120).nullish(),
}).refine((v) => !v.instalments?.length || v.instalments.reduce((s, i) => s + fen(i.amount), 0n) === fen(v.amount), {
  message: 'The instalments must add up to the award amount', path: ['instalments'],
}).refine((v) => !v.instalments?.length || v.instalments.every((x, i, a) => i === 0 || a[i - 1]!.dueOn < x.dueOn), {
  message: 'Instalments must be in date order, one per date', path: ['instalments'],
});
export type IssueAwardInput = z.input<typeof awardInput>;

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
    // No agreement, no arbitration (Arbitration Law art. 4); it must bind both parties and name this institution.
    const refuse = (why: string) => badInput(`${why}: arbitration needs a written agreement between the parties naming the institution (Arbitration Law arts. 4, 16)`, { field: 'agreementId', rule: 'NO_ARBITRATION_AGREEMENT' });
    if (!agreement) throw refuse(`There is no arbitration agreement ${input.agreementId}`);
    if (!agreement.partyIds.includes(input.claimantId) || !agreement.partyIds.includes(input.respondentId)) throw refuse('The agreement does not bind both parties');
    if (input.institutionId && input.institutionId !== agreement.institutionId) throw refuse(`The agreement names another institution (${agreement.institutionId})`);
    if (agreement.disputeId && agreement.disputeId !== input.disputeId) throw refuse('The agreement was made for another dispute');
    const institutionId = agreement.institutionId;

    const { id: caseId } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: idempotencyCaller(caller), operation: 'fileArbitration', input: rawInput }, async () => {
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
        await store.insertEvents([{ id: newId('aev'), caseId: cid, kind: 'FILED', detail: `Under agreement ${agreement.id}`, actorRole: caller.role, actorId: caller.sub, at: now }]);
        await appendEvents(tx, outbox, [{
          type: 'ArbitrationFiled', aggregateType: 'ArbitrationCase', aggregateId: cid, disputeId: input.disputeId, actor: caller, at: now,
          payload: { caseId: cid, caseNumber, institutionId, agreementId: agreement.id, claimAmount: input.claimAmount },
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
    spec: { kind: string; eventType: string; detail?: string; allowClaimant?: boolean; set?: (now: Date) => Partial<NewArbitrationCase>; payload?: Record<string, unknown> },
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
    return this.transition(caller, caseId, 'issueAward', {
      kind: 'AWARD_ISSUED', eventType: 'AwardIssued', detail: input.summary,
      set: (now) => ({ awardSummary: input.summary, awardAmount: amount, awardInstalments: instalments, awardIssuedAt: now, closedAt: now }),
      payload: { summary: input.summary, amount, instalments },
    });
  }

  withdrawArbitration(caller: Caller, caseId: string): Promise<string> {
    return this.transition(caller, caseId, 'withdrawArbitration', {
      kind: 'WITHDRAWN', eventType: 'ArbitrationWithdrawn', allowClaimant: true, set: (now) => ({ closedAt: now }),
    });
  }
}
