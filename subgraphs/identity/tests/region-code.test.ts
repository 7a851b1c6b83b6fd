import { registrationRegionCode } from '../src/region-code.js';

describe('registrationRegionCode: the division in an identity number (place of registration)', () => {
  test('resident ID numbers: digits 1–6', () => {
    expect(registrationRegionCode('RESIDENT_ID', '11010519491231002X')).toBe('110105');
    expect(registrationRegionCode('RESIDENT_ID', '445281198806123571')).toBe('445281');
    // A province-administered county-level city.
    expect(registrationRegionCode('RESIDENT_ID', '429004199001010020')).toBe('429004');
  });

  test('an abolished code is still a known division and is returned', () => {
    // 崇文区, merged into 东城区 in 2010.
    expect(registrationRegionCode('RESIDENT_ID', '110103196001010011')).toBe('110103');
  });

  test('unified social credit codes: characters 3–8, at whatever level the authority sits', () => {
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91330782MA2EC7QX1D')).toBe('330782');
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91440101MA5CJQ4N59')).toBe('440101');
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91350200776049653A')).toBe('350200');
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91330000MA2EC7QX1D')).toBe('330000');
  });

  test('documents without a division, and codes that are no known division, give null', () => {
    expect(registrationRegionCode('HONG_KONG_ID', 'K538194(0)')).toBeNull();
    expect(registrationRegionCode('PASSPORT', 'E12345678')).toBeNull();
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91A30782MA2EC7QX1D')).toBeNull();
    expect(registrationRegionCode('RESIDENT_ID', '000000199003152422')).toBeNull();
    expect(registrationRegionCode('RESIDENT_ID', '990105194912310021')).toBeNull();
    // Right province and city digits, no such county.
    expect(registrationRegionCode('RESIDENT_ID', '110199199001010020')).toBeNull();
    // Central registrations and development-zone codes are no GB/T 2260 division.
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91100000MA2EC7QX1D')).toBeNull();
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91320594MA2EC7QX1D')).toBeNull();
  });

  test('residence permits name no mainland place', () => {
    expect(registrationRegionCode('RESIDENT_ID', '810000199408230021')).toBeNull();
    expect(registrationRegionCode('RESIDENT_ID', '820000199408230021')).toBeNull();
    expect(registrationRegionCode('RESIDENT_ID', '830000199201300022')).toBeNull();
  });
});
