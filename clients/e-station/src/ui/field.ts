import { h, uid } from '../dom.js';
import type { StringKey, Translate } from '../strings/index.js';

/** Field names the hub reports (`extensions.field`) → the control that holds them, per form. */
export type FieldMap = Map<string, FieldTarget>;
export interface FieldTarget { control: HTMLElement; error: HTMLElement }

export interface FieldOptions { hint?: string; required?: boolean; name?: string; fields?: FieldMap }

/** A labelled control with an optional hint and a slot for its error. */
export function field(t: Translate, labelKey: StringKey, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, options: FieldOptions = {}): HTMLElement {
  const id = control.id || uid('f');
  control.id = id;
  const hintId = options.hint ? uid('hint') : null;
  const errorId = uid('err');
  const error = h('p', { id: errorId, class: 'error-text', hidden: true });
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (options.required) control.setAttribute('aria-required', 'true');
  control.addEventListener('input', () => {
    control.removeAttribute('aria-invalid');
    error.hidden = true;
    error.textContent = '';
  });
  if (options.name && options.fields) options.fields.set(options.name, { control, error });
  return h('div', { class: 'field' },
    h('label', { for: id }, t(labelKey), options.required ? null : h('span', { class: 'muted' }, ` ${t('optional')}`)),
    hintId ? h('p', { id: hintId, class: 'hint' }, options.hint!) : null,
    control,
    error,
  );
}

/**
 * Marks a control invalid with a message next to it. `lang` is the message's language when it
 * differs from the widget's (the hub's own words); the slot is reused, so it is reset each time.
 */
export function showFieldError(target: FieldTarget, message: string, lang?: string): void {
  target.control.setAttribute('aria-invalid', 'true');
  target.error.textContent = message;
  if (lang) target.error.setAttribute('lang', lang);
  else target.error.removeAttribute('lang');
  target.error.hidden = false;
}

export function markInvalid(fields: FieldMap, name: string, message: string): void {
  const target = fields.get(name);
  if (target) showFieldError(target, message);
}

/** The control for a field the hub names: exact, then its last segment (`addresses[1].address` → `address`), then a prefix. */
export function matchField(fields: FieldMap | undefined, name: string): FieldTarget | undefined {
  if (!fields) return undefined;
  if (fields.has(name)) return fields.get(name);
  const last = name.split('.').pop()!.replace(/\[\d+\]$/, '');
  if (fields.has(last)) return fields.get(last);
  for (const [known, target] of fields) if (name.startsWith(known)) return target;
  return undefined;
}
