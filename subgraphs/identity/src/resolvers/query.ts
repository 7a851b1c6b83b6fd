import { forbidden, requireAuthenticated } from '@fengqiao/subgraph-kit';
import { tryParsePostalAddress } from '../addresses/index.js';
import type { Context } from '../context.js';
import { SERVICE_ADDRESS_STATEMENT } from '../service-address-library.js';

export const Query = {
  party(_: unknown, args: { id: string }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    return ctx.loaders.party.load(args.id);
  },
  /** The caller's own record; only party tokens name a party. */
  me(_: unknown, __: unknown, ctx: Context) {
    requireAuthenticated(ctx.caller);
    if (ctx.caller.role !== 'party' || !ctx.caller.sub) return null;
    return ctx.loaders.party.load(ctx.caller.sub);
  },
  personalDataAccessLog(_: unknown, args: { partyId: string; first?: number | null; after?: string | null }, ctx: Context) {
    requireAuthenticated(ctx.caller);
    if (ctx.caller.role !== 'admin') throw forbidden('Only admins query the access log of any party; a party reads its own as me.dataAccessLog');
    return ctx.services.accessLog.page(ctx.caller, args.partyId, args);
  },
  serviceAddressStatement: () => SERVICE_ADDRESS_STATEMENT,
  /** Divisions are public data: anyone may parse an address, e.g. a form checking it as it is typed. */
  parsePostalAddress(_: unknown, args: { address: string }) {
    const parsed = tryParsePostalAddress(args.address.slice(0, 300));
    if (!parsed) return null;
    return {
      provinceCode: parsed.province.code,
      province: parsed.province.name,
      cityCode: parsed.city?.code ?? null,
      city: parsed.city?.name ?? null,
      countyCode: parsed.county?.code ?? null,
      county: parsed.county?.name ?? null,
    };
  },
};
