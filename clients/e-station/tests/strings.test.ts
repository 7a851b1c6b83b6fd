import { en } from '../src/strings/en.js';
import { format, LANGUAGES, placeholders, resolveLanguage, STRINGS } from '../src/strings/index.js';
import { CATEGORIES, TRACKS } from '../src/types.js';

const keys = Object.keys(en).sort();

test.each(LANGUAGES)('%s has every key, no extra ones, and the same placeholders', (language) => {
  const strings = STRINGS[language] as Record<string, string>;
  expect(Object.keys(strings).sort()).toEqual(keys);
  for (const key of keys) {
    expect(typeof strings[key]).toBe('string');
    expect(strings[key]!.trim()).not.toBe('');
    expect({ key, placeholders: placeholders(strings[key]!) }).toEqual({ key, placeholders: placeholders((en as Record<string, string>)[key]!) });
  }
});

test('the Chinese strings are in Chinese, and the Traditional ones are not Simplified', () => {
  const han = /[\u4e00-\u9fff]/;
  for (const key of keys) {
    if (['yuan', 'errorField', 'stepOf', 'rateScore', 'instalmentLine'].includes(key)) continue;
    expect({ key, ok: han.test(STRINGS['zh-Hans'][key as keyof typeof en]) }).toEqual({ key, ok: true });
    expect({ key, ok: han.test(STRINGS['zh-Hant'][key as keyof typeof en]) }).toEqual({ key, ok: true });
  }
  // Characters that differ between the scripts: none of the Simplified forms in zh-Hant (the
  // sample postal address is the one exception: mainland addresses are written in Simplified).
  const simplifiedOnly = /[纠纷证调诉讼签协议请确认时间订单网络这为们]/;
  for (const key of keys) {
    if (key === 'fieldPostalHint') continue;
    expect({ key, text: STRINGS['zh-Hant'][key as keyof typeof en] }).not.toEqual({ key, text: expect.stringMatching(simplifiedOnly) });
  }
});

test('every category, track, status and timeline kind has words in every language', () => {
  const statuses = ['FILED', 'NEGOTIATING', 'IN_MEDIATION', 'SETTLED', 'IN_ARBITRATION', 'IN_LITIGATION', 'RESOLVED', 'WITHDRAWN', 'UNRESOLVED', 'DECIDED', 'IN_ENFORCEMENT'];
  const kinds = ['FILED', 'EVIDENCE_SUBMITTED', 'ROUTED', 'CASE_OPENED', 'ROUTE_REFUSED', 'CASE_PROGRESS', 'STATUS_CHANGED', 'NOTE'];
  const needed = [
    ...CATEGORIES.map((c) => `category_${c}`),
    ...TRACKS.flatMap((t) => [`track_${t}`, `track_${t}_what`, `track_${t}_cost`, `track_${t}_other`]),
    ...statuses.map((s) => `status_${s}`),
    ...kinds.map((k) => `kind_${k}`),
  ];
  for (const key of needed) expect(keys).toContain(key);
});

test('lang attribute → language', () => {
  expect(resolveLanguage(null)).toBe('zh-Hans');
  expect(resolveLanguage('en')).toBe('en');
  expect(resolveLanguage('en-GB')).toBe('en');
  expect(resolveLanguage('zh-Hant')).toBe('zh-Hant');
  expect(resolveLanguage('zh-TW')).toBe('zh-Hant');
  expect(resolveLanguage('zh-CN')).toBe('zh-Hans');
  expect(resolveLanguage('fr')).toBe('zh-Hans');
  expect(format('Step {n} of {total}', { n: 2, total: 6 })).toBe('Step 2 of 6');
});
