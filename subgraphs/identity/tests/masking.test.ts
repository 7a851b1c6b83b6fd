import type { Caller } from '@fengqiao/subgraph-kit';
import {
  accessNeedsRelation, accessOf, hideMiddle, keepLastFour, maskChannelValue, maskEmail, maskIdNumber, maskPhone, maskPostalAddress,
} from '../src/masking.js';

const partyId = 'pty_self';
const as = (role: Caller['role'], sub: string | null = 'u1', org: string | null = null): Caller => ({ role, sub, org });
const HANDLED = 'dsp_handled';

describe('access by role and relation to the party\'s disputes', () => {
  test.each([
    // [who, caller, a dispute of the party the caller's body handles, level, purpose logged]
    ['the party itself', as('party', partyId), null, 'FULL', null],
    ['a court handling one of its disputes', as('court', 'u1', 'crt_a'), HANDLED, 'FULL', `handling dispute ${HANDLED}`],
    ['a court handling none of them', as('court', 'u1', 'crt_b'), null, 'MINIMAL', null],
    ['admin', as('admin'), null, 'FULL', 'administration'],
    ['a mediator handling one', as('mediator', 'u1', 'mor_a'), HANDLED, 'PARTIAL', null],
    ['a mediator handling none', as('mediator', 'u1', 'mor_b'), null, 'MINIMAL', null],
    ['a mediation organisation handling one', as('mediation_org', 'u1', 'mor_a'), HANDLED, 'PARTIAL', null],
    ['an arbitrator handling one', as('arbitrator', 'u1', 'arb_a'), HANDLED, 'PARTIAL', null],
    ['a platform, even on its own dispute', as('platform', 'u1', 'plt_a'), HANDLED, 'MINIMAL', null],
    ['another party', as('party', 'pty_other'), null, 'MINIMAL', null],
    ['anonymous', as('anonymous', null), null, 'MINIMAL', null],
  ] as const)('%s', (_, caller, handled, level, purpose) => {
    expect(accessOf(caller, partyId, handled)).toEqual({ level, purpose });
  });

  test('only bodies that handle cases need their relation looked up', () => {
    expect(accessNeedsRelation(as('court', 'u1', 'crt_a'))).toBe(true);
    expect(accessNeedsRelation(as('mediator', 'u1', 'mor_a'))).toBe(true);
    expect(accessNeedsRelation(as('court', 'u1', null))).toBe(false);
    expect(accessNeedsRelation(as('platform', 'u1', 'plt_a'))).toBe(false);
    expect(accessNeedsRelation(as('admin'))).toBe(false);
  });
});

describe('identity numbers', () => {
  const rid = '11010519491231002X';
  test('resident ID: birth date hidden for mid roles, last four for low roles', () => {
    expect(maskIdNumber('RESIDENT_ID', rid, 'FULL')).toBe(rid);
    expect(maskIdNumber('RESIDENT_ID', rid, 'PARTIAL')).toBe('110105********002X');
    expect(maskIdNumber('RESIDENT_ID', rid, 'MINIMAL')).toBe('**************002X');
  });
  test('other numbers: middle hidden for mid roles', () => {
    expect(maskIdNumber('UNIFIED_SOCIAL_CREDIT_CODE', '91350200776049653A', 'PARTIAL')).toBe('913502******49653A');
    expect(maskIdNumber('HONG_KONG_ID', 'A123456(3)', 'PARTIAL')).toBe('A12****(3)');
    expect(maskIdNumber('HONG_KONG_ID', 'A123456(3)', 'MINIMAL')).toBe('******6(3)');
    expect(maskIdNumber('PASSPORT', 'E12345678', 'MINIMAL')).toBe('*****5678');
  });
  test('helpers', () => {
    expect(keepLastFour('123')).toBe('***');
    expect(hideMiddle('ab')).toBe('**');
  });
});

describe('contact values', () => {
  test('phones', () => {
    expect(maskPhone('13812341234', 'FULL')).toBe('13812341234');
    expect(maskPhone('13812341234', 'PARTIAL')).toBe('138****1234');
    expect(maskPhone('13812341234', 'MINIMAL')).toBe('*******1234');
    expect(maskPhone('+85291234567', 'PARTIAL')).toBe('+852****4567');
  });
  test('e-mail', () => {
    expect(maskEmail('lina.buyer@example.cn', 'PARTIAL')).toBe('l***@example.cn');
    expect(maskEmail('lina.buyer@example.cn', 'MINIMAL')).toBe('l***@example.cn');
    expect(maskEmail('lina.buyer@example.cn', 'FULL')).toBe('lina.buyer@example.cn');
  });
  test('postal addresses keep province and city', () => {
    expect(maskPostalAddress('浙江省义乌市稠城街道工人北路88号', 'PARTIAL')).toBe('浙江省义乌市****');
    expect(maskPostalAddress('北京市朝阳区建国路88号', 'MINIMAL')).toBe('北京市****');
    expect(maskPostalAddress('香港特别行政区九龙旺角弥敦道700号', 'PARTIAL')).toBe('香港特别行政区****');
    expect(maskPostalAddress('新疆维吾尔自治区乌鲁木齐市天山区1号', 'PARTIAL')).toBe('新疆维吾尔自治区乌鲁木齐市****');
    expect(maskPostalAddress('12 Rue de Rivoli, Paris', 'PARTIAL')).toBe('****, Paris');
    expect(maskPostalAddress('somewhere', 'PARTIAL')).toBe('****');
    expect(maskPostalAddress('浙江省义乌市稠城街道工人北路88号', 'FULL')).toBe('浙江省义乌市稠城街道工人北路88号');
  });
  test('by channel', () => {
    expect(maskChannelValue('MOBILE', '13812341234', 'MINIMAL')).toBe('*******1234');
    expect(maskChannelValue('EMAIL', 'a@b.cn', 'PARTIAL')).toBe('a***@b.cn');
    expect(maskChannelValue('IN_APP', 'hub:pty_demo_buyer_lina', 'MINIMAL')).toBe('*******************lina');
  });
});
