import { append, h, uid } from '../dom.js';
import type { MediationCase } from '../types.js';
import { confirmWithCode } from '../ui/step-up.js';
import type { ViewContext } from '../view-context.js';

/** The status page's settlement draft: its terms, who has signed, and this side's button to sign. */
export function settlementBlock(ctx: ViewContext, m: MediationCase): HTMLElement {
  const { t } = ctx;
  const s = m.settlement!;
  const headingId = uid('set');
  const mine = s.signatures.find((sig) => sig.side === ctx.mySide);
  const block = h('section', { class: 'block', 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: '-1' }, t('settlementHeading')),
    h('p', { class: 'explain' }, t('settlementExplain')),
    h('h4', {}, t('settlementTerms')),
    h('p', { class: 'terms' }, s.terms),
    s.instalments.length > 0
      ? h('div', {}, h('h4', {}, t('settlementInstalments')), h('ul', {}, s.instalments.map((i) => h('li', {}, t('instalmentLine', { n: i.number, amount: ctx.money(i.amount), date: i.dueDate })))))
      : null,
    h('p', { class: 'muted' }, `${t('settlementFingerprint')}: `, h('code', {}, s.contentHash)),
  );
  if (s.signedAt) {
    append(block, h('p', { class: 'ok' }, t('signedByBoth', { date: ctx.date(s.signedAt) })));
  } else if (mine) {
    append(block, h('p', { class: 'ok' }, t('signedByYou')));
  } else if (m.status === 'IN_SESSION' || m.status === 'MEDIATOR_ASSIGNED') {
    append(block, signButton(ctx, m));
  }
  return block;
}

/**
 * Signing has legal effect: the party confirms it with a code sent to its own phone or hub
 * inbox (ui/step-up.ts), bound to this case and this draft's fingerprint, and the signature is
 * sent with the proof. A draft changed meanwhile is refused STEP_UP_REQUIRED and shown again.
 */
function signButton(ctx: ViewContext, m: MediationCase): HTMLElement {
  const { t } = ctx;
  const s = m.settlement!;
  const button = h('button', { type: 'button' }, t('signSettlement'));
  const actions = h('div', { class: 'actions' }, button);
  const slot = h('div', {});
  button.addEventListener('click', () => {
    ctx.clearAlert();
    actions.style.display = 'none'; // .actions is display:flex, which beats the hidden attribute
    void confirmWithCode(ctx, slot, { act: 'SIGN_SETTLEMENT', subjectId: m.id, contentHash: s.contentHash }).then((proof) => {
      actions.style.display = '';
      if (!proof) {
        button.focus();
        return;
      }
      void ctx.busy(button, async () => {
        button.textContent = t('signing');
        try {
          const { signSettlement } = await ctx.hub.request<{ signSettlement: MediationCase }>('EStationSignSettlement', { caseId: m.id }, { stepUp: proof });
          if (ctx.state.dispute?.mediation?.id === m.id) ctx.state.dispute.mediation = signSettlement;
          ctx.announce(t('settlementSigned'));
          ctx.refreshStatus();
          ctx.main.querySelector<HTMLElement>('[data-block="settlement"] h3')?.focus();
          if (ctx.state.dispute) ctx.follower.scheduleReload(ctx.state.dispute.id);
        } catch (err) {
          ctx.showError(err);
          if (ctx.state.dispute) ctx.follower.scheduleReload(ctx.state.dispute.id);
        }
      });
    });
  });
  return h('div', {}, actions, slot);
}
