import { registrationRegionCode } from '../src/region-code.js';

describe('registrationRegionCode: the division in an identity number (place of registration)', () => {
  test('resident ID numbers: digits 1–6', () => {
    expect(registrationRegionCode('RESIDENT_ID', '11010519491231002X')).toBe('110105');
    expect(registrationRegionCode('RESIDENT_ID', '445281198806123571')).toBe('445281');
  });

  test('unified social credit codes: characters 3–8', () => {
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91330782MA2EC7QX1D')).toBe('330782');
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91440101MA5CJQ4N59')).toBe('440101');
  });

  test('documents without a division, and malformed divisions, give null', () => {
    expect(registrationRegionCode('HONG_KONG_ID', 'K538194(0)')).toBeNull();
    expect(registrationRegionCode('PASSPORT', 'E12345678')).toBeNull();
    expect(registrationRegionCode('UNIFIED_SOCIAL_CREDIT_CODE', '91A30782MA2EC7QX1D')).toBeNull();
    expect(registrationRegionCode('RESIDENT_ID', '000000199003152422')).toBeNull();
  });
});
