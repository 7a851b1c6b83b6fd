import { h } from '../dom.js';
import type { Language } from '../strings/index.js';

/**
 * The hub writes some text in English whatever the widget's language: timeline summaries,
 * triage reasons, the reasons it records, its validation messages. WCAG 3.1.2 (language of
 * parts): such text carries `lang="en"` when the widget is not in English, so that a screen
 * reader reads it with an English voice. Returns undefined when no marking is needed.
 */
export function hubTextLang(widgetLanguage: Language): 'en' | undefined {
  return widgetLanguage === 'en' ? undefined : 'en';
}

/** `attrs` plus the hub text's `lang` when it differs from the widget's. */
export function withHubTextLang<A extends Record<string, unknown>>(widgetLanguage: Language, attrs: A): A & { lang?: 'en' } {
  const lang = hubTextLang(widgetLanguage);
  return lang ? { ...attrs, lang } : attrs;
}

/** An element holding text from the hub, marked with its language. */
export function hubText<K extends keyof HTMLElementTagNameMap>(widgetLanguage: Language, tag: K, text: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  return h(tag, withHubTextLang(widgetLanguage, attrs), text);
}

/**
 * Fills a template's `{name}` placeholders with parts that may be nodes, so that one value
 * (the hub's words) can be its own element inside a translated sentence. Empty pieces are dropped.
 */
export function fillTemplate<T>(template: string, values: Record<string, string | number | T>): Array<string | T> {
  const parts: Array<string | T> = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1]!;
    if (!(name in values)) continue;
    if (match.index! > last) parts.push(template.slice(last, match.index));
    const value = values[name]!;
    parts.push(typeof value === 'number' ? String(value) : value);
    last = match.index! + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts.filter((p) => p !== '');
}
