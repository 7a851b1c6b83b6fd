import type { Context } from '../context.js';
import type { RequestActConfirmationInput } from '../act-confirmation/act-confirmation-manager.js';
import type { ActConfirmationRow, SimulatedMessageRow } from '../db/schema.js';

const confirmation = (row: ActConfirmationRow) => ({
  challengeId: row.id, act: row.act, subjectId: row.subjectId, contentHash: row.contentHash, confirmedAt: row.confirmedAt,
});

/** Step-up confirmation of legal acts, and the demo's message log where a code can be read. */
export const actConfirmationResolvers = {
  Query: {
    devMessageLog(_: unknown, args: { partyId: string; first?: number | null }, ctx: Context) {
      return ctx.services.messageLog.read(ctx.caller, args.partyId, args.first);
    },
  },
  Mutation: {
    async requestActConfirmation(_: unknown, args: { input: RequestActConfirmationInput }, ctx: Context) {
      const { row, sentTo } = await ctx.services.actConfirmations.request(ctx.caller, args.input);
      return { id: row.id, act: row.act, channel: row.channel, sentTo, expiresAt: row.expiresAt };
    },
    async confirmAct(_: unknown, args: { challengeId: string; code: string }, ctx: Context) {
      return confirmation(await ctx.services.actConfirmations.confirm(ctx.caller, args.challengeId, args.code));
    },
  },
  SimulatedMessage: {
    sentTo: (m: SimulatedMessageRow) => m.address,
  },
};
