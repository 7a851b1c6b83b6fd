import type { Context } from '../context.js';
import type { ContactRepairRow } from '../db/schema.js';
import { maskChannelValue } from '../masking.js';

/** A repair answers with channels masked whoever asks: reaching the party goes through the relay. */
export const ContactRepair = {
  registries: (r: ContactRepairRow) => r.registries,
  async channels(r: ContactRepairRow, _: unknown, ctx: Context) {
    const rows = await ctx.services.store.channelsByIds(r.channelIds);
    return rows.map((c) => ({ kind: c.kind, value: maskChannelValue(c.kind, c.value, 'PARTIAL'), verified: c.verified, source: c.source }));
  },
  relay: (r: ContactRepairRow) =>
    r.relayNumber && r.relayExtension && r.relayExpiresAt ? { number: r.relayNumber, extension: r.relayExtension, expiresAt: r.relayExpiresAt } : null,
};
