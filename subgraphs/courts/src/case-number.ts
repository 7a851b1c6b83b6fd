import { badInput } from '@fengqiao/subgraph-kit';

/**
 * Court case numbers (案号) as fixed by the SPC Provisions on Case Numbers of the People's
 * Courts (最高人民法院关于人民法院案件案号的若干规定, 2015, in force 2016): "(" + year the
 * case was accepted + ")" + court code (法院代字) + case-type code (类型代字) + sequence + "号",
 * for example `(2026)浙0782民初3187号`.
 *
 * Official documents print the year in full-width brackets （2026）; the hub writes ASCII
 * brackets and accepts both when parsing.
 */
export const CASE_TYPES = {
  /** Civil, first instance. */
  '民初': 'CIVIL_FIRST_INSTANCE',
  /** Civil special procedure, such as the judicial confirmation of a mediation agreement. */
  '民特': 'CIVIL_SPECIAL_PROCEDURE',
  /** Enforcement (execution) of an effective judgment, award or confirmed agreement. */
  '执': 'ENFORCEMENT',
} as const;
export type CaseTypeCode = keyof typeof CASE_TYPES;

export interface CaseNumber {
  year: number;
  /** The court code, such as 浙0782, 粤73 or 最高法. */
  courtCode: string;
  caseType: CaseTypeCode;
  sequence: number;
}

/**
 * Court codes: the SPC is 最高法; other courts use the one-character province abbreviation
 * (兵 for the Xinjiang Production and Construction Corps courts) followed by two digits for
 * a high or intermediate court level (粤73, 浙01) or four for a basic court (浙0782).
 */
const COURT_CODE = /^(最高法|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新兵]\d{2}(\d{2})?)$/;
const CASE_NUMBER = /^[(（](\d{4})[)）](最高法|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新兵]\d{2}(?:\d{2})?)(民初|民特|执)([1-9]\d*)号$/;

const MIN_YEAR = 1949;
const MAX_YEAR = 2100;

export function isCourtCode(code: string): boolean {
  return COURT_CODE.test(code);
}

function check(parts: CaseNumber): void {
  if (!Number.isInteger(parts.year) || parts.year < MIN_YEAR || parts.year > MAX_YEAR) {
    throw badInput(`The case year must be a year between ${MIN_YEAR} and ${MAX_YEAR}`, { field: 'year', rule: 'CASE_NUMBER' });
  }
  if (!isCourtCode(parts.courtCode)) {
    throw badInput(`${parts.courtCode} is not a court code such as 浙0782, 粤73 or 最高法`, { field: 'courtCode', rule: 'CASE_NUMBER' });
  }
  if (!(parts.caseType in CASE_TYPES)) {
    throw badInput(`${parts.caseType} is not a supported case type (${Object.keys(CASE_TYPES).join(', ')})`, { field: 'caseType', rule: 'CASE_NUMBER' });
  }
  if (!Number.isSafeInteger(parts.sequence) || parts.sequence < 1) {
    throw badInput('The case sequence must be a positive whole number', { field: 'sequence', rule: 'CASE_NUMBER' });
  }
}

/** `formatCaseNumber({ year: 2026, courtCode: '浙0782', caseType: '民初', sequence: 3187 })` is `(2026)浙0782民初3187号`. */
export function formatCaseNumber(parts: CaseNumber): string {
  check(parts);
  return `(${parts.year})${parts.courtCode}${parts.caseType}${parts.sequence}号`;
}

/** Parses a case number, or returns null when it is not one (see `parseCaseNumberOrThrow`). */
export function parseCaseNumber(text: string): CaseNumber | null {
  const m = CASE_NUMBER.exec(text.trim());
  if (!m) return null;
  const parts: CaseNumber = { year: Number(m[1]), courtCode: m[2]!, caseType: m[3] as CaseTypeCode, sequence: Number(m[4]) };
  if (parts.year < MIN_YEAR || parts.year > MAX_YEAR || !Number.isSafeInteger(parts.sequence)) return null;
  return parts;
}

export function parseCaseNumberOrThrow(text: string, field = 'caseNumber'): CaseNumber {
  const parts = parseCaseNumber(text);
  if (!parts) throw badInput(`${text} is not a case number such as (2026)浙0782民初3187号`, { field, rule: 'CASE_NUMBER' });
  return parts;
}

export function isCaseNumber(text: string): boolean {
  return parseCaseNumber(text) !== null;
}

/** The canonical (ASCII-bracket) spelling, so numbers typed either way compare equal. */
export function normalizeCaseNumber(text: string): string {
  return formatCaseNumber(parseCaseNumberOrThrow(text));
}
