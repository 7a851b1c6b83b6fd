import type { Context } from '../context.js';
import type { PartyRow, ServiceAddressRow } from '../db/schema.js';
import { maskChannelValue, maskIdNumber, type Access } from '../masking.js';
import { regionOf } from './region.js';

function serviceAddress(a: ServiceAddressRow, access: Access, supersededAt: Date | null = null) {
  return {
    id: a.id,
    channel: a.channel,
    address: maskChannelValue(a.channel, a.address, access.level),
    // The county is what courts need; a masked reader still sees where the party lives at city level.
    region: regionOf(a, access.level),
    version: a.version,
    confirmedAt: a.confirmedAt,
    supersededAt,
  };
}

/**
 * Every personal-data field is masked for the caller's role and relation to the party's
 * disputes; a field returned in full is returned only after its read is in the access log
 * (one insert for the whole request).
 */
export const Party = {
  /** Anonymous callers get no party at all, not even a masked one. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    if (ctx.caller.role === 'anonymous') return null;
    return ctx.loaders.party.load(ref.id);
  },
  async idNumber(p: PartyRow, _: unknown, ctx: Context) {
    const access = await ctx.loaders.access.load(p.id);
    await ctx.loaders.recordFullRead(p.id, 'idNumber', access);
    return maskIdNumber(p.idType, p.idNumber, access.level);
  },
  async idNumberVisibility(p: PartyRow, _: unknown, ctx: Context) {
    return (await ctx.loaders.access.load(p.id)).level === 'FULL' ? 'FULL' : 'MASKED';
  },
  identityVerification: (p: PartyRow, _: unknown, ctx: Context) => ctx.loaders.latestVerification.load(p.id),
  async contactChannels(p: PartyRow, _: unknown, ctx: Context) {
    const access = await ctx.loaders.access.load(p.id);
    const [rows] = await Promise.all([ctx.loaders.channels.load(p.id), ctx.loaders.recordFullRead(p.id, 'contactChannels', access)]);
    // Channels found by repair are reached through a relay: only the party itself reads them in full.
    const repairLevel = access.level === 'FULL' && !access.purpose ? 'FULL' : access.level === 'MINIMAL' ? 'MINIMAL' : 'PARTIAL';
    return rows.map((c) => ({
      kind: c.kind,
      value: maskChannelValue(c.kind, c.value, c.source === 'REGISTRY_REPAIR' ? repairLevel : access.level),
      verified: c.verified,
      source: c.source,
    }));
  },
  async serviceAddresses(p: PartyRow, _: unknown, ctx: Context) {
    const access = await ctx.loaders.access.load(p.id);
    const [rows] = await Promise.all([ctx.loaders.serviceAddresses.load(p.id), ctx.loaders.recordFullRead(p.id, 'serviceAddresses', access)]);
    return rows.map((a) => serviceAddress(a, access));
  },
  /** Every version, newest first: what was valid when a document was served can always be shown. */
  async serviceAddressHistory(p: PartyRow, _: unknown, ctx: Context) {
    const access = await ctx.loaders.access.load(p.id);
    if (access.level !== 'FULL') return [];
    const [rows] = await Promise.all([ctx.loaders.serviceAddressHistory.load(p.id), ctx.loaders.recordFullRead(p.id, 'serviceAddressHistory', access)]);
    // Rows come newest first per channel; a version is superseded when the next one was confirmed.
    const next = new Map<string, Date>();
    return rows.map((a) => {
      const supersededAt = next.get(a.channel) ?? null;
      next.set(a.channel, a.confirmedAt);
      return serviceAddress(a, access, supersededAt);
    });
  },
  dataAccessLog(p: PartyRow, args: { first?: number | null; after?: string | null }, ctx: Context) {
    return ctx.services.accessLog.page(ctx.caller, p.id, args);
  },
};
