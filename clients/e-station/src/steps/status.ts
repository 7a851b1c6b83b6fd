import { append, h, uid, type Child } from '../dom.js';
import { tDynamic, type StringKey } from '../strings/index.js';
import type { Dispute, DisputeStatus, MediationCase } from '../types.js';
import { facts } from '../ui/facts.js';
import { section } from '../ui/section.js';
import type { ViewContext } from '../view-context.js';
import { negotiationBlock } from './negotiation.js';
import { ratingBlock } from './rating.js';
import { settlementBlock } from './settlement.js';
import { timelineBlock } from './timeline.js';

/** Statuses from which the buyer may (still) choose a way to resolve the dispute. */
const ROUTABLE: DisputeStatus[] = ['FILED', 'UNRESOLVED'];

/** Steps 6 and 7: the dispute as it stands, kept current by the follower; the blocks fill in when it is read. */
export function renderStatus(ctx: ViewContext, disputeId: string): HTMLElement {
  const { t } = ctx;
  const seller = ctx.side === 'seller';
  const { section: el, body } = section(t, seller ? 'sellerStatusHeading' : 'statusHeading', 'statusExplain');
  const liveLine = h('p', { class: 'muted', 'data-live': '' }, ctx.follower.isLive ? t('liveOn') : '');
  append(body, liveLine, h('div', { 'data-blocks': '' }, h('p', { class: 'muted' }, t('loading'))));
  ctx.follower.follow(disputeId);
  if (ctx.state.dispute?.id === disputeId) {
    // Render what we know at once, then refresh.
    queueMicrotask(() => refreshStatusBlocks(ctx));
  }
  void ctx.follower.reload(disputeId);
  return el;
}

/** Re-renders the status blocks, each only when what it shows changed (forms keep what was typed). */
export function refreshStatusBlocks(ctx: ViewContext): void {
  const container = ctx.main.querySelector<HTMLElement>('[data-blocks]');
  const d = ctx.state.dispute;
  const view = ctx.view;
  if (!container || !d || view.name !== 'status' || view.disputeId !== d.id) return;
  if (container.querySelector(':scope > p.muted') && !container.querySelector('[data-block]')) container.replaceChildren();
  const blocks: Array<[string, unknown, () => HTMLElement | null]> = [
    ['summary', [d.title, d.status, d.track, d.claimAmount, d.filedAt], () => summaryBlock(ctx, d)],
    ['route', [d.status, ctx.side], () => routeBlock(ctx, d)],
    ['negotiation', d.negotiation, () => (d.negotiation ? negotiationBlock(ctx, d, d.negotiation) : null)],
    ['mediation', d.mediation && [d.mediation.status, d.mediation.organization, d.mediation.mediator], () => (d.mediation ? mediationBlock(ctx, d.mediation) : null)],
    // The case's status decides whether the draft may still be signed: a failed or withdrawn case takes the button away.
    ['settlement', d.mediation?.settlement ? [d.mediation.status, d.mediation.settlement] : null, () => (d.mediation?.settlement ? settlementBlock(ctx, d.mediation) : null)],
    ['rating', d.mediation && [d.mediation.status, d.mediation.closedAt, d.mediation.ratings, d.mediation.mediator?.id], () => (d.mediation ? ratingBlock(ctx, d.mediation) : null)],
    ['timeline', d.timeline.map((e) => e.id), () => timelineBlock(ctx, d)],
    ['more', [ctx.side, ctx.state.disputes.length], () => moreBlock(ctx)],
  ];
  for (const [name, data, build] of blocks) {
    const key = `${ctx.language}|${JSON.stringify(data ?? null)}`;
    const existing = container.querySelector<HTMLElement>(`[data-block="${name}"]`);
    if (existing && ctx.renderedBlocks.get(name) === key) continue;
    ctx.renderedBlocks.set(name, key);
    const wrapper = h('div', { 'data-block': name }, build());
    if (existing) existing.replaceWith(wrapper);
    else container.append(wrapper);
  }
}

function summaryBlock(ctx: ViewContext, d: Dispute): HTMLElement {
  const { t } = ctx;
  return facts([
    [t('disputeLabel'), d.title],
    [t('statusLabel'), h('strong', {}, tDynamic(t, `status_${d.status}`, d.status))],
    [t('trackLabel'), d.track ? t(`track_${d.track}` as StringKey) : t('trackNone')],
    [t('filedLabel'), ctx.date(d.filedAt)],
    ...(d.claimAmount ? [[t('claimLabel'), ctx.money(d.claimAmount)] as [string, Child]] : []),
  ]);
}

function routeBlock(ctx: ViewContext, d: Dispute): HTMLElement | null {
  const { t } = ctx;
  if (ctx.side !== 'buyer' || !ROUTABLE.includes(d.status)) return null;
  return h('div', { class: 'block' },
    h('p', {}, t('chooseWayExplain')),
    h('div', { class: 'actions' }, h('button', {
      type: 'button',
      onclick: () => {
        ctx.state.recommendation = undefined;
        ctx.go({ name: 'track' });
      },
    }, t('chooseWay'))),
  );
}

function mediationBlock(ctx: ViewContext, m: MediationCase): HTMLElement {
  const { t } = ctx;
  const headingId = uid('med');
  return h('section', { class: 'block', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('mediationHeading')),
    facts([
      [t('statusLabel'), tDynamic(t, `mediation_${m.status}`, m.status)],
      [t('mediationOrganisation'), m.organization.name],
      [t('mediatorLabel'), m.mediator?.name ?? t('mediatorNotYet')],
    ]),
  );
}

/** The way on: the seller back to the list of disputes, the buyer to report another problem. */
function moreBlock(ctx: ViewContext): HTMLElement | null {
  const { t } = ctx;
  if (ctx.side === 'seller') {
    if (ctx.state.disputes.length < 2) return null;
    return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'sellerList', refresh: true }) }, t('backToList')));
  }
  return h('div', { class: 'actions' }, h('button', {
    type: 'button',
    class: 'secondary',
    onclick: () => {
      ctx.state.dispute = null;
      ctx.go({ name: 'describe' });
    },
  }, t('reportAnother')));
}
