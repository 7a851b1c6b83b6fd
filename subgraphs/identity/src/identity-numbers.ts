import { badInput, legalRules, type HubError } from '@fengqiao/subgraph-kit';
import { isKnownDivisionCode } from './divisions/index.js';

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
 * Digits 1–6 of the numbers on residence permits for residents of Hong Kong (810000),
 * Macao (820000) and Taiwan (830000), under the State Council's 2018 measures. 830000 is
 * no GB/T 2260 code (Taiwan's is 710000), so the division data cannot vouch for it.
 */
const RESIDENCE_PERMIT_CODES = new Set(['810000', '820000', '830000']);

export function isResidencePermitCode(code: string): boolean {
  return RESIDENCE_PERMIT_CODES.has(code);
}

/**
 * Whether digits 1–6 can begin a resident ID number: a GB/T 2260 code, current or abolished
 * since 1980 (a number keeps the code of the division that issued it), or a residence-permit
 * prefix. A division created after the data package was published is refused until the
 * package is updated; the message then names the code so that the case can be checked.
 */
export function isResidentIdRegion(code: string): boolean {
  return RESIDENCE_PERMIT_CODES.has(code) || isKnownDivisionCode(code);
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
  const region = value.slice(0, 6);
  if (!isResidentIdRegion(region)) {
    throw reject(
      'RESIDENT_ID_REGION',
      `digits 1–6 of a resident ID number must be a GB/T 2260 division code; ${region} is not one (codes abolished since 1980 are accepted too)`,
    );
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

/** Characters 3–8 of codes issued by central registration authorities (the SAMR, ministries). */
export const USCC_CENTRAL_REGISTRATION = '100000';

/** Whether characters 3–8 name a registration authority's division we know. */
export function isUsccRegion(code: string): boolean {
  return code === USCC_CENTRAL_REGISTRATION || isKnownDivisionCode(code);
}

/**
 * A code of the wrong shape is refused. A code of the right shape is kept, but marked
 * NEEDS_REGISTRY_CHECK when its check character fails (some early real codes fail it) or
 * when characters 3–8 are no division we know: some authorities, such as those of development
 * zones, have codes of their own outside GB/T 2260, and divisions newer than our data exist,
 * so refusing would turn away real organisations; the registry decides.
 */
export function checkUscc(raw: string): CheckedNumber {
  const value = raw.trim().toUpperCase();
  if (!USCC_SHAPE.test(value)) {
    throw reject('USCC_FORMAT', 'a unified social credit code is 18 characters of 0-9 and A-Y without I, O, S, V, Z, with digits 3–8 a region code');
  }
  const valid = usccCheckChar(value.slice(0, 17)) === value[17] && isUsccRegion(value.slice(2, 8));
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

/** True only for what checkUscc would store as VALID: right shape, check character and region. */
export function isValidUscc(value: string): boolean {
  try {
    return checkUscc(value).registryCheck === 'VALID';
  } catch {
    return false;
  }
}

const NUMBER_TESTS = 'subgraphs/identity/tests/identity-numbers.test.ts';

export const IDENTITY_NUMBER_RULES = legalRules([
  {
    id: 'RESIDENT_ID_CHECK_DIGIT', instrument: 'GB 11643-1999 Citizen identification number (公民身份号码)', article: 'clauses 6–7 (ISO 7064 MOD 11-2)',
    hubDoes: 'A resident ID number has 18 characters, a plausible birth date in digits 7–14 and the MOD 11-2 check character last; otherwise BAD_USER_INPUT naming the field and rule.',
    verify: 'the clause numbers of the standard',
    test: { file: NUMBER_TESTS, name: 'each failure names the field and the rule' },
  },
  {
    id: 'RESIDENT_ID_REGION_IS_A_DIVISION', instrument: 'GB/T 2260 Codes for the administrative divisions of the PRC', article: 'the six-digit division codes (current and abolished since 1980)',
    hubDoes: 'Digits 1–6 of a resident ID number must be a GB/T 2260 division, current or abolished (RESIDENT_ID_REGION otherwise); 810000–830000 are residence permits.',
    test: { file: NUMBER_TESTS, name: 'all six digits are checked' },
  },
  {
    id: 'USCC_CHECK_CHARACTER', instrument: 'GB 32100-2015 Coding rule of the unified social credit identifier for legal entities and other organizations', article: 'clause 4 (check character, modulus 31)',
    hubDoes: 'A unified social credit code of the right shape whose check character or division fails is kept as NEEDS_REGISTRY_CHECK, not refused: some early real codes fail the checksum.',
    verify: 'the clause number',
    test: { file: NUMBER_TESTS, name: 'a failing check character needs a registry check' },
  },
]);
