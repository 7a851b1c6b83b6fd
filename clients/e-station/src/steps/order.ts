import { append, h } from '../dom.js';
import { facts } from '../ui/facts.js';
import { section } from '../ui/section.js';
import type { ViewContext } from '../view-context.js';

/** Step 1: the order the problem is about. */
export function renderOrder(ctx: ViewContext): HTMLElement {
  const { t } = ctx;
  const order = ctx.state.order!;
  const { section: el, body } = section(t, 'orderHeading', 'orderExplain');
  append(body,
    facts([
      [t('orderItems'), order.itemSummary],
      [t('orderAmount'), ctx.money(order.amount, order.currency)],
      [t('orderStore'), order.store.name],
      [t('orderPlatform'), order.store.platform.name],
      [t('orderDate'), ctx.date(order.placedAt)],
      [t('orderNumber'), order.orderNumber],
    ]),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => ctx.go({ name: 'describe' }) }, t('reportProblem')),
    ),
  );
  return el;
}
