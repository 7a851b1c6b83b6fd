import { en } from '../src/strings/en.js';
import { LANGUAGES, STRINGS } from '../src/strings/index.js';
import { fillTemplate, hubTextLang, withHubTextLang } from '../src/ui/hub-text.js';

test('text from the hub is marked English (WCAG 3.1.2) only when the widget is not in English', () => {
  expect(hubTextLang('en')).toBeUndefined();
  expect(hubTextLang('zh-Hans')).toBe('en');
  expect(hubTextLang('zh-Hant')).toBe('en');
  expect(withHubTextLang('zh-Hans', { class: 'summary' })).toEqual({ class: 'summary', lang: 'en' });
  expect(withHubTextLang('en', { class: 'summary' })).toEqual({ class: 'summary' });
});

test('a template filled with parts keeps the translated words around the hub\'s own', () => {
  const hubWords = { lang: 'en', text: 'must not be empty (REQUIRED)' };
  expect(fillTemplate(STRINGS['zh-Hans'].errorField, { field: '标题', message: hubWords })).toEqual(['标题', '：', hubWords]);
  expect(fillTemplate('{a} and {b}, {missing}', { a: 1, b: 'two' })).toEqual(['1', ' and ', 'two', ', {missing}']);
  // Joined back as text, the parts read exactly like the plain translation.
  for (const language of LANGUAGES) {
    const parts = fillTemplate(STRINGS[language].errorField, { field: 'F', message: { text: 'M' } });
    expect(parts.map((p) => (typeof p === 'string' ? p : p.text)).join('')).toBe(STRINGS[language].errorField.replace('{field}', 'F').replace('{message}', 'M'));
  }
  expect(en.errorField).toContain('{message}');
});
