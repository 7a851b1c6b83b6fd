import type { Context } from '../context.js';
import type { RepairContactInput } from '../contact-repair.js';
import type { RegisterPartyInput } from '../identity-manager.js';
import type { ConfirmServiceAddressesInput } from '../service-address-library.js';

export const Mutation = {
  async registerParty(_: unknown, args: { input: RegisterPartyInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.manager.register(ctx.caller, args.input, args.idempotencyKey);
    return ctx.loaders.party.load(id);
  },
  async verifyPartyIdentity(_: unknown, args: { partyId: string; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.verifier.verify(ctx.caller, args.partyId, args.idempotencyKey);
    return ctx.services.store.verificationById(id);
  },
  /** The signing party is the caller: a party token confirms its own addresses only. */
  async confirmServiceAddresses(_: unknown, args: { input: ConfirmServiceAddressesInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.addressLibrary.confirm(ctx.caller, ctx.caller.sub ?? '', args.input, args.idempotencyKey);
    return ctx.services.store.confirmationById(id);
  },
  async repairContact(_: unknown, args: { input: RepairContactInput; idempotencyKey: string }, ctx: Context) {
    const id = await ctx.services.repairs.repair(ctx.caller, args.input, args.idempotencyKey);
    return ctx.services.store.repairById(id);
  },
};
