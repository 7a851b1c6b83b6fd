import {
  checkHongKongId, checkIdNumber, checkPassport, checkResidentId, checkUscc, hkIdCheckDigit, isPlausibleBirthDate,
  isValidHongKongId, isValidResidentId, isValidUscc, residentIdCheckDigit, usccCheckChar,
} from '../src/identity-numbers.js';

function ruleOf(fn: () => unknown): { field?: unknown; rule?: unknown; code?: unknown } {
  try {
    fn();
  } catch (err) {
    return (err as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a rejection');
}

describe('resident ID numbers (GB 11643-1999)', () => {
  test('published vectors', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(isValidResidentId('110105194912310029')).toBe(false);
    expect(checkResidentId(' 11010519491231002x ')).toEqual({ normalized: '11010519491231002X', registryCheck: 'VALID' });
  });

  test('each failure names the field and the rule', () => {
    expect(ruleOf(() => checkResidentId('110105194912310029'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', rule: 'RESIDENT_ID_CHECKSUM' });
    expect(ruleOf(() => checkResidentId('1101051949123100'))).toMatchObject({ field: 'idNumber', rule: 'RESIDENT_ID_FORMAT' });
    expect(ruleOf(() => checkResidentId('11010519491231002Y'))).toMatchObject({ rule: 'RESIDENT_ID_FORMAT' });
    // 99 is no province; 19 neither (the codes jump from 15 to 21).
    const bad99 = '99010519491231002';
    expect(ruleOf(() => checkResidentId(bad99 + residentIdCheckDigit(bad99)))).toMatchObject({ rule: 'RESIDENT_ID_REGION' });
    const bad19 = '19010519491231002';
    expect(ruleOf(() => checkResidentId(bad19 + residentIdCheckDigit(bad19)))).toMatchObject({ rule: 'RESIDENT_ID_REGION' });
    // 30 February, the 19th century and the future are no birth dates.
    for (const body of ['11010519490230002', '11010518991231002', '11010521000101002']) {
      expect(ruleOf(() => checkResidentId(body + residentIdCheckDigit(body)))).toMatchObject({ rule: 'RESIDENT_ID_BIRTH_DATE' });
    }
  });

  test('all the province codes of the brief are accepted', () => {
    for (const p of [11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82]) {
      const body = `${p}010519900101002`;
      expect(isValidResidentId(body + residentIdCheckDigit(body))).toBe(true);
    }
  });

  test('birth dates: leap years and today', () => {
    const now = new Date('2026-11-23T12:00:00+08:00');
    expect(isPlausibleBirthDate('20000229', now)).toBe(true);
    expect(isPlausibleBirthDate('19000229', now)).toBe(false);
    expect(isPlausibleBirthDate('19000101', now)).toBe(true);
    expect(isPlausibleBirthDate('18991231', now)).toBe(false);
    expect(isPlausibleBirthDate('20261123', now)).toBe(true);
    expect(isPlausibleBirthDate('20261124', now)).toBe(false);
  });
});

describe('Hong Kong identity card numbers', () => {
  test('standard examples', () => {
    expect(hkIdCheckDigit('A', '123456')).toBe('3');
    expect(hkIdCheckDigit('G', '123456')).toBe('A');
    expect(isValidHongKongId('A123456(3)')).toBe(true);
    expect(isValidHongKongId('a1234563')).toBe(true);
    expect(isValidHongKongId('G123456(A)')).toBe(true);
    expect(isValidHongKongId('A123456(4)')).toBe(false);
    expect(checkHongKongId('a123456 3')).toEqual({ normalized: 'A123456(3)', registryCheck: 'VALID' });
  });

  test('two-letter prefixes use both letters, no space', () => {
    const check = hkIdCheckDigit('XA', '123456');
    expect(isValidHongKongId(`XA123456(${check})`)).toBe(true);
    // 88·9 + 10·8 + 1·7 + … — not the single-letter (space = 36) sum.
    expect(check).not.toBe(hkIdCheckDigit('A', '123456'));
  });

  test('rejections', () => {
    expect(ruleOf(() => checkHongKongId('A123456(4)'))).toMatchObject({ field: 'idNumber', rule: 'HK_ID_CHECKSUM' });
    expect(ruleOf(() => checkHongKongId('123456(3)'))).toMatchObject({ rule: 'HK_ID_FORMAT' });
    expect(ruleOf(() => checkHongKongId('A123456(3'))).toMatchObject({ rule: 'HK_ID_FORMAT' });
  });
});

describe('passports', () => {
  test('5 to 20 letters and digits, unchecked', () => {
    expect(checkPassport('e12345678')).toEqual({ normalized: 'E12345678', registryCheck: 'UNCHECKED' });
    expect(ruleOf(() => checkPassport('E12'))).toMatchObject({ rule: 'PASSPORT_FORMAT' });
    expect(ruleOf(() => checkPassport('E123-45678'))).toMatchObject({ rule: 'PASSPORT_FORMAT' });
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  test('published vectors', () => {
    expect(usccCheckChar('91350200776049653')).toBe('A');
    expect(usccCheckChar('91440101MA5CJQ4N5')).toBe('9');
    expect(isValidUscc('91350200776049653A')).toBe(true);
    expect(isValidUscc('91440101MA5CJQ4N59')).toBe(true);
    expect(checkUscc('91350200776049653a')).toEqual({ normalized: '91350200776049653A', registryCheck: 'VALID' });
  });

  test('a failing check character needs a registry check; a wrong shape is refused', () => {
    expect(checkUscc('91350200776049653B')).toEqual({ normalized: '91350200776049653B', registryCheck: 'NEEDS_REGISTRY_CHECK' });
    expect(ruleOf(() => checkUscc('9135020077604965'))).toMatchObject({ field: 'idNumber', rule: 'USCC_FORMAT' });
    // I, O, S, V and Z are not in the alphabet.
    expect(ruleOf(() => checkUscc('91350200776049653I'))).toMatchObject({ rule: 'USCC_FORMAT' });
    // Digits 3–8 are a region code.
    expect(ruleOf(() => checkUscc('91A50200776049653A'))).toMatchObject({ rule: 'USCC_FORMAT' });
  });

  test('checkIdNumber dispatches on the document type', () => {
    expect(checkIdNumber('UNIFIED_SOCIAL_CREDIT_CODE', '91440101MA5CJQ4N59').registryCheck).toBe('VALID');
    expect(checkIdNumber('PASSPORT', 'HK1234567').registryCheck).toBe('UNCHECKED');
    expect(ruleOf(() => checkIdNumber('RESIDENT_ID', '91440101MA5CJQ4N59'))).toMatchObject({ rule: 'RESIDENT_ID_FORMAT' });
  });
});
