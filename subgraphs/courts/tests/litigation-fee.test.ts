import { caseKindOf, categoryFeeEstimate, feeEstimate, litigationFee, mayOmitClaimAmount, toFen } from '../src/litigation-fee.js';

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

describe('fees by kind of case (art. 13(2)–(4)) and by the hub\'s categories', () => {
  test('non-property cases pay per case: personality rights ¥100–500 plus bands on damages; others ¥50–100', () => {
    expect(feeEstimate('OTHER_NON_PROPERTY', null)).toMatchObject({ min: '50.00', max: '100.00', basis: 'NON_PROPERTY_PER_CASE', setByProvince: true });
    expect(feeEstimate('PERSONALITY_RIGHTS', null)).toMatchObject({ min: '100.00', max: '500.00', basis: 'PERSONALITY_RIGHTS_PER_CASE' });
    // Damages up to ¥50,000 add nothing; 50k–100k at 1%; above at 0.5%.
    expect(feeEstimate('PERSONALITY_RIGHTS', '50000')).toMatchObject({ min: '100.00', max: '500.00' });
    expect(feeEstimate('PERSONALITY_RIGHTS', '80000')).toMatchObject({ min: '400.00', max: '800.00' }); // + 300
    expect(feeEstimate('PERSONALITY_RIGHTS', '300000')).toMatchObject({ min: '1600.00', max: '2000.00' }); // + 500 + 1,000
    expect(feeEstimate('PERSONALITY_RIGHTS', '50000.01')).toMatchObject({ min: '100.00', max: '500.00' }); // 0.0001 rounds away
  });

  test('intellectual-property cases without an amount pay ¥500–1,000; with one, the property scale', () => {
    expect(feeEstimate('INTELLECTUAL_PROPERTY', null)).toMatchObject({ min: '500.00', max: '1000.00', basis: 'INTELLECTUAL_PROPERTY_PER_CASE', setByProvince: true });
    expect(feeEstimate('INTELLECTUAL_PROPERTY', '200000')).toMatchObject({ min: '4300.00', max: '4300.00', basis: 'PROPERTY_SCALE', setByProvince: false });
    expect(feeEstimate('INTELLECTUAL_PROPERTY', null).source).toMatch(/art\. 13\(3\)/);
  });

  test('labour disputes pay ¥10', () => {
    expect(feeEstimate('LABOUR', null)).toMatchObject({ min: '10.00', max: '10.00', basis: 'LABOUR_PER_CASE', setByProvince: false });
    expect(feeEstimate('LABOUR', null, { procedure: 'SUMMARY' })).toMatchObject({ min: '5.00', max: '5.00', halved: true });
  });

  test('the range is shown where the province fixes the figure, and halved as a whole', () => {
    const ip = feeEstimate('INTELLECTUAL_PROPERTY', null, { endedBy: 'WITHDRAWN' });
    expect(ip).toMatchObject({ min: '250.00', max: '500.00', setByProvince: true, halved: true });
    expect(ip.source).toMatch(/province fixes the amount.*halved/);
  });

  test('a property claim priced on the scale; without an amount, at least ¥50 and open above', () => {
    expect(feeEstimate('PROPERTY', '126000')).toMatchObject({ min: '2820.00', max: '2820.00', basis: 'PROPERTY_SCALE' });
    expect(feeEstimate('PROPERTY', null)).toMatchObject({ min: '50.00', max: null, basis: 'PROPERTY_AMOUNT_NOT_STATED' });
  });

  test.each([
    ['TRADEMARK', null, 'INTELLECTUAL_PROPERTY'],
    ['COPYRIGHT', null, 'INTELLECTUAL_PROPERTY'],
    ['PATENT', '200000', 'INTELLECTUAL_PROPERTY'],
    ['UNFAIR_COMPETITION', null, 'INTELLECTUAL_PROPERTY'],
    ['CONSUMER_PURCHASE', '86', 'PROPERTY'],
    ['CONSUMER_PURCHASE', null, 'PROPERTY'],
    ['CONTRACT', null, 'PROPERTY'],
    ['FINANCIAL_LOAN', '5000', 'PROPERTY'],
    ['ONLINE_SERVICE', null, 'OTHER_NON_PROPERTY'],
    ['ONLINE_SERVICE', '399', 'PROPERTY'],
    ['OTHER', null, 'OTHER_NON_PROPERTY'],
  ] as const)('a %s case with amount %s is priced as %s', (category, amount, kind) => {
    expect(caseKindOf(category, amount)).toBe(kind);
  });

  test('only property categories must state an amount', () => {
    expect(['CONSUMER_PURCHASE', 'CONTRACT', 'FINANCIAL_LOAN'].map(mayOmitClaimAmount)).toEqual([false, false, false]);
    expect(['TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'ONLINE_SERVICE', 'OTHER'].every(mayOmitClaimAmount)).toBe(true);
    expect(categoryFeeEstimate('COPYRIGHT', null, { procedure: 'SUMMARY' })).toMatchObject({ min: '250.00', max: '500.00' });
  });

  test('a malformed amount is refused on the field, whatever the kind', () => {
    for (const kind of ['PROPERTY', 'INTELLECTUAL_PROPERTY', 'PERSONALITY_RIGHTS', 'OTHER_NON_PROPERTY'] as const) {
      expect(() => feeEstimate(kind, '-3')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'claimAmount' }) }));
    }
  });
});
