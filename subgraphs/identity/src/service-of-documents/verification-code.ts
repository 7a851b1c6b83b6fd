import { randomInt } from 'node:crypto';

/**
 * The anti-scam code printed in every message of a service (DOMAIN.md: phone contact from
 * mediators looks like a scam). Read aloud or typed from an SMS, so the alphabet leaves out
 * the look-alikes 0/O and 1/I/L (and U, as Crockford's base 32 does); ten random characters
 * from 30 give about 49 bits, too many to guess a live code, and groups of five are easy to
 * copy. `FQ` (Fengqiao) tells
 * the reader where to check it.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 10;
const PREFIX = 'FQ';

export function newVerificationCode(): string {
  let body = '';
  for (let i = 0; i < RANDOM_CHARS; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${PREFIX}-${body.slice(0, 5)}-${body.slice(5)}`;
}

/**
 * The stored form of a code as someone typed it: case, spaces and dashes do not matter, nor
 * does leaving out the `FQ`. Null when it cannot be a code at all (so it is unknown).
 */
export function normalizeVerificationCode(typed: string): string | null {
  if (typed.length > 64) return null;
  let body = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  if (body.length === PREFIX.length + RANDOM_CHARS && body.startsWith(PREFIX)) body = body.slice(PREFIX.length);
  if (body.length !== RANDOM_CHARS || [...body].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${PREFIX}-${body.slice(0, 5)}-${body.slice(5)}`;
}
