import type { Context } from '../context.js';
import type { FileDisputeInput, RouteDisputeArgs, SubmitEvidenceInput } from '../dispute-manager.js';

export const Mutation = {
  async fileDispute(_: unknown, args: { input: FileDisputeInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.file(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.dispute.load(id);
  },
  async routeDispute(_: unknown, args: RouteDisputeArgs & { idempotencyKey: string }, ctx: Context) {
    const { idempotencyKey, ...route } = args;
    const id = await ctx.services.manager.route(ctx.caller, route, idempotencyKey);
    return ctx.loaders.dispute.load(id);
  },
  async submitEvidence(_: unknown, args: { input: SubmitEvidenceInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.submitEvidence(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.evidence.load(id);
  },
};
