import { parsePostalAddress, tryParsePostalAddress } from '../src/addresses/index.js';

const ZJ = { code: '330000', name: '浙江省' };
const JH = { code: '330700', name: '金华市' };
const YW = { code: '330782', name: '义乌市' };

function ruleOf(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return (err as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a rejection');
}

describe('parsePostalAddress', () => {
  test('province, city and county written out in full', () => {
    expect(parsePostalAddress('浙江省金华市义乌市稠城街道工人北路1号')).toEqual({ province: ZJ, city: JH, county: YW, detail: '稠城街道工人北路1号' });
  });

  test('the city left out: the county tells it', () => {
    expect(parsePostalAddress('浙江省义乌市稠城街道工人北路1号')).toEqual({ province: ZJ, city: JH, county: YW, detail: '稠城街道工人北路1号' });
  });

  test('the province left out: the city tells it', () => {
    expect(parsePostalAddress('广州市天河区天河路385号')).toEqual({
      province: { code: '440000', name: '广东省' },
      city: { code: '440100', name: '广州市' },
      county: { code: '440106', name: '天河区' },
      detail: '天河路385号',
    });
  });

  test('both left out, when the county name is unique', () => {
    expect(parsePostalAddress('义乌市稠城街道工人北路1号')).toEqual({ province: ZJ, city: JH, county: YW, detail: '稠城街道工人北路1号' });
  });

  test('municipalities: no city', () => {
    expect(parsePostalAddress('北京市朝阳区建国路88号')).toEqual({
      province: { code: '110000', name: '北京市' }, city: null, county: { code: '110105', name: '朝阳区' }, detail: '建国路88号',
    });
    expect(parsePostalAddress('上海市浦东新区世纪大道100号')).toEqual({
      province: { code: '310000', name: '上海市' }, city: null, county: { code: '310115', name: '浦东新区' }, detail: '世纪大道100号',
    });
    expect(parsePostalAddress('北京市市辖区朝阳区建国路88号').county).toEqual({ code: '110105', name: '朝阳区' });
    expect(parsePostalAddress('重庆市城口县葛城街道').county).toEqual({ code: '500229', name: '城口县' });
  });

  test('county-level cities under a province directly: no city', () => {
    expect(parsePostalAddress('湖北省仙桃市仙桃大道1号')).toEqual({
      province: { code: '420000', name: '湖北省' }, city: null, county: { code: '429004', name: '仙桃市' }, detail: '仙桃大道1号',
    });
    expect(parsePostalAddress('新疆石河子市北四路').county).toEqual({ code: '659001', name: '石河子市' });
  });

  test('prefecture-level cities without counties', () => {
    expect(parsePostalAddress('海南省儋州市那大镇人民大道1号')).toEqual({
      province: { code: '460000', name: '海南省' }, city: { code: '460400', name: '儋州市' }, county: null, detail: '那大镇人民大道1号',
    });
    expect(parsePostalAddress('广东省东莞市南城街道').city).toEqual({ code: '441900', name: '东莞市' });
  });

  test('short names without 省, 市, 区', () => {
    expect(parsePostalAddress('浙江义乌稠城街道工人北路1号')).toEqual({ province: ZJ, city: JH, county: YW, detail: '稠城街道工人北路1号' });
    expect(parsePostalAddress('杭州西湖区文三路1号')).toMatchObject({ city: { code: '330100' }, county: { code: '330106', name: '西湖区' } });
    expect(parsePostalAddress('上海浦东世纪大道100号').county).toEqual({ code: '310115', name: '浦东新区' });
    expect(parsePostalAddress('内蒙古呼和浩特市新城区').county).toEqual({ code: '150102', name: '新城区' });
    // Autonomous prefectures are usually written 延边州.
    expect(parsePostalAddress('延边州延吉市')).toMatchObject({
      province: { code: '220000' }, city: { code: '222400', name: '延边朝鲜族自治州' }, county: { code: '222401' },
    });
  });

  test('a postcode, spaces, punctuation and full-width characters', () => {
    const expected = { province: ZJ, city: JH, county: YW, detail: '稠城街道工人北路1号' };
    expect(parsePostalAddress('322000 浙江省义乌市稠城街道工人北路1号')).toEqual(expected);
    expect(parsePostalAddress('  ３２２０００　浙江省 金华市 义乌市 稠城街道工人北路１号 ')).toEqual(expected);
    expect(parsePostalAddress('邮编：322000 浙江省，义乌市，稠城街道工人北路1号')).toEqual(expected);
    expect(parsePostalAddress('中国浙江省义乌市稠城街道工人北路1号 322000')).toEqual(expected);
    // Spaces inside the street part are kept.
    expect(parsePostalAddress('浙江省义乌市 稠城街道 工人北路1号').detail).toBe('稠城街道 工人北路1号');
  });

  test('names shared by several counties are resolved by the province or city already found', () => {
    expect(parsePostalAddress('吉林省长春市朝阳区人民大街1号').county).toEqual({ code: '220104', name: '朝阳区' });
    expect(parsePostalAddress('江苏南京鼓楼区中山路1号').county).toEqual({ code: '320106', name: '鼓楼区' });
    expect(parsePostalAddress('福建鼓楼区五四路1号')).toMatchObject({ city: { code: '350100', name: '福州市' }, county: { code: '350102' } });
  });

  test('and when nothing disambiguates, the county is left null rather than guessed', () => {
    // 铁西区 is in both 沈阳 and 鞍山.
    expect(parsePostalAddress('辽宁省铁西区兴华街1号')).toEqual({
      province: { code: '210000', name: '辽宁省' }, city: null, county: null, detail: '铁西区兴华街1号',
    });
    // 朝阳区 is in 北京 and in 长春: no province can be told either.
    expect(tryParsePostalAddress('朝阳区建国路88号')).toBeNull();
  });

  test('the higher level wins a tie: 吉林 the province, 吉林市 the city', () => {
    expect(parsePostalAddress('吉林市船营区')).toMatchObject({ province: { code: '220000' }, city: { code: '220200', name: '吉林市' }, county: { code: '220204' } });
    expect(parsePostalAddress('吉林长春市')).toMatchObject({ province: { code: '220000' }, city: { code: '220100' } });
  });

  test('a street named after a place is not the place', () => {
    // After 广州, 天河路 is a street: the district is not guessed from it.
    expect(parsePostalAddress('广州天河路385号')).toEqual({
      province: { code: '440000', name: '广东省' }, city: { code: '440100', name: '广州市' }, county: null, detail: '天河路385号',
    });
    expect(tryParsePostalAddress('南京东路100号')).toBeNull();
    expect(tryParsePostalAddress('中山大道100号')).toBeNull();
  });

  test('no province found: BAD_USER_INPUT on the address field', () => {
    for (const text of ['', 'hello world', '建国路88号', '朝阳区建国路88号']) {
      expect(ruleOf(() => parsePostalAddress(text))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address', rule: 'ADDRESS_UNRECOGNISED' });
      expect(tryParsePostalAddress(text)).toBeNull();
    }
    expect(() => parsePostalAddress('建国路88号')).toThrow(/no province, city or county could be recognised/);
  });

  test('Hong Kong, Macao and Taiwan addresses are not mainland addresses', () => {
    for (const text of ['香港九龙弥敦道1号', '香港特别行政区中西区皇后大道中1号', '澳门新马路1号', '台湾省台北市信义路1号']) {
      expect(tryParsePostalAddress(text)).toBeNull();
      expect(ruleOf(() => parsePostalAddress(text))).toMatchObject({ field: 'address', rule: 'ADDRESS_UNRECOGNISED' });
    }
    expect(() => parsePostalAddress('香港九龙弥敦道1号')).toThrow(/only mainland addresses/);
  });

  test('fast once the index is built', () => {
    parsePostalAddress('浙江省义乌市稠城街道工人北路1号');
    const started = performance.now();
    for (let i = 0; i < 2000; i++) parsePostalAddress('广州市天河区天河路385号');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
