import type { FeedItem } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { DisputeRow, TimelineEventRow } from '../db/schema.js';
import { DISPUTE_TIMELINE_RECORDED, EVIDENCE_SUBMITTED, type DisputeTimelineRecordedPayload, type EvidenceSubmittedPayload } from '../feeds.js';

/**
 * Before each item: may the caller still follow the dispute (a mediator whose mediation
 * ended may not), and the dispute as it is now. A subscription's context (and its loaders)
 * lasts as long as the subscription, so the loaders' cache is dropped first: nested fields
 * (timeline, evidence) must not answer from an earlier item's reads.
 */
async function current(ctx: Context, disputeId: string): Promise<DisputeRow> {
  for (const loader of Object.values(ctx.loaders)) loader.clearAll();
  return ctx.services.manager.followable(ctx.caller, disputeId);
}

const resyncOf = (item: Extract<FeedItem, { kind: 'resync' }>) => ({ replayLimit: item.replayLimit, reason: item.reason });

/**
 * Live feeds (schema/disputes.graphql, `Subscription`): authorised when subscribing — a
 * HubError refuses the subscription — and again for each item delivered.
 */
export const Subscription = {
  disputeUpdated: {
    async subscribe(_: unknown, args: { id: string; after?: string | null }, ctx: Context) {
      await ctx.services.manager.followable(ctx.caller, args.id);
      return ctx.feed.subscribe({ types: [DISPUTE_TIMELINE_RECORDED], disputeId: args.id }, args.after);
    },
    async resolve(item: FeedItem, args: { id: string }, ctx: Context) {
      const dispute = await current(ctx, args.id);
      if (item.kind === 'resync') return { cursor: item.cursor, occurredAt: item.occurredAt, resync: resyncOf(item), dispute, event: null };
      const { event: e } = item;
      const p = e.payload as DisputeTimelineRecordedPayload;
      // The entry travels whole in the event: no read needed to show it.
      const event: TimelineEventRow = {
        id: p.timelineEventId, disputeId: dispute.id, kind: p.kind, summary: p.summary, track: p.track,
        actorRole: e.actor.role, actorId: e.actor.id, occurredAt: new Date(e.occurredAt),
      };
      return { cursor: item.cursor, occurredAt: e.occurredAt, resync: null, dispute, event };
    },
  },
  evidenceAdded: {
    async subscribe(_: unknown, args: { disputeId: string; after?: string | null }, ctx: Context) {
      await ctx.services.manager.followable(ctx.caller, args.disputeId);
      return ctx.feed.subscribe({ types: [EVIDENCE_SUBMITTED], disputeId: args.disputeId }, args.after);
    },
    async resolve(item: FeedItem, args: { disputeId: string }, ctx: Context) {
      const dispute = await current(ctx, args.disputeId);
      if (item.kind === 'resync') return { cursor: item.cursor, occurredAt: item.occurredAt, resync: resyncOf(item), dispute, evidence: null };
      const { evidenceId } = item.event.payload as EvidenceSubmittedPayload;
      const [evidence] = await ctx.services.store.evidenceByIds([evidenceId]);
      return { cursor: item.cursor, occurredAt: item.event.occurredAt, resync: null, dispute, evidence: evidence ?? null };
    },
  },
};
