import type { Context } from '../context.js';
import type { DraftSettlementInput, RecordSessionInput, ReferToMediationInput, TerminateMediationInput } from '../mediation-manager.js';

/** Each mutation returns the case as it is after the change, to the caller that made it. */
export const Mutation = {
  referToMediation: (_: unknown, a: { input: ReferToMediationInput; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.refer(ctx.caller, a.input, a.idempotencyKey),
  acceptReferral: (_: unknown, a: { caseId: string }, ctx: Context) => ctx.services.manager.acceptReferral(ctx.caller, a.caseId),
  acknowledgeReferral: (_: unknown, a: { caseId: string }, ctx: Context) => ctx.services.manager.acknowledgeReferral(ctx.caller, a.caseId),
  assignMediator: (_: unknown, a: { caseId: string; mediatorId: string }, ctx: Context) => ctx.services.manager.assignMediator(ctx.caller, a.caseId, a.mediatorId),
  recordContactAttempt: (_: unknown, a: { caseId: string; reached: boolean; channel: string; note?: string | null; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.recordContactAttempt(ctx.caller, a.caseId, { reached: a.reached, channel: a.channel, note: a.note }, a.idempotencyKey),
  withdrawMediation: (_: unknown, a: { caseId: string; reason: string }, ctx: Context) => ctx.services.manager.withdraw(ctx.caller, a.caseId, a.reason),
  recordSession: (_: unknown, a: { caseId: string; input: RecordSessionInput; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.recordSession(ctx.caller, a.caseId, a.input, a.idempotencyKey),
  draftSettlement: (_: unknown, a: { caseId: string; input: DraftSettlementInput; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.draftSettlement(ctx.caller, a.caseId, a.input, a.idempotencyKey),
  signSettlement: (_: unknown, a: { caseId: string }, ctx: Context) => ctx.services.manager.signSettlement(ctx.caller, a.caseId),
  recordInstalmentPayment: (_: unknown, a: { settlementId: string; number: number; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.recordInstalmentPayment(ctx.caller, a.settlementId, a.number, a.idempotencyKey),
  terminateMediation: (_: unknown, a: { caseId: string; input: TerminateMediationInput; idempotencyKey: string }, ctx: Context) =>
    ctx.services.manager.terminate(ctx.caller, a.caseId, a.input, a.idempotencyKey),
  confirmUndisputedFact: (_: unknown, a: { caseId: string; factId: string }, ctx: Context) => ctx.services.manager.confirmFact(ctx.caller, a.caseId, a.factId),
  closeAsFailed: (_: unknown, a: { caseId: string }, ctx: Context) => ctx.services.manager.closeAsFailed(ctx.caller, a.caseId),
  rateMediator: (_: unknown, a: { caseId: string; score: number; comment?: string | null }, ctx: Context) =>
    ctx.services.manager.rateMediator(ctx.caller, a.caseId, a.score, a.comment),
};
