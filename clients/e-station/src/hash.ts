/** Browser-side helpers for evidence: SHA-256 in the page, never uploading the bytes. */

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw Object.assign(new Error('crypto.subtle is not available (the page must be served over https or from localhost)'), { code: 'BROWSER' });
  return subtle;
}

/** Lower-case hex SHA-256 of some bytes. */
export async function sha256Hex(data: ArrayBuffer | ArrayBufferView, subtle: SubtleCrypto = subtleCrypto()): Promise<string> {
  const digest = await subtle.digest('SHA-256', data as BufferSource);
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** SHA-256 of a file (or any Blob) chosen in the page. */
export async function sha256OfBlob(blob: Blob, subtle?: SubtleCrypto): Promise<string> {
  return sha256Hex(await blob.arrayBuffer(), subtle);
}

/**
 * The hub's canonical JSON (subgraphs/kit/src/canonical.ts): keys sorted at every depth,
 * arrays in order, undefined left out, no whitespace, strings as JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the canonical JSON's UTF-8 bytes: the content hash the hub binds a confirmation code to. */
export async function canonicalSha256(value: unknown, subtle?: SubtleCrypto): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)), subtle);
}

/** The first characters of a hash, for display. */
export const hashPrefix = (hex: string, length = 12) => hex.slice(0, length);

/** 1234567 → "1.2 MB" (in the widget's language's number format). */
export function formatBytes(bytes: number, locale = 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A media type for the hub: the browser's, else a guess from the extension, else octet-stream. */
export function mediaTypeOf(file: { type?: string; name: string }): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  const known: Record<string, string> = {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
    pdf: 'application/pdf', txt: 'text/plain', mp4: 'video/mp4', mov: 'video/quicktime', mp3: 'audio/mpeg',
    doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  return known[ext] ?? 'application/octet-stream';
}

/** crypto.randomUUID where available (secure contexts), else a v4 UUID from getRandomValues. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Decimal yuan as the hub wants it ("86.00"), or null when the text is not an amount. */
export function parseAmount(text: string): string | null {
  const value = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(value)) return null;
  const [whole, fraction = ''] = value.split('.');
  return `${String(Number(whole))}.${fraction.padEnd(2, '0')}`;
}
