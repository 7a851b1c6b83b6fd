import type { Context } from '../context.js';
import type { GrantConsentInput } from '../credit-manager.js';

export const Mutation = {
  async grantCreditConsent(_: unknown, args: { input: GrantConsentInput; idempotencyKey: string }, ctx: Context) {
    return ctx.loaders.consent.load(await ctx.services.manager.grantConsent(ctx.caller, args.input, args.idempotencyKey));
  },
  revokeCreditConsent(_: unknown, args: { consentId: string }, ctx: Context) {
    return ctx.services.manager.revokeConsent(ctx.caller, args.consentId);
  },
};
