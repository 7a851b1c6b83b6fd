import { badInput } from '@fengqiao/subgraph-kit';
import { currentDivisions, type Division, type DivisionLevel, type DivisionRef } from '../divisions/index.js';
import { GENERIC_NAMES, shortNames } from './short-names.js';

/**
 * Parses mainland Chinese postal addresses, written largest unit first (省 市 区/县, then
 * the street), into GB/T 2260 divisions. Province or city may be left out when what follows
 * identifies it (广州市天河区…, 义乌市…); official names may be shortened (浙江义乌…).
 * Only current divisions are indexed: historical names are reused too often to be safe.
 */

export type { DivisionRef } from '../divisions/index.js';

export interface ParsedAddress {
  province: DivisionRef;
  city: DivisionRef | null;
  county: DivisionRef | null;
  /** the rest: street, number, building */
  detail: string;
}

interface Candidate {
  division: Division;
  /** The official name rather than a short form. */
  official: boolean;
}

interface NameIndex {
  byName: Map<string, Candidate[]>;
  longest: number;
}

let index: NameIndex | undefined;

function nameIndex(): NameIndex {
  if (index) return index;
  const byName = new Map<string, Candidate[]>();
  let longest = 0;
  const put = (name: string, candidate: Candidate): void => {
    const list = byName.get(name);
    if (list) list.push(candidate);
    else byName.set(name, [candidate]);
    longest = Math.max(longest, name.length);
  };
  for (const division of currentDivisions()) {
    if (GENERIC_NAMES.has(division.name)) continue;
    put(division.name, { division, official: true });
    for (const short of shortNames(division.name, division.level)) put(short, { division, official: false });
  }
  return (index = { byName, longest });
}

const RANK: Record<DivisionLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2 };

/** First-level divisions outside the mainland: 台湾 71, 香港 81, 澳门 82. */
const NOT_MAINLAND = new Set(['71', '81', '82']);

/**
 * What may follow a short name when it really is a division: 天河 in 天河路 or 南京 in
 * 南京东路 is a street named after a place, and shortening is where that confusion arises.
 */
const STREET_AFTER_SHORT_NAME = /^(?:[东南西北中]?[路街巷弄里]|大道|大街|号|村|桥)/;

/** Punctuation and spaces between the parts (全角 forms are folded by NFKC first). */
const SEPARATORS = /^[\s,，、;；:：.。/|-]+/;

interface Found {
  province: DivisionRef | null;
  city: DivisionRef | null;
  county: DivisionRef | null;
}

function inScope(division: Division, found: Found): boolean {
  if (found.county) return false;
  if (found.city) return division.level === 'COUNTY' && division.city?.code === found.city.code;
  if (found.province) return division.level !== 'PROVINCE' && division.province.code === found.province.code;
  return true;
}

/**
 * The division named at `at`: the longest name that fits what is already known. Among
 * candidates of that length the highest level wins (吉林 the province over 吉林 the city);
 * several at that level are ambiguous (朝阳区 in 北京 and in 长春), and then nothing is
 * chosen, and nothing shorter either, because a shorter match would be a guess.
 */
function matchAt(text: string, at: number, found: Found): { candidate: Candidate; length: number } | 'ambiguous' | null {
  const { byName, longest } = nameIndex();
  for (let length = Math.min(longest, text.length - at); length >= 2; length--) {
    const name = text.slice(at, at + length);
    const candidates = byName.get(name)?.filter(
      (c) => inScope(c.division, found) && (c.official || !STREET_AFTER_SHORT_NAME.test(text.slice(at + length))),
    );
    if (!candidates?.length) continue;
    const top = Math.min(...candidates.map((c) => RANK[c.division.level]));
    const best = candidates.filter((c) => RANK[c.division.level] === top);
    const distinct = new Set(best.map((c) => c.division.code));
    return distinct.size === 1 ? { candidate: best[0]!, length } : 'ambiguous';
  }
  return null;
}

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/^(?:邮编|邮政编码)?[:：]?\s*\d{6}(?!\d)/, '')
    .replace(/\s+\d{6}$/, '')
    .trim()
    .replace(/^(?:中华人民共和国|中国)/, '');
}

function parse(text: string): ParsedAddress | 'not-mainland' | null {
  const input = normalise(text);
  const found: Found = { province: null, city: null, county: null };
  let at = 0;
  for (;;) {
    at += SEPARATORS.exec(input.slice(at))?.[0].length ?? 0;
    // Municipalities are often written 北京市市辖区朝阳区: the grouping adds nothing.
    if (found.province && !found.city && input.startsWith('市辖区', at)) at += 3;
    const match = matchAt(input, at, found);
    if (match === null || match === 'ambiguous') break;
    const { division } = match.candidate;
    found.province = division.province;
    found.city = division.city ?? found.city;
    found.county = division.county;
    at += match.length;
    if (found.county) break;
  }
  if (!found.province) return null;
  if (NOT_MAINLAND.has(found.province.code.slice(0, 2))) return 'not-mainland';
  const detail = input.slice(at).replace(SEPARATORS, '').trim();
  return { province: found.province, city: found.city, county: found.county, detail };
}

export function tryParsePostalAddress(text: string): ParsedAddress | null {
  const parsed = parse(text);
  return parsed === 'not-mainland' ? null : parsed;
}

export function parsePostalAddress(text: string): ParsedAddress {
  const parsed = parse(text);
  if (parsed === 'not-mainland') {
    throw badInput('address: only mainland addresses can be placed in a division; Hong Kong, Macao and Taiwan addresses cannot', {
      field: 'address', rule: 'ADDRESS_UNRECOGNISED',
    });
  }
  if (!parsed) {
    throw badInput('address: no province, city or county could be recognised at the start of the address; write it as 省 市 区/县 followed by the street, e.g. 浙江省义乌市稠城街道工人北路1号', {
      field: 'address', rule: 'ADDRESS_UNRECOGNISED',
    });
  }
  return parsed;
}
