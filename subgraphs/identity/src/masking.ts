import type { Caller } from '@fengqiao/subgraph-kit';
import type { IdentityDocumentType } from './identity-numbers.js';

/**
 * How much of a party's personal data a caller sees, by role and by relation: whether the
 * caller's body (court, mediation organisation, arbitration institution) handles one of the
 * party's disputes.
 *
 * - FULL: the party itself; admins; a court handling one of the party's disputes. Reads by
 *   anyone but the party are logged, with the purpose (the dispute, or administration).
 * - PARTIAL: mediators, mediation organisations and arbitrators handling one of the party's
 *   disputes: the birth date in a resident ID number (positions 7–14) and the middle of other
 *   numbers, phones, e-mails and addresses are hidden.
 * - MINIMAL: everyone else — platforms, the other party, and courts or mediators with no
 *   dispute of this party: the last four characters only.
 *
 * No national standard fixes a masking pattern; this follows the domain brief: the birth
 * date is hidden from everyone who does not need it, low-privilege roles see the last four.
 */
export type AccessLevel = 'FULL' | 'PARTIAL' | 'MINIMAL';

/** What a caller may see of one party, and why: the purpose written to the access log. */
export interface Access {
  level: AccessLevel;
  /** Null for the party itself and for masked reads, which are not logged. */
  purpose: string | null;
}

export function isSelf(caller: Caller, partyId: string): boolean {
  return caller.role === 'party' && caller.sub === partyId;
}

/** The roles whose access depends on handling one of the party's disputes. */
export function accessNeedsRelation(caller: Caller): boolean {
  return caller.org !== null && ['court', 'mediator', 'mediation_org', 'arbitrator'].includes(caller.role);
}

/** `handledDisputeId`: a dispute of the party that the caller's body handles, if any. */
export function accessOf(caller: Caller, partyId: string, handledDisputeId: string | null = null): Access {
  if (isSelf(caller, partyId)) return { level: 'FULL', purpose: null };
  switch (caller.role) {
    case 'admin':
      return { level: 'FULL', purpose: 'administration' };
    case 'court':
      return handledDisputeId ? { level: 'FULL', purpose: `handling dispute ${handledDisputeId}` } : { level: 'MINIMAL', purpose: null };
    case 'mediator':
    case 'mediation_org':
    case 'arbitrator':
      return { level: handledDisputeId ? 'PARTIAL' : 'MINIMAL', purpose: null };
    default:
      return { level: 'MINIMAL', purpose: null };
  }
}

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** Everything but the last four characters replaced by '*'. */
export function keepLastFour(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return stars(chars.length);
  return stars(chars.length - 4) + chars.slice(-4).join('');
}

/** The first and last third kept, the middle third replaced by '*'. */
export function hideMiddle(value: string): string {
  const chars = [...value];
  const keep = Math.max(1, Math.floor(chars.length / 3));
  if (chars.length <= 2) return stars(chars.length);
  return chars.slice(0, keep).join('') + stars(chars.length - 2 * keep) + chars.slice(chars.length - keep).join('');
}

export function maskIdNumber(idType: IdentityDocumentType, value: string, level: AccessLevel): string {
  if (level === 'FULL') return value;
  if (level === 'MINIMAL') return keepLastFour(value);
  if (idType === 'RESIDENT_ID' && value.length === 18) return value.slice(0, 6) + stars(8) + value.slice(14);
  return hideMiddle(value);
}

/** 13812341234 → 138****1234 (PARTIAL) or *******1234 (MINIMAL). */
export function maskPhone(value: string, level: AccessLevel): string {
  if (level === 'FULL') return value;
  if (level === 'MINIMAL') return keepLastFour(value);
  const chars = [...value];
  if (chars.length <= 7) return keepLastFour(value);
  // International numbers keep their country code (+852…), mainland numbers their carrier prefix.
  const head = value.startsWith('+') ? Math.min(4, chars.length - 4) : 3;
  return chars.slice(0, head).join('') + stars(chars.length - head - 4) + chars.slice(-4).join('');
}

/** lina@example.cn → l***@example.cn at both masked levels. */
export function maskEmail(value: string, level: AccessLevel): string {
  if (level === 'FULL') return value;
  const at = value.lastIndexOf('@');
  if (at <= 0) return keepLastFour(value);
  return `${[...value][0]}***${value.slice(at)}`;
}

/**
 * Province and city kept, the rest masked: 浙江省义乌市稠城街道工人北路1号 → 浙江省义乌市****.
 * Addresses that do not follow the Chinese pattern keep only their last comma-separated
 * part (usually the city or country).
 */
const PROVINCE_CITY = /^((?:[^省市]{2,}?(?:省|自治区))?[^省市]{1,}?(?:特别行政区|自治州|地区|市|盟))/u;

export function maskPostalAddress(value: string, level: AccessLevel): string {
  if (level === 'FULL') return value;
  const m = PROVINCE_CITY.exec(value);
  if (m && m[1]!.length < value.length) return `${m[1]}****`;
  const comma = Math.max(value.lastIndexOf(','), value.lastIndexOf('，'));
  if (comma > 0) return `****${value.slice(comma)}`;
  return '****';
}

export type ChannelKind = 'MOBILE' | 'EMAIL' | 'IN_APP' | 'POSTAL';

export function maskChannelValue(kind: ChannelKind, value: string, level: AccessLevel): string {
  switch (kind) {
    case 'MOBILE':
      return maskPhone(value, level);
    case 'EMAIL':
      return maskEmail(value, level);
    case 'POSTAL':
      return maskPostalAddress(value, level);
    case 'IN_APP':
      return level === 'FULL' ? value : level === 'PARTIAL' ? hideMiddle(value) : keepLastFour(value);
  }
}
