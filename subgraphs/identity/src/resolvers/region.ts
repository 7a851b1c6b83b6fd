import type { ServiceAddressRow } from '../db/schema.js';
import { divisionOf } from '../divisions/index.js';
import type { AccessLevel } from '../masking.js';

/** The parsed division of a postal service address; masked readers get province and city only. */
export function regionOf(a: Pick<ServiceAddressRow, 'channel' | 'provinceCode' | 'cityCode' | 'countyCode'>, level: AccessLevel) {
  if (a.channel !== 'POSTAL' || !a.provinceCode) return null;
  const province = divisionOf(a.provinceCode);
  const city = a.cityCode ? divisionOf(a.cityCode) : null;
  const county = level === 'FULL' && a.countyCode ? divisionOf(a.countyCode) : null;
  return {
    provinceCode: a.provinceCode,
    province: province?.name ?? a.provinceCode,
    cityCode: city ? a.cityCode : null,
    city: city?.name ?? null,
    countyCode: county ? a.countyCode : null,
    county: county?.name ?? null,
  };
}
