import type { Context } from '../context.js';
import type { ServiceAddressConfirmationRow } from '../db/schema.js';
import { regionOf } from './region.js';

/** Shown to the signer, who sees its own addresses in full. */
export const ServiceAddressConfirmation = {
  async addresses(c: ServiceAddressConfirmationRow, _: unknown, ctx: Context) {
    const rows = await ctx.services.store.addressesOfConfirmation(c.id);
    return rows.map((a) => ({ id: a.id, channel: a.channel, address: a.address, region: regionOf(a, 'FULL'), version: a.version, confirmedAt: a.confirmedAt, supersededAt: null }));
  },
  partyConfirmation(c: ServiceAddressConfirmationRow) {
    return c.stepUpChallengeId ? { challengeId: c.stepUpChallengeId, confirmedAt: c.stepUpConfirmedAt, contentHash: c.stepUpContentHash } : null;
  },
};
