import { h, uid } from '../dom.js';
import type { StringKey, Translate } from '../strings/index.js';

/** A step's section with its heading (focusable for step changes) and plain-language explanation. */
export function section(t: Translate, titleKey: StringKey, explainKey: StringKey | null, explainValues?: Record<string, string>): { section: HTMLElement; body: HTMLElement } {
  const headingId = uid('h');
  const body = h('div', {});
  const el = h('section', { 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, t(titleKey)),
    explainKey ? h('p', { class: 'explain' }, t(explainKey, explainValues)) : null,
    body,
  );
  return { section: el, body };
}
