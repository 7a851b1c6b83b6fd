import { DEMO } from '@fengqiao/subgraph-kit';
import { competentCourt, isInternetCourtCategory, PROVISIONS_2025_IN_FORCE, type Category, type CourtInfo } from '../src/jurisdiction.js';
import { referenceCourts } from '../src/seed.js';

const C = DEMO.courts;
const courts: CourtInfo[] = referenceCourts.map((c) => ({
  id: c.id, level: c.level, isInternetCourt: c.isInternetCourt ?? false, hearsPatentCases: c.hearsPatentCases ?? false, region: c.region,
}));
const NOW = new Date('2026-11-23T10:00:00+08:00');
const BEFORE_2025 = new Date('2025-10-31T23:00:00+08:00');
const decide = (category: Category, regionCode: string, extra: { internetRelated?: boolean; filedAt?: Date } = {}) =>
  competentCourt({ category, regionCode, filedAt: extra.filedAt ?? NOW, internetRelated: extra.internetRelated }, courts);

describe('competentCourt', () => {
  test.each([
    // Patent disputes never go to a basic court (seed 001 §3.2).
    ['PATENT', '440115', C.guangzhouIp],
    ['PATENT', '440106', C.guangzhouIp],
    ['PATENT', '330782', C.hangzhouIntermediate],
    ['PATENT', '330106', C.hangzhouIntermediate],
    // Internet-related cases in the three cities go to the Internet court.
    ['CONSUMER_PURCHASE', '440115', C.guangzhouInternet],
    ['ONLINE_SERVICE', '110105', C.beijingInternet],
    ['CONSUMER_PURCHASE', '330106', C.hangzhouInternet],
    ['UNFAIR_COMPETITION', '440115', C.guangzhouInternet],
    // Elsewhere, and for other categories, the basic court of the region.
    ['CONSUMER_PURCHASE', '330782', C.yiwu],
    ['CONTRACT', '440115', C.nansha],
    ['TRADEMARK', '440115', C.nansha],
    ['CONTRACT', '330782', C.yiwu],
    // Since 2025-11-01 online loans and online copyright are no longer for the Internet courts.
    ['FINANCIAL_LOAN', '440115', C.nansha],
    ['COPYRIGHT', '440115', C.nansha],
  ] as [Category, string, string][])('%s in %s → %s', (category, region, courtId) => {
    const d = decide(category, region);
    expect(d).toMatchObject({ ok: true, courtId });
  });

  test('before 2025-11-01 the 2018 list applied: online loans and online copyright went to the Internet court', () => {
    expect(decide('FINANCIAL_LOAN', '440115', { filedAt: BEFORE_2025 })).toMatchObject({ ok: true, courtId: C.guangzhouInternet, basis: 'INTERNET_COURT' });
    expect(decide('COPYRIGHT', '110105', { filedAt: BEFORE_2025 })).toMatchObject({ ok: true, courtId: C.beijingInternet });
    // …and online unfair competition did not.
    expect(decide('UNFAIR_COMPETITION', '440115', { filedAt: BEFORE_2025 })).toMatchObject({ ok: true, courtId: C.nansha });
    expect(isInternetCourtCategory('FINANCIAL_LOAN', new Date(PROVISIONS_2025_IN_FORCE.getTime() - 1))).toBe(true);
    expect(isInternetCourtCategory('FINANCIAL_LOAN', PROVISIONS_2025_IN_FORCE)).toBe(false);
  });

  test('a dispute that did not arise online stays with the basic court', () => {
    expect(decide('CONSUMER_PURCHASE', '440115', { internetRelated: false })).toMatchObject({ ok: true, courtId: C.nansha, basis: 'BASIC_COURT' });
    expect(decide('OTHER', '440115', { internetRelated: true })).toMatchObject({ ok: true, courtId: C.nansha });
  });

  test('the Internet court cites the provisions in force', () => {
    const d = decide('CONSUMER_PURCHASE', '440115');
    expect(d.ok && d.explanation).toContain('法释〔2025〕14号');
    const old = decide('CONSUMER_PURCHASE', '440115', { filedAt: BEFORE_2025 });
    expect(old.ok && old.explanation).toContain('法释〔2018〕16号');
  });

  test.each([
    ['CONTRACT', '650102', 'No basic court'],
    ['PATENT', '650102', 'patent'],
    ['CONTRACT', '44011', 'six-digit'],
    ['CONTRACT', '000000', 'six-digit'],
  ] as [Category, string, string][])('%s in %s has no competent court on the hub', (category, region, words) => {
    const d = decide(category, region);
    expect(d.ok).toBe(false);
    expect(d.explanation).toContain(words);
  });

  test('a basic court is never chosen for a patent dispute, whatever courts are listed', () => {
    const onlyBasic = courts.filter((c) => c.level === 'BASIC').map((c) => ({ ...c, hearsPatentCases: true }));
    expect(competentCourt({ category: 'PATENT', regionCode: '440115', filedAt: NOW }, onlyBasic).ok).toBe(false);
  });
});
