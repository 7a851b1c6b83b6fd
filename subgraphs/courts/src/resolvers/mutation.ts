import type { Context } from '../context.js';
import type {
  ApplyForEnforcementInput, ApplyForJudicialConfirmationInput, FileLawsuitInput, FormTestCaseGroupInput, ListDiscreditedDebtorInput,
} from '../court-workflow.js';

type Keyed<T> = { input: T; idempotencyKey: string };

export const Mutation = {
  async fileLawsuit(_: unknown, args: Keyed<FileLawsuitInput>, ctx: Context) {
    const id = await ctx.services.workflow.fileLawsuit(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.litigationCase.load(id);
  },
  async scheduleTrial(_: unknown, args: { caseId: string; at?: Date | null }, ctx: Context) {
    return ctx.loaders.litigationCase.load(await ctx.services.workflow.scheduleTrial(ctx.caller, args.caseId, args.at));
  },
  async recordHearing(_: unknown, args: { caseId: string; record: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(await ctx.services.workflow.recordHearing(ctx.caller, args.caseId, args.record));
  },
  async recordJudgment(_: unknown, args: { caseId: string; summary: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(await ctx.services.workflow.recordJudgment(ctx.caller, args.caseId, args.summary));
  },
  async recordCourtMediation(_: unknown, args: { caseId: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(await ctx.services.workflow.recordCourtMediation(ctx.caller, args.caseId));
  },
  async withdrawLawsuit(_: unknown, args: { caseId: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(await ctx.services.workflow.withdrawLawsuit(ctx.caller, args.caseId));
  },
  async applyForJudicialConfirmation(_: unknown, args: Keyed<ApplyForJudicialConfirmationInput>, ctx: Context) {
    const id = await ctx.services.workflow.applyForJudicialConfirmation(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.judicialConfirmation.load(id);
  },
  async ruleOnJudicialConfirmation(_: unknown, args: { id: string; confirmed: boolean; reason?: string | null }, ctx: Context) {
    const id = await ctx.services.workflow.ruleOnJudicialConfirmation(ctx.caller, args.id, args.confirmed, args.reason);
    return ctx.loaders.judicialConfirmation.load(id);
  },
  async formTestCaseGroup(_: unknown, args: Keyed<FormTestCaseGroupInput>, ctx: Context) {
    const id = await ctx.services.workflow.formTestCaseGroup(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.testCaseGroup.load(id);
  },
  async applyForEnforcement(_: unknown, args: Keyed<ApplyForEnforcementInput>, ctx: Context) {
    const id = await ctx.services.workflow.applyForEnforcement(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.enforcementCase.load(id);
  },
  async listDiscreditedDebtor(_: unknown, args: Keyed<ListDiscreditedDebtorInput>, ctx: Context) {
    return ctx.loaders.enforcementCase.load(await ctx.services.workflow.listDiscreditedDebtor(ctx.caller, args.input, args.idempotencyKey));
  },
  async recordEnforcementPerformed(_: unknown, args: { enforcementCaseId: string; idempotencyKey: string }, ctx: Context) {
    return ctx.loaders.enforcementCase.load(await ctx.services.workflow.recordEnforcementPerformed(ctx.caller, args.enforcementCaseId, args.idempotencyKey));
  },
};
