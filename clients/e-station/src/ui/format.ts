import type { Language } from '../strings/index.js';

export function formatMoney(language: Language, amount: string | null | undefined, currency = 'CNY'): string {
  if (amount === null || amount === undefined) return '—';
  const value = Number(amount);
  if (Number.isNaN(value)) return amount;
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(value);
}

export function formatDate(language: Language, iso: string | null | undefined, withTime = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(d);
}
