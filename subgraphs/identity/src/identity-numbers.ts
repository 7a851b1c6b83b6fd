import { badInput, type HubError } from '@fengqiao/subgraph-kit';

/**
 * Pure validators for the identity numbers the hub accepts. Each `check*` function returns
 * the normalised number and what its checksum says, or throws BAD_USER_INPUT naming the
 * field (`idNumber`) and the rule that failed. Nothing here touches the database.
 */

export type IdentityDocumentType = 'RESIDENT_ID' | 'HONG_KONG_ID' | 'PASSPORT' | 'UNIFIED_SOCIAL_CREDIT_CODE';
export type RegistryCheck = 'VALID' | 'NEEDS_REGISTRY_CHECK' | 'UNCHECKED';

export interface CheckedNumber {
  /** The number as stored: trimmed, upper-case, in its canonical layout. */
  normalized: string;
  registryCheck: RegistryCheck;
}

const FIELD = 'idNumber';

function reject(rule: string, message: string): HubError {
  return badInput(`${FIELD}: ${message} (${rule})`, { field: FIELD, rule });
}

// ---------------------------------------------------------------------------------------
// Mainland resident identity number, GB 11643-1999
// ---------------------------------------------------------------------------------------

/** Weights of digits 1–17 (2^(18−i) mod 11), GB 11643-1999 / ISO 7064 MOD 11-2. */
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Indexed by S mod 11. */
const RESIDENT_ID_CHECK = '10X98765432';

/**
 * First-level (province) codes of GB/T 2260 that resident ID numbers start with.
 * 71 Taiwan, 81 Hong Kong and 82 Macao are used by residence permits for those residents.
 * Only the first two digits are checked here: full county-level data comes later.
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export function isProvinceCode(code: number): boolean {
  return PROVINCE_CODES.has(code);
}

/** The check character for the first 17 digits of a resident ID number. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return RESIDENT_ID_CHECK[sum % 11]!;
}

/** Today's date in China as YYYYMMDD: birth dates are compared with the local calendar. */
function chinaToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .replaceAll('-', '');
}

/** Whether `yyyymmdd` is a real calendar date between 1900-01-01 and today (China time). */
export function isPlausibleBirthDate(yyyymmdd: string, now: Date = new Date()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return yyyymmdd >= '19000101' && yyyymmdd <= chinaToday(now);
}

export function checkResidentId(raw: string, now: Date = new Date()): CheckedNumber {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) {
    throw reject('RESIDENT_ID_FORMAT', 'a resident ID number is 17 digits followed by a digit or X');
  }
  if (!isProvinceCode(Number(value.slice(0, 2)))) {
    throw reject('RESIDENT_ID_REGION', `a resident ID number must start with a province code of GB/T 2260, not ${value.slice(0, 2)}`);
  }
  if (!isPlausibleBirthDate(value.slice(6, 14), now)) {
    throw reject('RESIDENT_ID_BIRTH_DATE', 'digits 7–14 of a resident ID number must be a real birth date (YYYYMMDD) between 1900 and today');
  }
  if (residentIdCheckDigit(value.slice(0, 17)) !== value[17]) {
    throw reject('RESIDENT_ID_CHECKSUM', 'the last character of the resident ID number does not match its GB 11643 check digit');
  }
  return { normalized: value, registryCheck: 'VALID' };
}

// ---------------------------------------------------------------------------------------
// Hong Kong identity card
// ---------------------------------------------------------------------------------------

/** Letter values A=10 … Z=35; a single-letter prefix is padded with a space worth 36. */
function hkCharValue(c: string): number {
  if (c === ' ') return 36;
  if (/^[A-Z]$/.test(c)) return c.charCodeAt(0) - 55;
  return Number(c);
}

/**
 * The HKID check character for a prefix of one or two letters and six digits: weights
 * 9…2 over the (space-padded) eight characters, check = 11 − S mod 11, where 10 is
 * written 'A' and 11 is written '0'.
 */
export function hkIdCheckDigit(prefix: string, digits: string): string {
  if (!/^[A-Z]{1,2}$/.test(prefix) || !/^\d{6}$/.test(digits)) throw new RangeError('hkIdCheckDigit needs 1–2 letters and 6 digits');
  const chars = (prefix.length === 1 ? ` ${prefix}` : prefix) + digits;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += hkCharValue(chars[i]!) * (9 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

const HKID_SHAPE = /^([A-Z]{1,2})(\d{6})(?:\(([0-9A])\)|([0-9A]))$/;

/** Accepts `A123456(3)` or `A1234563` (spaces ignored); stores `A123456(3)`. */
export function checkHongKongId(raw: string): CheckedNumber {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  const m = HKID_SHAPE.exec(value);
  if (!m) throw reject('HK_ID_FORMAT', 'a Hong Kong identity card number is 1–2 letters, 6 digits and a check digit (0–9 or A), e.g. A123456(3)');
  const [, prefix, digits, bracketed, bare] = m;
  const check = bracketed ?? bare!;
  if (hkIdCheckDigit(prefix!, digits!) !== check) {
    throw reject('HK_ID_CHECKSUM', 'the check digit of the Hong Kong identity card number does not match');
  }
  return { normalized: `${prefix}${digits}(${check})`, registryCheck: 'VALID' };
}

// ---------------------------------------------------------------------------------------
// Passport (and foreign registration numbers of organisations)
// ---------------------------------------------------------------------------------------

/** Kept as given (upper-cased): the hub cannot check passports itself. */
export function checkPassport(raw: string): CheckedNumber {
  const value = raw.trim().toUpperCase();
  if (!/^[A-Z0-9]{5,20}$/.test(value)) {
    throw reject('PASSPORT_FORMAT', 'a passport or foreign registration number is 5 to 20 letters and digits');
  }
  return { normalized: value, registryCheck: 'UNCHECKED' };
}

// ---------------------------------------------------------------------------------------
// Unified social credit code, GB 32100-2015
// ---------------------------------------------------------------------------------------

/** 31 characters, values 0–30: the digits and the capitals without I, O, S, V and Z. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/**
 * Shape: registration authority and organisation type (2 characters of the alphabet), the
 * 6-digit administrative division code, the 9-character organisation code, the check char.
 */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`${first17[i]} is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * A code of the wrong shape is refused; a code of the right shape whose check character
 * fails is kept with NEEDS_REGISTRY_CHECK, because some early real codes fail it.
 */
export function checkUscc(raw: string): CheckedNumber {
  const value = raw.trim().toUpperCase();
  if (!USCC_SHAPE.test(value)) {
    throw reject('USCC_FORMAT', 'a unified social credit code is 18 characters of 0-9 and A-Y without I, O, S, V, Z, with digits 3–8 a region code');
  }
  const valid = usccCheckChar(value.slice(0, 17)) === value[17];
  return { normalized: value, registryCheck: valid ? 'VALID' : 'NEEDS_REGISTRY_CHECK' };
}

// ---------------------------------------------------------------------------------------

export function checkIdNumber(idType: IdentityDocumentType, raw: string, now: Date = new Date()): CheckedNumber {
  switch (idType) {
    case 'RESIDENT_ID':
      return checkResidentId(raw, now);
    case 'HONG_KONG_ID':
      return checkHongKongId(raw);
    case 'PASSPORT':
      return checkPassport(raw);
    case 'UNIFIED_SOCIAL_CREDIT_CODE':
      return checkUscc(raw);
  }
}

/** Boolean forms for callers that only need a yes or no. */
export function isValidResidentId(value: string, now: Date = new Date()): boolean {
  try {
    checkResidentId(value, now);
    return true;
  } catch {
    return false;
  }
}

export function isValidHongKongId(value: string): boolean {
  try {
    checkHongKongId(value);
    return true;
  } catch {
    return false;
  }
}

export function isValidUscc(value: string): boolean {
  const value2 = value.trim().toUpperCase();
  return USCC_SHAPE.test(value2) && usccCheckChar(value2.slice(0, 17)) === value2[17];
}
