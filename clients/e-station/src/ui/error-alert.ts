import { h, type Child } from '../dom.js';
import { describeError } from '../errors.js';
import { STRINGS, type Language, type Translate } from '../strings/index.js';
import { matchField, showFieldError, type FieldMap } from './field.js';
import { fillTemplate, hubText, hubTextLang } from './hub-text.js';

export interface ErrorAlertOptions {
  t: Translate;
  language: Language;
  /** Where the form's labels are, to name the field in the alert. */
  root: ParentNode;
  fields?: FieldMap;
  retry?: () => void;
}

/**
 * An error in plain words, for the alert region; when the hub names a field of the form, its
 * message (the hub's own words, in English) is also shown next to that field.
 */
export function errorAlertContent(err: unknown, options: ErrorAlertOptions): Node[] {
  const { t, language } = options;
  const described = describeError(err, t);
  const children: Child[] = [h('p', {}, described.message)];
  if (described.code === 'BAD_USER_INPUT' && described.detail) {
    const detail = described.detail;
    const target = described.field ? matchField(options.fields, described.field) : undefined;
    if (target) {
      const lang = hubTextLang(language);
      showFieldError(target, detail, lang);
      const label = (options.root.querySelector(`label[for="${target.control.id}"]`)?.textContent ?? described.field!).trim();
      children.push(lang
        ? h('p', {}, fillTemplate<Node>(STRINGS[language].errorField, { field: label, message: hubText(language, 'span', detail) }))
        : h('p', {}, t('errorField', { field: label, message: detail })));
    } else {
      children.push(hubText(language, 'p', detail));
    }
  }
  if (options.retry) {
    children.push(h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: options.retry }, t('tryAgain'))));
  }
  return children.filter(Boolean) as Node[];
}
