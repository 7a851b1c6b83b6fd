import { append, h, uid } from '../dom.js';
import type { HubError } from '../errors.js';
import { parseAmount } from '../hash.js';
import { tDynamic } from '../strings/index.js';
import type { Dispute, Negotiation } from '../types.js';
import { field, markInvalid, type FieldMap } from '../ui/field.js';
import type { ViewContext } from '../view-context.js';

/** The status page's negotiation: what the buyer asked, the store's answers, and the seller's form to answer. */
export function negotiationBlock(ctx: ViewContext, d: Dispute, n: Negotiation): HTMLElement {
  const { t } = ctx;
  const headingId = uid('neg');
  const block = h('section', { class: 'block', 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: '-1' }, t('negotiationHeading')),
    h('p', {}, h('strong', {}, tDynamic(t, `negotiation_${n.status}`, n.status))),
    h('p', { class: 'muted' }, t('negotiationAsked', { amount: ctx.money(n.requestedAmount) })),
    n.offers.length > 0
      ? h('ul', { class: 'plain' }, n.offers.map((o) => h('li', {},
        h('time', { datetime: o.at, class: 'muted' }, ctx.date(o.at)), ' ',
        o.accepted ? t('offerAccepted', { amount: ctx.money(o.amount), message: o.message }) : t('offerRefused', { message: o.message }),
      )))
      : null,
  );
  if (ctx.side === 'seller' && n.status === 'OPEN') append(block, respondForm(ctx, d, n));
  return block;
}

function respondForm(ctx: ViewContext, d: Dispute, n: Negotiation): HTMLElement {
  const { t } = ctx;
  const fields: FieldMap = new Map();
  const name = uid('answer');
  const acceptId = uid('acc');
  const refuseId = uid('ref');
  const accept = h('input', { type: 'radio', name, id: acceptId, value: 'accept', checked: true });
  const refuse = h('input', { type: 'radio', name, id: refuseId, value: 'refuse' });
  const amount = h('input', { type: 'text', inputmode: 'decimal', name: 'offerAmount', autocomplete: 'off' });
  amount.value = n.requestedAmount;
  const message = h('textarea', { name: 'message', rows: '3', maxlength: '2000' });
  const amountField = field(t, 'respondAmount', amount, { required: true, name: 'offerAmount', fields });
  const toggle = () => {
    amountField.hidden = !accept.checked;
  };
  accept.addEventListener('change', toggle);
  refuse.addEventListener('change', toggle);
  const submit = h('button', { type: 'submit' }, t('respondSubmit'));
  const form = h('form', { novalidate: true },
    h('h4', { class: 'visually-hidden' }, t('respondHeading')),
    h('p', { class: 'explain' }, t('respondExplain', { amount: ctx.money(n.requestedAmount), reason: n.reason })),
    h('fieldset', {}, h('legend', {}, t('respondLegend')),
      h('div', { class: 'choice' }, accept, h('label', { for: acceptId }, t('respondAccept'))),
      h('div', { class: 'choice' }, refuse, h('label', { for: refuseId }, t('respondRefuse'))),
    ),
    amountField,
    field(t, 'respondMessage', message, { required: true, name: 'message', fields }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const accepted = accept.checked;
    const offer = accepted ? parseAmount(amount.value) : null;
    if (accepted && !offer) {
      markInvalid(fields, 'offerAmount', t('invalidAmount'));
      amount.focus();
      return;
    }
    if (!message.value.trim()) {
      markInvalid(fields, 'message', t('invalidRequired'));
      message.focus();
      return;
    }
    void ctx.busy(submit, async () => {
      try {
        const { respondToNegotiation } = await ctx.hub.request<{ respondToNegotiation: Negotiation }>('EStationRespondToNegotiation', {
          id: n.id, accept: accepted, offerAmount: offer, message: message.value.trim(),
        });
        if (ctx.state.dispute?.id === d.id) ctx.state.dispute.negotiation = respondToNegotiation;
        ctx.announce(t('responded'));
        ctx.refreshStatus();
        ctx.main.querySelector<HTMLElement>('[data-block="negotiation"] h3')?.focus();
        ctx.follower.scheduleReload(d.id);
      } catch (err) {
        ctx.showError(err, { fields });
        if ((err as HubError).code === 'INVALID_TRANSITION') ctx.follower.scheduleReload(d.id);
      }
    });
  });
  return form;
}
