import { append, h, type Child } from '../dom.js';

/** Term/value pairs as a description list. */
export function facts(rows: Array<[string, Child]>): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [term, value] of rows) append(dl, h('dt', {}, term), h('dd', {}, value));
  return dl;
}
