import { h, uid } from '../dom.js';
import { tDynamic } from '../strings/index.js';
import type { Dispute } from '../types.js';
import { hubText } from '../ui/hub-text.js';
import type { ViewContext } from '../view-context.js';

/** The status page's timeline: what happened to the dispute, oldest first. */
export function timelineBlock(ctx: ViewContext, d: Dispute): HTMLElement {
  const { t } = ctx;
  const headingId = uid('tl');
  const events = [...d.timeline].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return h('section', { class: 'block', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('timelineHeading')),
    events.length === 0
      ? h('p', { class: 'muted' }, t('timelineEmpty'))
      : h('ol', { class: 'timeline' }, events.map((e) => h('li', {},
        h('time', { datetime: e.occurredAt }, ctx.date(e.occurredAt)),
        // The hub writes summaries (and the reasons they quote) in English.
        hubText(ctx.language, 'p', e.summary, { class: 'summary' }),
        h('p', {}, tDynamic(t, `kind_${e.kind}`, '')),
      ))),
  );
}
