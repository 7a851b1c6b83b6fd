import { legalRules } from '@fengqiao/subgraph-kit';

/**
 * Which court is competent for a first-instance civil case filed on the hub. Pure: it
 * decides from the case's category, the region and the list of courts it is given, so it is
 * unit-tested without a database.
 *
 * Rules, in order:
 *
 * 1. PATENT disputes go to a court that may hear first-instance patent cases (an IP court
 *    or a designated intermediate court) — never a basic court: basic courts hear trademark
 *    and copyright disputes but not patents (seed 001 §3.2; SPC Provisions on the
 *    Jurisdiction of IP Cases, 法释〔2022〕13号, art. 1). Among the hub's courts we take a
 *    patent court in the same city, else in the same province. This is an approximation:
 *    the real designation is province by province (e.g. the Guangzhou IP Court hears patent
 *    cases from most of Guangdong).
 *
 * 2. Internet-related cases arising in Beijing, Hangzhou or Guangzhou go to that city's
 *    Internet court, which has centralised jurisdiction over them in place of the basic courts.
 *    Which cases are "internet-related" depends on the filing date (verified against the
 *    published texts; the mapping of the hub's categories onto them is ours):
 *    - SPC Provisions on Several Issues Concerning the Trial of Cases by Internet Courts
 *      (法释〔2018〕16号) art. 2, for cases filed before 2025-11-01: online shopping
 *      contracts via e-commerce platforms (1), online service contracts (2), financial and
 *      small loans contracted and performed online (3), copyright of works first published
 *      online (4) or infringed online (5), domain names (6), online infringement of personal
 *      or property rights (7), product liability for goods bought on e-commerce platforms (8),
 *      internet public-interest suits (9), administrative cases on internet regulation (10),
 *      others designated (11).
 *    - SPC Provisions on the Jurisdiction of Internet Courts (法释〔2025〕14号) art. 1, in
 *      force 2025-11-01, replaces that list: it adds online data, personal information and
 *      privacy, virtual property and online unfair competition, and removes online financial
 *      and small loans and online copyright (those go back to the basic courts under the
 *      ordinary rules). Online shopping and online service contracts stay.
 *    Uncertainty: the hub's categories are coarser than either list (a COPYRIGHT dispute may
 *    or may not concern a work published online; UNFAIR_COMPETITION may or may not be
 *    online), so the caller says whether a case is internet-related and we default by
 *    category. Product liability (2018 item 8) has no category of its own here; under the
 *    2025 text we could not confirm whether it stayed, so CONSUMER_PURCHASE is treated as
 *    an online shopping contract (item 6 of 2025 / item 1 of 2018), which both lists keep.
 *
 * 3. Otherwise the basic (non-Internet) court of the region given (a county-level GB/T 2260
 *    code such as 330782). The hub knows only the courts it seeds; a region without one of
 *    them is refused, not guessed.
 */

export type Category =
  | 'CONSUMER_PURCHASE' | 'ONLINE_SERVICE' | 'TRADEMARK' | 'COPYRIGHT' | 'PATENT'
  | 'UNFAIR_COMPETITION' | 'CONTRACT' | 'FINANCIAL_LOAN' | 'OTHER';

export interface CourtInfo {
  id: string;
  level: 'SUPREME' | 'HIGH' | 'INTERMEDIATE' | 'BASIC';
  isInternetCourt: boolean;
  hearsPatentCases: boolean;
  /** GB/T 2260 code of the division the court sits in. */
  region: string;
}

export interface JurisdictionQuery {
  category: Category;
  /** GB/T 2260 code of the region the case belongs to (the respondent's domicile, where the contract was performed…). */
  regionCode: string;
  /** Whether the dispute arose on the internet; when absent, defaulted by category (see `isInternetRelated`). */
  internetRelated?: boolean | null;
  /** The filing date: it decides which Internet-court list applies. */
  filedAt: Date;
}

export type JurisdictionDecision =
  | { ok: true; courtId: string; basis: 'PATENT_COURT' | 'INTERNET_COURT' | 'BASIC_COURT'; explanation: string }
  | { ok: false; explanation: string };

/** 法释〔2025〕14号 takes effect on 1 November 2025 (China Standard Time). */
export const PROVISIONS_2025_IN_FORCE = new Date('2025-11-01T00:00:00+08:00');

/** The cities with an Internet court: GB/T 2260 prefix → city name. Beijing is a municipality (11). */
const INTERNET_COURT_CITIES: readonly [prefix: string, city: string][] = [
  ['11', 'Beijing'],
  ['3301', 'Hangzhou'],
  ['4401', 'Guangzhou'],
];

/** Categories the hub treats as internet-related unless told otherwise: its disputes come from online platforms. */
const ONLINE_BY_DEFAULT: ReadonlySet<Category> = new Set(['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'FINANCIAL_LOAN', 'COPYRIGHT', 'UNFAIR_COMPETITION']);

/** Categories on the Internet courts' list when the case is internet-related, by the text in force. */
const INTERNET_CATEGORIES_2018: ReadonlySet<Category> = new Set(['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'FINANCIAL_LOAN', 'COPYRIGHT']);
const INTERNET_CATEGORIES_2025: ReadonlySet<Category> = new Set(['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'UNFAIR_COMPETITION']);

export function isInternetRelated(category: Category, explicit?: boolean | null): boolean {
  return explicit ?? ONLINE_BY_DEFAULT.has(category);
}

/** Whether an internet-related case of this category goes to an Internet court on `filedAt`. */
export function isInternetCourtCategory(category: Category, filedAt: Date): boolean {
  return (filedAt >= PROVISIONS_2025_IN_FORCE ? INTERNET_CATEGORIES_2025 : INTERNET_CATEGORIES_2018).has(category);
}

export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.startsWith('00');
}

function sharedPrefix(a: string, b: string): number {
  if (a.slice(0, 4) === b.slice(0, 4) && !b.endsWith('0000')) return 4;
  return a.slice(0, 2) === b.slice(0, 2) ? 2 : 0;
}

/** Decides the competent court; `{ ok: false }` when none of `courts` is. */
export function competentCourt(query: JurisdictionQuery, courts: readonly CourtInfo[]): JurisdictionDecision {
  const region = query.regionCode;
  if (!isRegionCode(region)) return { ok: false, explanation: `${region} is not a six-digit GB/T 2260 division code` };

  if (query.category === 'PATENT') {
    const candidates = courts
      .filter((c) => c.hearsPatentCases && c.level !== 'BASIC')
      .map((c) => ({ c, score: sharedPrefix(region, c.region) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.c.id.localeCompare(b.c.id));
    const best = candidates[0];
    if (!best) return { ok: false, explanation: `No court on the hub hears first-instance patent disputes for region ${region}; basic courts may not` };
    return { ok: true, courtId: best.c.id, basis: 'PATENT_COURT', explanation: 'Patent disputes are heard by an IP court or designated intermediate court, not a basic court' };
  }

  if (isInternetRelated(query.category, query.internetRelated) && isInternetCourtCategory(query.category, query.filedAt)) {
    const city = INTERNET_COURT_CITIES.find(([prefix]) => region.startsWith(prefix));
    if (city) {
      const court = courts.find((c) => c.isInternetCourt && c.region.startsWith(city[0]));
      if (court) {
        const text = query.filedAt >= PROVISIONS_2025_IN_FORCE ? '法释〔2025〕14号 art. 1' : '法释〔2018〕16号 art. 2';
        return { ok: true, courtId: court.id, basis: 'INTERNET_COURT', explanation: `Internet-related ${query.category} cases in ${city[1]} go to its Internet court (${text})` };
      }
    }
  }

  const basic = courts.find((c) => c.level === 'BASIC' && !c.isInternetCourt && c.region === region);
  if (!basic) return { ok: false, explanation: `No basic court on the hub for region ${region}` };
  return { ok: true, courtId: basic.id, basis: 'BASIC_COURT', explanation: `The basic court of region ${region}` };
}

const JURISDICTION_TESTS = 'subgraphs/courts/tests/jurisdiction.test.ts';

export const JURISDICTION_RULES = legalRules([
  {
    id: 'PATENT_CASES_NOT_AT_BASIC_COURTS', instrument: 'SPC Provisions on the Jurisdiction of Intellectual Property Cases (法释〔2022〕13号)', article: 'art. 1',
    hubDoes: 'A patent dispute goes to an IP court or a designated intermediate court of the city, else the province; never to a basic court.',
    verify: 'each province\'s designation of patent courts (the hub approximates it by city and province)',
    test: { file: JURISDICTION_TESTS, name: 'a basic court is never chosen for a patent dispute' },
  },
  {
    id: 'INTERNET_COURT_LIST_2018', instrument: 'SPC Provisions on Several Issues Concerning the Trial of Cases by Internet Courts (法释〔2018〕16号)', article: 'art. 2',
    hubDoes: 'For cases filed before 1 November 2025, internet-related online shopping, online service, online loan and online copyright cases in Beijing, Hangzhou and Guangzhou go to the Internet court.',
    test: { file: JURISDICTION_TESTS, name: 'before 2025-11-01 the 2018 list applied' },
  },
  {
    id: 'INTERNET_COURT_LIST_2025', instrument: 'SPC Provisions on the Jurisdiction of Internet Courts (法释〔2025〕14号)', article: 'art. 1',
    hubDoes: 'From 1 November 2025, online shopping, online service and online unfair-competition cases go to the Internet court; online loans and copyright go back to the basic courts.',
    verify: 'whether product liability for goods bought online stayed on the 2025 list',
    test: { file: JURISDICTION_TESTS, name: 'the Internet court cites the provisions in force' },
  },
]);
