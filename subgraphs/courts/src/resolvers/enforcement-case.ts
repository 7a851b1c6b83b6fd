import type { Context } from '../context.js';
import type { EnforcementCaseRow } from '../db/schema.js';

export const EnforcementCase = {
  /** Filtered by the caller's visibility in SQL: applicant, respondent, courts and admins. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.enforcementCase.load(ref.id);
  },
  court: (c: EnforcementCaseRow, _: unknown, ctx: Context) => ctx.loaders.court.load(c.courtId),
  dispute: (c: EnforcementCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  events: (c: EnforcementCaseRow, _: unknown, ctx: Context) => ctx.loaders.eventsOf.load(c.id),
  /** The list is public, so whoever may see the case sees its listing. */
  discreditedListing: (c: EnforcementCaseRow, _: unknown, ctx: Context) => ctx.loaders.listingOfCase.load(c.id),
};
