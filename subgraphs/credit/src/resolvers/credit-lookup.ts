import type { Context } from '../context.js';
import type { CreditReadRow } from '../db/schema.js';

export const CreditLookup = {
  readerOrganization: (r: CreditReadRow) => r.readerOrg,
  disclosed: (r: CreditReadRow) => r.what.toUpperCase(),
  at: (r: CreditReadRow) => r.readAt,
  consent: (r: CreditReadRow, _: unknown, ctx: Context) => (r.consentId ? ctx.loaders.consent.load(r.consentId) : null),
};
