import { append, h, uid } from '../dom.js';
import type { ServiceAddress } from '../types.js';
import { field, type FieldMap } from '../ui/field.js';
import { canonicalSha256 } from '../hash.js';
import { section } from '../ui/section.js';
import { confirmWithCode } from '../ui/step-up.js';
import type { ViewContext } from '../view-context.js';

/** Step 5: the buyer confirms where documents of the case may be served, and accepts the hub's statement. */
export function renderAddresses(ctx: ViewContext): HTMLElement {
  const { t, state } = ctx;
  const { section: el, body } = section(t, 'addressesHeading', 'addressesExplain');
  const me = state.me;
  const statement = state.statement;
  const disputeId = state.dispute?.id;
  const toStatus = () => (disputeId ? ctx.go({ name: 'status', disputeId }) : ctx.go({ name: 'order' }));
  if (!me || !statement) {
    append(body, h('div', { class: 'actions' }, h('button', { type: 'button', onclick: toStatus }, t('continue'))));
    return el;
  }
  const fields: FieldMap = new Map();
  const current = (channel: ServiceAddress['channel']) =>
    me.serviceAddresses.find((a) => a.channel === channel)?.address ?? me.contactChannels.find((c) => c.kind === channel && c.source === 'REGISTRATION')?.value ?? '';
  const inAppId = uid('inapp');
  const inApp = h('input', { type: 'checkbox', id: inAppId, checked: true });
  const mobile = h('input', { type: 'tel', name: 'mobile', autocomplete: 'tel' });
  mobile.value = current('MOBILE');
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email' });
  email.value = current('EMAIL');
  const postal = h('input', { type: 'text', name: 'postal', autocomplete: 'street-address' });
  postal.value = current('POSTAL');
  const agreeId = uid('agree');
  const agree = h('input', { type: 'checkbox', id: agreeId, required: true });
  const agreeError = h('p', { class: 'error-text', hidden: true, id: uid('err') });
  agree.setAttribute('aria-describedby', agreeError.id);
  const statementId = uid('stmt');
  const submit = h('button', { type: 'submit' }, t('confirmAddresses'));
  const actions = h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: toStatus }, t('skip')));
  const stepUpSlot = h('div', {});
  const form = h('form', { novalidate: true },
    h('div', { class: 'field check' }, inApp, h('label', { for: inAppId }, t('fieldInApp'))),
    field(t, 'fieldMobile', mobile, { name: 'MOBILE', fields }),
    field(t, 'fieldEmail', email, { name: 'EMAIL', fields }),
    field(t, 'fieldPostal', postal, { hint: t('fieldPostalHint'), name: 'POSTAL', fields }),
    h('h3', { id: statementId }, t('statementHeading')),
    h('p', { class: 'statement', tabindex: '0', 'aria-labelledby': statementId }, statement),
    h('div', { class: 'field check' }, agree, h('label', { for: agreeId }, t('statementAgree'))),
    agreeError,
    actions,
  );
  agree.addEventListener('change', () => {
    agreeError.hidden = true;
    agree.removeAttribute('aria-invalid');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const addresses: Array<{ channel: ServiceAddress['channel']; address: string }> = [];
    if (inApp.checked) addresses.push({ channel: 'IN_APP', address: `hub:${me.id}` });
    if (mobile.value.trim()) addresses.push({ channel: 'MOBILE', address: mobile.value.trim() });
    if (email.value.trim()) addresses.push({ channel: 'EMAIL', address: email.value.trim() });
    if (postal.value.trim()) addresses.push({ channel: 'POSTAL', address: postal.value.trim() });
    if (addresses.length === 0) {
      ctx.alert(t('addressesNeedOne'));
      mobile.focus();
      return;
    }
    if (!agree.checked) {
      agree.setAttribute('aria-invalid', 'true');
      agreeError.textContent = t('addressesMustAgree');
      agreeError.hidden = false;
      agree.focus();
      return;
    }
    // Hub errors name addresses[i].address: map each index to its control.
    const indexed: FieldMap = new Map();
    addresses.forEach((a, i) => {
      const target = fields.get(a.channel);
      if (target) indexed.set(`addresses[${i}]`, target);
    });
    const input = { addresses, acceptedStatement: statement };
    const idempotencyKey = ctx.keyFor('confirmServiceAddresses', input);
    // Accepting service at these addresses has legal effect: the party confirms exactly this
    // input (its canonical SHA-256, as the hub computes it) with a code, then it is sent.
    void ctx.busy(submit, async () => {
      let contentHash: string;
      try {
        contentHash = await canonicalSha256(input);
      } catch (err) {
        ctx.showError(err);
        return;
      }
      actions.style.display = 'none'; // .actions is display:flex, which beats the hidden attribute
      const proof = await confirmWithCode(ctx, stepUpSlot, { act: 'CONFIRM_SERVICE_ADDRESSES', subjectId: me.id, contentHash });
      actions.style.display = '';
      if (!proof) {
        submit.focus();
        return;
      }
      try {
        const { confirmServiceAddresses } = await ctx.hub.request<{ confirmServiceAddresses: { addresses: ServiceAddress[] } }>(
          'EStationConfirmServiceAddresses', { input, idempotencyKey }, { stepUp: proof },
        );
        state.me = { ...me, serviceAddresses: confirmServiceAddresses.addresses };
        ctx.announce(t('addressesConfirmed'));
        toStatus();
      } catch (err) {
        ctx.showError(err, { fields: indexed });
      }
    });
  });
  append(body, form, stepUpSlot);
  return el;
}
