import type { Context } from '../context.js';
import { confirmationDeadline, confirmationPeriod } from '../confirmation-deadline.js';
import type { JudicialConfirmationRow } from '../db/schema.js';

export const JudicialConfirmation = {
  /** Filtered by the caller's visibility in SQL: one the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.judicialConfirmation.load(ref.id);
  },
  court: (c: JudicialConfirmationRow, _: unknown, ctx: Context) => ctx.loaders.court.load(c.courtId),
  dispute: (c: JudicialConfirmationRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  deadline: (c: JudicialConfirmationRow) => (c.settlementEffectiveAt ? confirmationDeadline(c.settlementEffectiveAt) : null),
  deadlineCount: (c: JudicialConfirmationRow) => (c.settlementEffectiveAt ? confirmationPeriod(c.settlementEffectiveAt) : null),
  events: (c: JudicialConfirmationRow, _: unknown, ctx: Context) => ctx.loaders.eventsOf.load(c.id),
  partyConfirmation: (c: JudicialConfirmationRow) =>
    c.stepUpChallengeId ? { challengeId: c.stepUpChallengeId, confirmedAt: c.stepUpConfirmedAt, contentHash: c.stepUpContentHash } : null,
};
