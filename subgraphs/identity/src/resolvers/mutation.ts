import type { Context } from '../context.js';
import type { RegisterPartyInput } from '../identity-manager.js';

export const Mutation = {
  async registerParty(_: unknown, args: { input: RegisterPartyInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.register(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.party.load(id);
  },
};
