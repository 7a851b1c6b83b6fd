import { append, h, uid } from '../dom.js';
import type { MediationCase } from '../types.js';
import { field, type FieldMap } from '../ui/field.js';
import type { ViewContext } from '../view-context.js';

/** The status page's rating of the mediator, once the case is closed: the score given, or the form to give one. */
export function ratingBlock(ctx: ViewContext, m: MediationCase): HTMLElement | null {
  const { t } = ctx;
  const closed = Boolean(m.closedAt) || ['SETTLED', 'FAILED', 'WITHDRAWN'].includes(m.status);
  if (!closed || !m.mediator) return null;
  const headingId = uid('rate');
  const block = h('section', { class: 'block', 'aria-labelledby': headingId }, h('h3', { id: headingId, tabindex: '-1' }, t('rateHeading')));
  const mine = m.ratings.find((r) => r.side === ctx.mySide);
  if (mine) {
    append(block, h('p', { class: 'ok' }, t('ratedAlready', { score: mine.score })));
    return block;
  }
  const fields: FieldMap = new Map();
  const name = uid('score');
  const radios: HTMLInputElement[] = [];
  const fieldset = h('fieldset', {}, h('legend', {}, t('rateLegend')));
  for (let score = 1; score <= 5; score += 1) {
    const id = uid('s');
    const radio = h('input', { type: 'radio', name, id, value: String(score) });
    radios.push(radio);
    append(fieldset, h('div', { class: 'choice' }, radio, h('label', { for: id }, t('rateScore', { n: score }))));
  }
  const comment = h('textarea', { name: 'comment', rows: '3', maxlength: '2000' });
  const submit = h('button', { type: 'submit' }, t('rateSubmit'));
  const form = h('form', { novalidate: true },
    h('p', { class: 'explain' }, t('rateExplain')),
    fieldset,
    field(t, 'rateComment', comment, { name: 'comment', fields }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const score = Number(radios.find((r) => r.checked)?.value ?? 0);
    if (!score) {
      ctx.alert(t('rateRequired'));
      radios[0]?.focus();
      return;
    }
    void ctx.busy(submit, async () => {
      try {
        const { rateMediator } = await ctx.hub.request<{ rateMediator: MediationCase }>('EStationRateMediator', {
          caseId: m.id, score, comment: comment.value.trim() || null,
        });
        if (ctx.state.dispute?.mediation?.id === m.id) ctx.state.dispute.mediation = rateMediator;
        ctx.announce(t('rated'));
        ctx.refreshStatus();
        ctx.main.querySelector<HTMLElement>('[data-block="rating"] h3')?.focus();
      } catch (err) {
        ctx.showError(err, { fields });
      }
    });
  });
  append(block, form);
  return block;
}
