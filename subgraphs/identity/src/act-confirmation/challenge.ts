import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { defineLifecycle, type LegalAct } from '@fengqiao/subgraph-kit';
import type { ActConfirmationRow, ContactChannelRow, ServiceAddressRow } from '../db/schema.js';

/**
 * The one-time code that lets a party confirm a legal act itself (docs/step-up.md): six
 * digits, as SMS codes are everywhere, typed from a phone. Five minutes and five wrong tries
 * leave a guesser one chance in 200,000 per code; the per-party request limit bounds the codes.
 */
export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_FAILED_ATTEMPTS = 5;

type Status = ActConfirmationRow['status'];

/** PENDING until the right code (CONFIRMED) or the fifth wrong one (LOCKED); either is final. Expiry is a matter of time, not a state. */
export const challengeLifecycle = defineLifecycle<Status, 'confirm' | 'lock'>('confirmation code', {
  confirm: { from: ['PENDING'], to: 'CONFIRMED' },
  lock: { from: ['PENDING'], to: 'LOCKED' },
});

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/**
 * What the table keeps instead of the code: an HMAC under a key that is not in the database,
 * over the challenge id and the code, so a copy of the table gives no code away (a million
 * six-digit codes are hashed in a second without the key) and a hash cannot be moved to another challenge.
 */
export function codeHash(key: Buffer, challengeId: string, code: string): string {
  return createHmac('sha256', key).update(`${challengeId}\u0000${code}`, 'utf8').digest('hex');
}

export function codeMatches(key: Buffer, row: Pick<ActConfirmationRow, 'id' | 'codeHash'>, code: string): boolean {
  const given = Buffer.from(codeHash(key, row.id, code), 'hex');
  const stored = Buffer.from(row.codeHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export interface CodeDestination {
  channel: 'MOBILE' | 'IN_APP';
  address: string;
  /** The registration mobile: a right code verifies it. */
  contactChannelId: string | null;
}

/**
 * Where a party's code goes, in order of preference:
 *
 * 1. the mobile the party confirmed as a service address (it signed it as its own);
 * 2. its hub inbox, when it confirmed the in-app channel;
 * 3. a mobile given at registration that is already verified (demo parties, or verified by an earlier code);
 * 4. for confirming service addresses only, the mobile given at registration even unverified:
 *    a party's first confirmation has nothing better, and the code itself verifies the number.
 *
 * E-mail and post are never used: a code must arrive within its five minutes, on a channel
 * the party holds. Empty when the party has none of these.
 */
export function codeDestinations(act: LegalAct, addresses: readonly ServiceAddressRow[], contacts: readonly ContactChannelRow[]): CodeDestination[] {
  const out: CodeDestination[] = [];
  const confirmed = (channel: 'MOBILE' | 'IN_APP') => addresses.find((a) => a.channel === channel);
  const mobile = confirmed('MOBILE');
  if (mobile) out.push({ channel: 'MOBILE', address: mobile.address, contactChannelId: null });
  const inbox = confirmed('IN_APP');
  if (inbox) out.push({ channel: 'IN_APP', address: inbox.address, contactChannelId: null });
  // Newest first: a party registered again with a new number is reached there.
  const registered = contacts.filter((c) => c.kind === 'MOBILE' && c.source === 'REGISTRATION').reverse();
  for (const c of registered) {
    if (!(c.verified || act === 'CONFIRM_SERVICE_ADDRESSES')) continue;
    if (out.some((d) => d.channel === 'MOBILE' && d.address === c.value)) continue;
    out.push({ channel: 'MOBILE', address: c.value, contactChannelId: c.verified ? null : c.id });
  }
  return out;
}

const ACT_WORDS: Record<LegalAct, { zh: string; en: string }> = {
  SIGN_SETTLEMENT: { zh: '签署调解协议', en: 'signing a mediation settlement agreement' },
  CONFIRM_SERVICE_ADDRESSES: { zh: '确认法律文书送达地址', en: 'confirming your addresses for the service of legal documents' },
  APPLY_FOR_JUDICIAL_CONFIRMATION: { zh: '申请司法确认调解协议', en: 'applying to a court to confirm a settlement agreement' },
};

/** The first characters of a content hash, as messages and the widget show it. */
export const hashPrefix = (contentHash: string) => contentHash.slice(0, 8);

/**
 * The message that carries a code: the act in plain words and the start of its content hash,
 * so the party sees what it confirms, and a warning to keep the code to itself. Nothing the
 * requester typed goes into it (the subject id could carry a forged line).
 */
export function confirmationMessage(act: LegalAct, code: string, contentHash: string): string {
  const words = ACT_WORDS[act];
  const minutes = CODE_TTL_MS / 60_000;
  return [
    `【枫桥】验证码 ${code}，用于${words.zh}（内容摘要 ${hashPrefix(contentHash)}…），${minutes}分钟内有效。请勿告诉任何人；如非本人操作，请忽略。`,
    `[Fengqiao Hub] Code ${code} confirms ${words.en} (content ${hashPrefix(contentHash)}…). Valid ${minutes} minutes. Never share it; if this was not you, ignore this message.`,
  ].join('\n');
}
