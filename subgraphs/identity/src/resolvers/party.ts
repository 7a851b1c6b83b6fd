import type { Context } from '../context.js';
import type { PartyRow } from '../db/schema.js';
import { accessLevel, maskChannelValue, maskIdNumber } from '../masking.js';

/**
 * Every personal-data field is masked for the caller's role; a field returned in full is
 * returned only after its read is in the access log (one insert for the whole request).
 */
export const Party = {
  /** Anonymous callers get no party at all, not even a masked one. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    if (ctx.caller.role === 'anonymous') return null;
    return ctx.loaders.party.load(ref.id);
  },
  async idNumber(p: PartyRow, _: unknown, ctx: Context) {
    const level = accessLevel(ctx.caller, p.id);
    if (level === 'FULL') await ctx.loaders.recordFullRead(p.id, 'idNumber');
    return maskIdNumber(p.idType, p.idNumber, level);
  },
  idNumberVisibility: (p: PartyRow, _: unknown, ctx: Context) => (accessLevel(ctx.caller, p.id) === 'FULL' ? 'FULL' : 'MASKED'),
  async contactChannels(p: PartyRow, _: unknown, ctx: Context) {
    const level = accessLevel(ctx.caller, p.id);
    const [rows] = await Promise.all([
      ctx.loaders.channels.load(p.id),
      level === 'FULL' ? ctx.loaders.recordFullRead(p.id, 'contactChannels') : undefined,
    ]);
    return rows.map((c) => ({ kind: c.kind, value: maskChannelValue(c.kind, c.value, level), verified: c.verified }));
  },
  async serviceAddresses(p: PartyRow, _: unknown, ctx: Context) {
    const level = accessLevel(ctx.caller, p.id);
    const [rows] = await Promise.all([
      ctx.loaders.serviceAddresses.load(p.id),
      level === 'FULL' ? ctx.loaders.recordFullRead(p.id, 'serviceAddresses') : undefined,
    ]);
    return rows.map((a) => ({ id: a.id, channel: a.channel, address: maskChannelValue(a.channel, a.address, level), version: a.version, confirmedAt: a.confirmedAt }));
  },
};
