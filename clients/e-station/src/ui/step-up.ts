import { h, uid } from '../dom.js';
import { HubError } from '../errors.js';
import { hashPrefix } from '../hash.js';
import type { StringKey } from '../strings/index.js';
import type { ViewContext } from '../view-context.js';
import { field, showFieldError, type FieldMap } from './field.js';

/** The acts the widget lets a party confirm (the hub's LegalAct). */
export type WidgetLegalAct = 'SIGN_SETTLEMENT' | 'CONFIRM_SERVICE_ADDRESSES';

export interface ActToConfirm {
  act: WidgetLegalAct;
  subjectId: string;
  contentHash: string;
}

interface Challenge {
  id: string;
  channel: 'MOBILE' | 'IN_APP';
  sentTo: string;
  expiresAt: string;
}

/** Seconds before the party may ask for another code: an SMS can take a moment to arrive. */
export const RESEND_AFTER_SECONDS = 60;

/**
 * Asks the party to confirm a legal act with the one-time code the hub sends to its own phone
 * or hub inbox (docs/step-up.md), in a panel placed in `slot`: "We sent a code to 138****8000",
 * a code field (autocomplete one-time-code), a new code after 60 seconds, errors next to the
 * field. Resolves with the proof the act is then sent with, or null when the party cancels.
 */
export function confirmWithCode(ctx: ViewContext, slot: HTMLElement, what: ActToConfirm): Promise<string | null> {
  const { t } = ctx;
  return new Promise((resolve) => {
    let challenge: Challenge | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    const headingId = uid('stepup');
    const fields: FieldMap = new Map();
    const sent = h('p', { role: 'status' });
    const fingerprint = h('p', { class: 'muted' }, t('stepUpFingerprint', { hash: hashPrefix(what.contentHash, 8) }));
    const input = h('input', {
      type: 'text', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]{6}', spellcheck: 'false', required: true,
    });
    const confirm = h('button', { type: 'submit' }, t('stepUpConfirm'));
    const resend = h('button', { type: 'button', class: 'secondary', disabled: true }, t('stepUpResend'));
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('stepUpCancel'));
    const wait = h('p', { class: 'muted' });
    const problem = h('p', { class: 'error-text', role: 'alert', hidden: true });
    const form = h('form', { novalidate: true },
      field(t, 'fieldCode', input, { hint: t('fieldCodeHint'), required: true, name: 'code', fields }),
      h('div', { class: 'actions' }, confirm, resend, cancel),
      wait,
    );
    const panel = h('div', { class: 'block step-up', role: 'group', 'aria-labelledby': headingId },
      h('h4', { id: headingId, tabindex: '-1' }, t('stepUpHeading')),
      h('p', {}, t(`stepUpExplain_${what.act}` as StringKey)),
      sent, fingerprint, problem, form,
    );
    slot.replaceChildren(panel);

    const finish = (proof: string | null) => {
      if (timer) clearInterval(timer);
      slot.replaceChildren();
      resolve(proof);
    };
    const fieldError = (key: StringKey, values?: Record<string, string | number>) => showFieldError(fields.get('code')!, t(key, values));
    const say = (key: StringKey | null) => {
      problem.hidden = key === null;
      problem.textContent = key ? t(key) : '';
    };
    const countDown = (seconds: number) => {
      if (timer) clearInterval(timer);
      let left = seconds;
      resend.disabled = true;
      wait.textContent = t('stepUpResendIn', { seconds: left });
      timer = setInterval(() => {
        left -= 1;
        if (left > 0) {
          wait.textContent = t('stepUpResendIn', { seconds: left });
          return;
        }
        if (timer) clearInterval(timer);
        timer = null;
        wait.textContent = '';
        resend.disabled = false;
      }, 1000);
    };

    const send = async () => {
      say(null);
      sent.textContent = t('stepUpSending');
      try {
        const { requestActConfirmation } = await ctx.hub.request<{ requestActConfirmation: Challenge }>('EStationRequestActConfirmation', { input: what });
        challenge = requestActConfirmation;
        sent.textContent = challenge.channel === 'MOBILE' ? t('stepUpSentMobile', { to: challenge.sentTo }) : t('stepUpSentInbox');
        input.value = '';
        countDown(RESEND_AFTER_SECONDS);
        input.focus();
      } catch (err) {
        sent.textContent = '';
        if (err instanceof HubError && err.code === 'CONFLICT' && err.rule === 'NO_CONFIRMATION_CHANNEL') {
          say('stepUpNoChannel');
          confirm.disabled = true;
          return;
        }
        // Too many codes asked for: the hub says when the next one may come.
        countDown(err instanceof HubError && err.retryAfterSeconds ? err.retryAfterSeconds : RESEND_AFTER_SECONDS);
        ctx.showError(err);
      }
    };

    // Not ctx.busy: it would enable the button again before the countdown runs out.
    resend.addEventListener('click', () => {
      resend.disabled = true;
      ctx.clearAlert();
      void send();
    });
    cancel.addEventListener('click', () => finish(null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = input.value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(code)) {
        fieldError('stepUpCodeFormat');
        input.focus();
        return;
      }
      if (!challenge) return;
      const challengeId = challenge.id;
      void ctx.busy(confirm, async () => {
        try {
          const { proof } = await ctx.hub.confirmAct(challengeId, code);
          finish(proof);
        } catch (err) {
          const left = err instanceof HubError ? err.extensions.attemptsLeft : undefined;
          if (err instanceof HubError && err.rule === 'CODE_MISMATCH' && typeof left === 'number' && left > 0) {
            fieldError('stepUpCodeWrong', { left });
          } else if (err instanceof HubError && ['BAD_USER_INPUT', 'INVALID_TRANSITION', 'NOT_FOUND'].includes(err.code)) {
            // The last try, a used or expired code: only a new one helps.
            fieldError('stepUpCodeDead');
            if (!timer) resend.disabled = false;
          } else {
            ctx.showError(err);
            return;
          }
          input.focus();
        }
      });
    });

    panel.querySelector<HTMLElement>('h4')?.focus();
    void send();
  });
}
