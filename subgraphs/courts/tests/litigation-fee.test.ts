import { litigationFee, toFen } from '../src/litigation-fee.js';

describe('litigationFee (Measures on the Payment of Litigation Costs, art. 13, 15, 16)', () => {
  test.each([
    ['0', '50.00'],
    ['0.01', '50.00'],
    ['10000', '50.00'],
    ['10000.00', '50.00'],
    ['10001', '50.03'], // 50 + 1 × 2.5% = 50.025, rounded half up
    ['20000', '300.00'], // 50 + 10,000 × 2.5%
    ['100000', '2300.00'], // 50 + 2,250
    ['126000.00', '2820.00'], // 50 + 2,250 + 520
    ['200000', '4300.00'], // 50 + 2,250 + 2,000
    ['500000', '8800.00'], // + 300,000 × 1.5% = 4,500
    ['1000000', '13800.00'], // + 500,000 × 1% = 5,000
    ['2000000', '22800.00'], // + 1,000,000 × 0.9% = 9,000
    ['5000000', '46800.00'], // + 3,000,000 × 0.8% = 24,000
    ['10000000', '81800.00'], // + 5,000,000 × 0.7% = 35,000
    ['20000000', '141800.00'], // + 10,000,000 × 0.6% = 60,000
    ['30000000', '191800.00'], // + 10,000,000 × 0.5% = 50,000
    ['12345.67', '108.64'], // 50 + 2,345.67 × 2.5% = 108.64175
  ])('%s yuan → %s', (claim, fee) => {
    expect(litigationFee(claim)).toBe(fee);
  });

  test('accepts numbers as well as decimal strings', () => {
    expect(litigationFee(126000)).toBe('2820.00');
    expect(litigationFee(10000)).toBe('50.00');
    expect(litigationFee(0)).toBe('50.00');
  });

  test('halved once for summary procedure, mediation or withdrawal; the reductions do not stack', () => {
    expect(litigationFee('126000', { procedure: 'ORDINARY' })).toBe('2820.00');
    expect(litigationFee('126000', { procedure: 'SUMMARY' })).toBe('1410.00');
    expect(litigationFee('126000', { endedBy: 'MEDIATED' })).toBe('1410.00');
    expect(litigationFee('126000', { endedBy: 'WITHDRAWN' })).toBe('1410.00');
    expect(litigationFee('126000', { procedure: 'SUMMARY', endedBy: 'MEDIATED' })).toBe('1410.00');
    expect(litigationFee('0', { procedure: 'SUMMARY' })).toBe('25.00');
    expect(litigationFee('10001', { procedure: 'SUMMARY' })).toBe('25.01'); // 50.025 / 2 = 25.0125
  });

  test('refuses negative, malformed or over-precise amounts', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1e5', ' ', '12,000']) {
      expect(() => litigationFee(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'claimAmount' }) }));
    }
    expect(() => litigationFee(Number.NaN)).toThrow();
    expect(() => litigationFee(-5)).toThrow();
  });

  test('toFen is exact', () => {
    expect(toFen('126000.5')).toBe(12600050n);
    expect(toFen('0.07')).toBe(7n);
    expect(toFen('9999999999999.99')).toBe(999999999999999n);
  });
});
