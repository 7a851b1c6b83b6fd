import { desiredModel, NEUTRAL_RATING, preferredRegions, rankMediators, scoreMediator, WEIGHTS, type RankableMediator } from '../src/mediator-ranking.js';

const base: RankableMediator = { id: 'm_base', expertise: [], languages: [], model: 'EVALUATIVE', region: 'Nowhere', rating: null, ratingsCount: 0 };
const m = (id: string, over: Partial<RankableMediator>): RankableMediator => ({ ...base, id, ...over });
const none = new Map<string, number>();
const ids = (r: { mediator: { id: string } }[]) => r.map((x) => x.mediator.id);

describe('mediator ranking', () => {
  test('expertise in the case category is the heaviest factor', () => {
    const expert = m('expert', { expertise: ['TRADEMARK'] });
    const polyglot = m('polyglot', { languages: ['Mandarin'], model: 'FACILITATIVE', region: 'Guangzhou', rating: 5, ratingsCount: 10 });
    const ranked = rankMediators([polyglot, expert], { category: 'TRADEMARK' }, none);
    expect(ids(ranked)).toEqual(['expert', 'polyglot']);
    expect(ranked[0]!.reasons).toContain('Experienced in TRADEMARK disputes');
  });

  test('the requested language counts, case-insensitively', () => {
    const a = m('a', { languages: ['Cantonese'] });
    const b = m('b', { languages: ['Mandarin'] });
    const ranked = rankMediators([b, a], { category: 'CONTRACT', language: 'cantonese' }, none);
    expect(ids(ranked)).toEqual(['a', 'b']);
    expect(ranked[0]!.score - ranked[1]!.score).toBe(WEIGHTS.language);
    expect(ranked[1]!.reasons).toContain('Does not list cantonese among their languages');
  });

  test('a party from Hong Kong or Macao favours facilitative mediation', () => {
    const fac = m('fac', { model: 'FACILITATIVE' });
    const eva = m('eva', { model: 'EVALUATIVE' });
    expect(desiredModel({ category: 'X', respondentJurisdiction: 'MACAO' })).toMatchObject({ model: 'FACILITATIVE' });
    expect(desiredModel({ category: 'X', claimantJurisdiction: 'MAINLAND', respondentJurisdiction: 'MAINLAND' })).toBeNull();
    expect(ids(rankMediators([eva, fac], { category: 'X', claimantJurisdiction: 'HONG_KONG' }, none))).toEqual(['fac', 'eva']);
    const top = rankMediators([eva, fac], { category: 'X', respondentJurisdiction: 'MACAO' }, none)[0]!;
    expect(top.reasons.join(' ')).toMatch(/facilitative mediation, favoured by a party from Macao/);
    // Mainland parties without a preference: the model does not count either way.
    const mainland = rankMediators([eva, fac], { category: 'X', claimantJurisdiction: 'MAINLAND' }, none);
    expect(mainland[0]!.score).toBe(mainland[1]!.score);
  });

  test("the referral's explicit model preference wins over the parties' jurisdiction", () => {
    const fac = m('fac', { model: 'FACILITATIVE' });
    const eva = m('eva', { model: 'EVALUATIVE' });
    expect(ids(rankMediators([fac, eva], { category: 'X', preferredModel: 'EVALUATIVE', claimantJurisdiction: 'HONG_KONG' }, none))).toEqual(['eva', 'fac']);
  });

  test("region: a cross-border party's region, then the case's own region", () => {
    expect(preferredRegions({ category: 'X', claimantJurisdiction: 'HONG_KONG', caseRegion: 'Guangzhou' })).toEqual(['Hong Kong', 'Guangzhou']);
    const hk = m('hk', { region: 'Hong Kong' });
    const sz = m('sz', { region: 'Shenzhen' });
    const ranked = rankMediators([sz, hk], { category: 'X', claimantJurisdiction: 'HONG_KONG' }, none);
    expect(ids(ranked)).toEqual(['hk', 'sz']);
    expect(ranked[0]!.reasons).toContain('Based in Hong Kong');
    expect(ids(rankMediators([hk, sz], { category: 'X', caseRegion: 'shenzhen' }, none))).toEqual(['sz', 'hk']);
  });

  test('a lower current load ranks higher, other things equal', () => {
    const busy = m('busy', {});
    const free = m('free', {});
    const ranked = rankMediators([busy, free], { category: 'X' }, new Map([['busy', 3]]));
    expect(ids(ranked)).toEqual(['free', 'busy']);
    expect(ranked[0]).toMatchObject({ activeCases: 0, reasons: expect.arrayContaining(['No open cases']) });
    expect(ranked[1]).toMatchObject({ activeCases: 3, reasons: expect.arrayContaining(['3 open cases']) });
  });

  test('a higher rating ranks higher; an unrated mediator counts as neutral', () => {
    const good = m('good', { rating: 4.8, ratingsCount: 21 });
    const poor = m('poor', { rating: 2.1, ratingsCount: 9 });
    const fresh = m('fresh', {});
    const ranked = rankMediators([poor, fresh, good], { category: 'X' }, none);
    expect(ids(ranked)).toEqual(['good', 'fresh', 'poor']);
    expect(scoreMediator(fresh, { category: 'X' }, 0).score).toBe(WEIGHTS.load + WEIGHTS.ratingPerStar * NEUTRAL_RATING);
    expect(ranked[0]!.reasons).toContain('Rated 4.8 by 21 parties');
    expect(ranked[1]!.reasons).toContain('Not rated yet');
  });

  test('ties are broken by rating, then load, then id; `first` limits the list', () => {
    const a = m('a', {});
    const b = m('b', {});
    const c = m('c', {});
    expect(ids(rankMediators([c, b, a], { category: 'X' }, none))).toEqual(['a', 'b', 'c']);
    expect(ids(rankMediators([c, b, a], { category: 'X' }, none, 2))).toEqual(['a', 'b']);
    expect(rankMediators([a], { category: 'X' }, none, 0)).toEqual([]);
  });

  test('the factors add up', () => {
    const all = m('all', { expertise: ['CONTRACT'], languages: ['Portuguese'], model: 'FACILITATIVE', region: 'Macao', rating: 5, ratingsCount: 1 });
    const r = scoreMediator(all, { category: 'CONTRACT', language: 'Portuguese', respondentJurisdiction: 'MACAO' }, 1);
    expect(r.score).toBe(WEIGHTS.expertise + WEIGHTS.language + WEIGHTS.model + WEIGHTS.region + WEIGHTS.load / 2 + WEIGHTS.ratingPerStar * 5);
    expect(r.reasons).toHaveLength(6);
  });
});
