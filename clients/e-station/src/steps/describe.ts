import { append, h } from '../dom.js';
import { HubError } from '../errors.js';
import { parseAmount } from '../hash.js';
import type { StringKey } from '../strings/index.js';
import { CATEGORIES, type Dispute } from '../types.js';
import { field, markInvalid, type FieldMap } from '../ui/field.js';
import { section } from '../ui/section.js';
import type { ViewContext } from '../view-context.js';

/** Step 2: the buyer describes the problem, which files the dispute. */
export function renderDescribe(ctx: ViewContext): HTMLElement {
  const { t } = ctx;
  const order = ctx.state.order!;
  const { section: el, body } = section(t, 'describeHeading', 'describeExplain');
  const fields: FieldMap = new Map();
  const title = h('input', { type: 'text', name: 'title', maxlength: '200', autocomplete: 'off' });
  const description = h('textarea', { name: 'description', maxlength: '5000', rows: '5' });
  const category = h('select', { name: 'category' });
  for (const c of CATEGORIES) append(category, h('option', { value: c }, t(`category_${c}` as StringKey)));
  category.value = 'CONSUMER_PURCHASE';
  const amount = h('input', { type: 'text', name: 'claimAmount', inputmode: 'decimal', autocomplete: 'off' });
  amount.value = order.amount;
  const submit = h('button', { type: 'submit' }, t('fileDispute'));
  const form = h('form', { novalidate: true },
    field(t, 'fieldTitle', title, { hint: t('fieldTitleHint'), required: true, name: 'title', fields }),
    field(t, 'fieldDescription', description, { hint: t('fieldDescriptionHint'), required: true, name: 'description', fields }),
    field(t, 'fieldCategory', category, { required: true, name: 'category', fields }),
    field(t, 'fieldAmount', amount, { hint: t('fieldAmountHint', { amount: ctx.money(order.amount, order.currency) }), name: 'claimAmount', fields }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problems: HTMLElement[] = [];
    if (!title.value.trim()) {
      markInvalid(fields, 'title', t('invalidRequired'));
      problems.push(title);
    }
    if (!description.value.trim()) {
      markInvalid(fields, 'description', t('invalidRequired'));
      problems.push(description);
    }
    const claim = amount.value.trim() ? parseAmount(amount.value) : null;
    if (amount.value.trim() && !claim) {
      markInvalid(fields, 'claimAmount', t('invalidAmount'));
      problems.push(amount);
    }
    if (problems.length > 0) {
      problems[0]!.focus();
      return;
    }
    const merchantId = order.store.merchant?.id;
    if (!merchantId) {
      ctx.showError(new HubError('SUBGRAPH_UNAVAILABLE', 'the store has no merchant party'));
      return;
    }
    const input = {
      title: title.value.trim(),
      description: description.value.trim(),
      category: category.value,
      ...(claim ? { claimAmount: claim } : {}),
      respondentId: merchantId,
      originOrderId: order.id,
    };
    const idempotencyKey = ctx.keyFor('fileDispute', input);
    void ctx.busy(submit, async () => {
      submit.textContent = t('filing');
      try {
        const { fileDispute } = await ctx.hub.request<{ fileDispute: Dispute }>('EStationFileDispute', { input, idempotencyKey });
        ctx.state.dispute = fileDispute;
        ctx.state.recommendation = undefined;
        ctx.state.evidenceItems = [];
        ctx.noteStatus(fileDispute.id, fileDispute.status);
        ctx.emit('fq-dispute-filed', { disputeId: fileDispute.id });
        ctx.announce(t('filed'));
        ctx.go({ name: 'evidence' });
      } catch (err) {
        ctx.showError(err, { fields });
      }
    });
  });
  append(body, form);
  return el;
}
