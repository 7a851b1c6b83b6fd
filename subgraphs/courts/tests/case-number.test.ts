import { formatCaseNumber, isCaseNumber, normalizeCaseNumber, parseCaseNumber, parseCaseNumberOrThrow } from '../src/case-number.js';

describe('case numbers', () => {
  test('formats (year)court-code case-type sequence 号', () => {
    expect(formatCaseNumber({ year: 2026, courtCode: '浙0782', caseType: '民初', sequence: 3187 })).toBe('(2026)浙0782民初3187号');
    expect(formatCaseNumber({ year: 2026, courtCode: '浙0782', caseType: '民特', sequence: 512 })).toBe('(2026)浙0782民特512号');
    expect(formatCaseNumber({ year: 2027, courtCode: '粤0192', caseType: '执', sequence: 1 })).toBe('(2027)粤0192执1号');
    expect(formatCaseNumber({ year: 2026, courtCode: '粤73', caseType: '民初', sequence: 45 })).toBe('(2026)粤73民初45号');
    expect(formatCaseNumber({ year: 2026, courtCode: '最高法', caseType: '民特', sequence: 9 })).toBe('(2026)最高法民特9号');
  });

  test('parses what it formats', () => {
    for (const n of ['(2026)浙0782民初3187号', '(2026)浙0782民特512号', '(2019)粤0192执88号', '(2026)浙01民初7号', '(2020)最高法民特1号']) {
      const parts = parseCaseNumber(n);
      expect(parts).not.toBeNull();
      expect(formatCaseNumber(parts!)).toBe(n);
    }
    expect(parseCaseNumber('(2026)浙0782民初3187号')).toEqual({ year: 2026, courtCode: '浙0782', caseType: '民初', sequence: 3187 });
  });

  test('accepts the full-width brackets of printed documents and normalises them', () => {
    expect(parseCaseNumber('（2026）粤0192民初123号')).toEqual({ year: 2026, courtCode: '粤0192', caseType: '民初', sequence: 123 });
    expect(normalizeCaseNumber(' （2026）粤0192民初123号 ')).toBe('(2026)粤0192民初123号');
  });

  test.each([
    '2026浙0782民初3187号', // no brackets
    '(2026)浙0782民初3187', // no 号
    '(26)浙0782民初3187号', // two-digit year
    '(2026)浙078民初3187号', // three-digit court code
    '(2026)XX0782民初3187号', // not a province abbreviation
    '(2026)浙0782刑初3187号', // unsupported case type
    '(2026)浙0782民初0号', // sequence zero
    '(2026)浙0782民初03187号', // leading zero
    '(1900)浙0782民初1号', // before 1949
    '',
  ])('rejects %p', (text) => {
    expect(parseCaseNumber(text)).toBeNull();
    expect(isCaseNumber(text)).toBe(false);
    expect(() => parseCaseNumberOrThrow(text)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', rule: 'CASE_NUMBER' }) }));
  });

  test('refuses to format invalid parts', () => {
    const ok = { year: 2026, courtCode: '浙0782', caseType: '民初' as const, sequence: 1 };
    expect(() => formatCaseNumber({ ...ok, year: 26 })).toThrow(/year/);
    expect(() => formatCaseNumber({ ...ok, courtCode: 'ZJ0782' })).toThrow(/court code/);
    expect(() => formatCaseNumber({ ...ok, caseType: '刑初' as never })).toThrow(/case type/);
    expect(() => formatCaseNumber({ ...ok, sequence: 0 })).toThrow(/sequence/);
    expect(() => formatCaseNumber({ ...ok, sequence: 1.5 })).toThrow(/sequence/);
  });
});
