import { append, h } from '../dom.js';
import { disputesAboutOrder, loadDisputes } from '../disputes.js';
import { tDynamic } from '../strings/index.js';
import { section } from '../ui/section.js';
import type { ViewContext } from '../view-context.js';

/**
 * The seller's disputes about this order. With `refresh` (the seller came back from one of
 * them) the list is read again, because its statuses have moved on since it was first read.
 */
export function renderSellerList(ctx: ViewContext, options: { refresh?: boolean } = {}): HTMLElement {
  const { t } = ctx;
  const { section: el, body } = section(t, 'sellerHeading', 'sellerExplain');
  const content = h('div', {});
  fillList(ctx, content);
  append(body, content);
  if (options.refresh) void refresh(ctx, content);
  return el;
}

function fillList(ctx: ViewContext, content: HTMLElement): void {
  const { t } = ctx;
  const disputes = ctx.state.disputes;
  if (disputes.length === 0) {
    content.replaceChildren(h('p', {}, t('sellerNone')));
    return;
  }
  content.replaceChildren(h('ul', { class: 'plain' }, disputes.map((d) => h('li', {},
    h('p', {}, h('strong', {}, d.title)),
    h('p', { class: 'muted' }, `${t('statusLabel')}: ${tDynamic(t, `status_${d.status}`, d.status)} · ${t('filedLabel')}: ${ctx.date(d.filedAt, false)}`),
    h('button', { type: 'button', class: 'secondary', 'data-dispute': d.id, onclick: () => ctx.go({ name: 'status', disputeId: d.id }) }, t('showDispute', { title: d.title })),
  ))));
}

async function refresh(ctx: ViewContext, content: HTMLElement): Promise<void> {
  const generation = ctx.generation;
  const order = ctx.state.order;
  if (!order) return;
  content.setAttribute('aria-busy', 'true');
  try {
    const all = await loadDisputes(ctx.hub);
    if (generation !== ctx.generation || !content.isConnected) return;
    ctx.state.disputes = disputesAboutOrder(all, order, ctx.side);
    // The user may already be on one of the buttons: keep focus on the same dispute's button.
    const focused = (ctx.root.activeElement as HTMLElement | null)?.closest('[data-dispute]')?.getAttribute('data-dispute');
    const wasInside = ctx.root.activeElement ? content.contains(ctx.root.activeElement) : false;
    fillList(ctx, content);
    if (wasInside && focused) content.querySelector<HTMLElement>(`[data-dispute="${CSS.escape(focused)}"]`)?.focus();
  } catch (err) {
    if (generation !== ctx.generation || !content.isConnected) return;
    ctx.showError(err, { retry: () => void refresh(ctx, content) });
  } finally {
    content.removeAttribute('aria-busy');
  }
}
