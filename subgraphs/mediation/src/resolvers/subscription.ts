import type { FeedItem } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import { MediationManager } from '../mediation-manager.js';

/** The events that offer a case to an organisation: a new referral, or one re-offered after a missed deadline. */
export const REFERRAL_OFFERS = ['MediationReferred', 'ReferralReoffered'] as const;

export interface ReferralCreatedArgs { organizationId: string; after?: string | null }

export const Subscription = {
  referralCreated: {
    subscribe(_: unknown, args: ReferralCreatedArgs, ctx: Context): AsyncIterableIterator<FeedItem> {
      MediationManager.requireOrganizationStaff(ctx.caller, args.organizationId);
      return ctx.feed.subscribe({ types: REFERRAL_OFFERS, payload: { organizationId: args.organizationId } }, args.after ?? null);
    },
    /**
     * Read fresh for every item, not through the context's loaders: a subscription's context
     * lives as long as the subscription, and a loader would keep serving the case as first read.
     * Subscribers who see the same cases share the item's read.
     */
    async resolve(item: FeedItem, _: ReferralCreatedArgs, ctx: Context) {
      if (item.kind === 'resync') {
        return { cursor: item.cursor, occurredAt: item.occurredAt, resync: { replayLimit: item.replayLimit, reason: item.reason }, referral: null, reofferedFrom: null };
      }
      const { event } = item;
      const store = ctx.services.store;
      const visibility = ctx.services.manager.caseVisibilityFor(ctx.caller);
      const fromId = event.type === 'ReferralReoffered' && typeof event.payload.fromOrganizationId === 'string' ? event.payload.fromOrganizationId : null;
      const [[referral], [reofferedFrom]] = await ctx.feed.shared(item, JSON.stringify(visibility), () => Promise.all([
        store.casesByIds([event.aggregateId], visibility),
        fromId ? store.organizationsByIds([fromId]) : Promise.resolve([]),
      ]));
      return { cursor: item.cursor, occurredAt: event.occurredAt, resync: null, referral: referral ?? null, reofferedFrom: reofferedFrom ?? null };
    },
  },
};
