import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Time-ordered, prefixed ids (`dsp_01j…`): the prefix says what an id names when it turns
 * up in a log or a support ticket, and time order keeps keyset pagination stable.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = Array.from(randomBytes(10), (b) => ALPHABET[b % 32]).join('');
  return `${prefix}_${time}${random}`;
}

/**
 * What a hub id looks like: a three-letter prefix, then lower-case letters, digits and
 * underscores (`newId`'s, and the demo data's `pty_demo_buyer_lina`). Where an id arrives
 * outside GraphQL (the widget-token exchange), anything else is refused before a look-up.
 */
export const HUB_ID = /^[a-z]{3}_[a-z0-9_]{1,64}$/;
