import {
  checkHongKongId, checkIdNumber, checkPassport, checkResidentId, checkUscc, hkIdCheckDigit, isPlausibleBirthDate,
  isResidencePermitCode, isUsccRegion, isValidHongKongId, isValidResidentId, isValidUscc, residentIdCheckDigit, usccCheckChar,
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
    // 30 February, the 19th century and the future are no birth dates.
    for (const body of ['11010519490230002', '11010518991231002', '11010521000101002']) {
      expect(ruleOf(() => checkResidentId(body + residentIdCheckDigit(body)))).toMatchObject({ rule: 'RESIDENT_ID_BIRTH_DATE' });
    }
  });

  test('the seed and test numbers of the repository still validate', () => {
    for (const id of ['330782199003152422', '440106198507203416', '110105199211084624', '445281198806123571', '330702197909234511']) {
      expect(checkResidentId(id)).toEqual({ normalized: id, registryCheck: 'VALID' });
    }
  });
});

describe('resident ID numbers: digits 1–6 are a GB/T 2260 division (RESIDENT_ID_REGION)', () => {
  const withRegion = (region: string): string => {
    const body = `${region}19900101002`;
    return body + residentIdCheckDigit(body);
  };

  test('all six digits are checked, not only the province, and the message names the code', () => {
    // 99 and 19 are no provinces (the codes jump from 15 to 21); 110199 and 330799 have real
    // province and city digits but no such county.
    for (const region of ['990105', '190105', '110199', '330799', '000000']) {
      const err = ruleOf(() => checkResidentId(withRegion(region)));
      expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', rule: 'RESIDENT_ID_REGION' });
    }
    expect(() => checkResidentId(withRegion('990105'))).toThrow(
      'digits 1–6 of a resident ID number must be a GB/T 2260 division code; 990105 is not one',
    );
    expect(isValidResidentId('990105194912310021')).toBe(false);
  });

  test('current counties, county-level cities and province-administered units are accepted', () => {
    // 义乌 330782, 天河 440106, 仙桃 429004 (no prefecture), 琼中 469030, 彭水 500243 (重庆).
    for (const region of ['330782', '440106', '429004', '469030', '500243']) {
      expect(isValidResidentId(withRegion(region))).toBe(true);
    }
  });

  test('codes abolished long ago are accepted: a number keeps the code that issued it', () => {
    // 滕县 (1988 → 滕州市), 崇文区 and 宣武区 (merged in 2010), 江干区 (2021).
    for (const region of ['370421', '110103', '110104', '330104']) {
      expect(isValidResidentId(withRegion(region))).toBe(true);
    }
  });

  test('residence permits of Hong Kong, Macao and Taiwan residents: 810000, 820000, 830000', () => {
    for (const region of ['810000', '820000', '830000']) expect(isValidResidentId(withRegion(region))).toBe(true);
    expect(isValidResidentId('810000199408230021')).toBe(true);
    expect(isValidResidentId('830000199201300022')).toBe(true);
    expect(isResidencePermitCode('830000')).toBe(true);
    expect(isResidencePermitCode('710000')).toBe(false);
    // Other digits under 81 are no permit prefix.
    expect(ruleOf(() => checkResidentId(withRegion('810105')))).toMatchObject({ rule: 'RESIDENT_ID_REGION' });
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

  test('characters 3–8: an unknown division is flagged for a registry check, never refused', () => {
    const withRegion = (region: string): string => {
      const first17 = `91${region}MA2EC7QX1`;
      return first17 + usccCheckChar(first17);
    };
    expect(checkUscc(withRegion('330782')).registryCheck).toBe('VALID');
    // Central registrations carry 100000; 330000 is a provincial authority.
    expect(checkUscc(withRegion('100000')).registryCheck).toBe('VALID');
    expect(checkUscc(withRegion('330000')).registryCheck).toBe('VALID');
    // 320594 is no GB/T 2260 division (development-zone authorities use such codes of their own);
    // 990000 is nothing at all. Both have a correct check character and are kept, flagged.
    expect(checkUscc(withRegion('320594'))).toEqual({ normalized: withRegion('320594'), registryCheck: 'NEEDS_REGISTRY_CHECK' });
    expect(checkUscc(withRegion('990000')).registryCheck).toBe('NEEDS_REGISTRY_CHECK');
    expect(isValidUscc(withRegion('990000'))).toBe(false);
    expect(isUsccRegion('100000')).toBe(true);
    expect(isUsccRegion('990000')).toBe(false);
  });

  test('the seed codes of the repository are valid', () => {
    for (const code of ['91330782MA2EC7QX1D', '91330782MA28FK3P0B', '91440101MA5CJQ4N59', '91350200776049653A']) {
      expect(checkUscc(code)).toEqual({ normalized: code, registryCheck: 'VALID' });
    }
  });

  test('checkIdNumber dispatches on the document type', () => {
    expect(checkIdNumber('UNIFIED_SOCIAL_CREDIT_CODE', '91440101MA5CJQ4N59').registryCheck).toBe('VALID');
    expect(checkIdNumber('PASSPORT', 'HK1234567').registryCheck).toBe('UNCHECKED');
    expect(ruleOf(() => checkIdNumber('RESIDENT_ID', '91440101MA5CJQ4N59'))).toMatchObject({ rule: 'RESIDENT_ID_FORMAT' });
  });
});
