import type { FileArbitrationInput, IssueAwardInput, RecordArbitrationAgreementInput } from '../arbitration-workflow.js';
import type { Context } from '../context.js';

export const Mutation = {
  async recordArbitrationAgreement(_: unknown, args: { input: RecordArbitrationAgreementInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.workflow.recordAgreement(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.agreement.load(id);
  },
  async fileArbitration(_: unknown, args: { input: FileArbitrationInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.workflow.fileArbitration(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.arbitrationCase.load(id);
  },
  async appointTribunal(_: unknown, args: { caseId: string; arbitrators: string[] }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(await ctx.services.workflow.appointTribunal(ctx.caller, args.caseId, args.arbitrators));
  },
  async startHearing(_: unknown, args: { caseId: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(await ctx.services.workflow.startHearing(ctx.caller, args.caseId));
  },
  async issueAward(_: unknown, args: { caseId: string; input: IssueAwardInput }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(await ctx.services.workflow.issueAward(ctx.caller, args.caseId, args.input));
  },
  async recordAwardPayment(_: unknown, args: { caseId: string; number: number; idempotencyKey: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(await ctx.services.workflow.recordAwardPayment(ctx.caller, args.caseId, args.number, args.idempotencyKey));
  },
  async withdrawArbitration(_: unknown, args: { caseId: string }, ctx: Context) {
    return ctx.loaders.arbitrationCase.load(await ctx.services.workflow.withdrawArbitration(ctx.caller, args.caseId));
  },
};
