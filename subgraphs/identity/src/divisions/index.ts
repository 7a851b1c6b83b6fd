import {
  CURRENT_DATA_PACKAGE, HISTORICAL_DATA_PACKAGE, divisionTables, packageSource,
  type DataSource, type DivisionLevel, type DivisionRecord,
} from './data.js';

export type { DataSource, DivisionLevel } from './data.js';

export interface DivisionRef {
  code: string;
  name: string;
}

/**
 * A GB/T 2260 division with its parents.
 *
 * `city` is null whenever there is no prefecture-level division between the province and
 * the county: the districts and counties of the four municipalities (北京, 天津, 上海, 重庆 —
 * the province is the city there) and the county-level units a province administers
 * directly (湖北 仙桃 429004, 河南 济源 419001, 海南 五指山 469001, 新疆 石河子 659001).
 * A prefecture-level city without counties (东莞 441900, 儋州 460400) is a CITY.
 */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  province: DivisionRef;
  city: DivisionRef | null;
  county: DivisionRef | null;
  /**
   * False when the code is only in the historical lists: abolished, renamed or merged since
   * 1980. Its name is the last one those lists carry, which a reused code may not have had
   * when an old ID number was issued, and its parents are inferred from its digits.
   */
  current: boolean;
}

const divisions = new Map<string, Division | null>();

function ref(record: DivisionRecord | undefined): DivisionRef | null {
  return record ? Object.freeze({ code: record.code, name: record.name }) : null;
}

function toDivision(record: DivisionRecord): Division {
  const { byCode } = divisionTables();
  // Frozen because divisions are cached and shared between callers.
  const self = Object.freeze({ code: record.code, name: record.name });
  const province = record.level === 'PROVINCE' ? self : ref(byCode.get(record.provinceCode))!;
  const city = record.level === 'CITY' ? self : record.cityCode ? ref(byCode.get(record.cityCode)) : null;
  return Object.freeze({
    code: record.code,
    name: record.name,
    level: record.level,
    province,
    city,
    county: record.level === 'COUNTY' ? self : null,
    current: record.current,
  });
}

/** The division a 6-digit code names, current or historical; null for anything else. */
export function divisionOf(code: string): Division | null {
  if (!/^\d{6}$/.test(code)) return null;
  let division = divisions.get(code);
  if (division === undefined) {
    const record = divisionTables().byCode.get(code);
    division = record ? toDivision(record) : null;
    divisions.set(code, division);
  }
  return division;
}

/** Whether the code is a GB/T 2260 division in the current list or any list since 1980. */
export function isKnownDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && divisionTables().byCode.has(code);
}

/** Whether the code is in the current list (not abolished). */
export function isCurrentDivisionCode(code: string): boolean {
  return divisionTables().byCode.get(code)?.current ?? false;
}

/** The package the current divisions, their hierarchy and names come from. */
export function divisionsDataSource(): DataSource {
  return packageSource(CURRENT_DATA_PACKAGE);
}

/** The package whose union of lists since 1980 supplies abolished codes (ID numbers keep them). */
export function historicalDivisionsDataSource(): DataSource {
  return packageSource(HISTORICAL_DATA_PACKAGE);
}

let withCounties: Set<string> | undefined;

/**
 * Whether counties lie under this prefecture-level city. Some have none (东莞 441900,
 * 中山 442000, 儋州 460400, 嘉峪关 620200, whose only row is a 市辖区 placeholder): towns
 * come straight below, so an address there rightly has no county.
 */
export function hasCounties(cityCode: string): boolean {
  withCounties ??= new Set(
    divisionTables().current.filter((d) => d.level === 'COUNTY' && d.cityCode && d.name !== '市辖区').map((d) => d.cityCode!),
  );
  return withCounties.has(cityCode);
}

/** Current divisions, provinces first, then cities, then counties: for building indexes. */
export function currentDivisions(): Division[] {
  return divisionTables().current.map((record) => divisionOf(record.code)!);
}
