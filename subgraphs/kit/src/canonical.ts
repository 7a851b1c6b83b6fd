import { createHash } from 'node:crypto';

/**
 * Recursively key-sorted JSON without whitespace: the same content always gives the same
 * bytes. Object keys are sorted by UTF-16 code units (JavaScript's default order), keys whose
 * value is `undefined` are left out, arrays keep their order, and strings and numbers are
 * written as `JSON.stringify` writes them. Browsers write the same, so a page can hash
 * content with WebCrypto and get the hub's answer (clients/e-station/src/hash.ts).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (lower-case hex) of the UTF-8 bytes of `canonicalJson(value)`. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
