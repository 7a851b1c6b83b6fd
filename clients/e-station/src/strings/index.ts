import { en, type StringKey, type Strings } from './en.js';
import { zhHans } from './zh-Hans.js';
import { zhHant } from './zh-Hant.js';

export type { StringKey, Strings };
export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-Hans';

export const STRINGS: Record<Language, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

/**
 * The language for a `lang` attribute: exact matches first, then the usual aliases
 * (zh-CN/zh-SG → Simplified, zh-TW/zh-HK/zh-MO → Traditional, en-* → English).
 */
export function resolveLanguage(lang: string | null | undefined): Language {
  const value = (lang ?? '').trim().toLowerCase();
  if (!value) return DEFAULT_LANGUAGE;
  if (value === 'en' || value.startsWith('en-')) return 'en';
  if (value.startsWith('zh-hant') || ['zh-tw', 'zh-hk', 'zh-mo'].includes(value)) return 'zh-Hant';
  return DEFAULT_LANGUAGE;
}

/** Replaces `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** A translator bound to one language. */
export function translator(language: Language) {
  const strings = STRINGS[language];
  return (key: StringKey, values?: Record<string, string | number>) => format(strings[key], values);
}
export type Translate = ReturnType<typeof translator>;

/** Keys built from enum values, e.g. `status_${status}`; falls back to the raw value. */
export function tDynamic(t: Translate, key: string, fallback: string): string {
  return key in en ? t(key as StringKey) : fallback;
}
