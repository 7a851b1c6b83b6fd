import type { IdentityDocumentType } from './identity-numbers.js';

/**
 * The GB/T 2260 division code embedded in an identity number, for deciding which court is
 * competent (the courts subgraph @requires it as `Dispute.respondentRegionCode`):
 *
 * - a mainland resident identity number (GB 11643-1999): digits 1–6, the division where the
 *   number was issued at registration of permanent residence (the birthplace for most people);
 * - a unified social credit code (GB 32100-2015): characters 3–8, the division of the
 *   registration authority.
 *
 * Other documents (Hong Kong identity cards, passports) carry no division: null.
 *
 * This is the place of registration, not necessarily where a person lives or an organisation
 * does business, so it only approximates the domicile that civil jurisdiction follows. It
 * stands in until issue 4 parses postal addresses. Pure: unit-tested without a database.
 */
export function registrationRegionCode(idType: IdentityDocumentType, idNumber: string): string | null {
  const code = idType === 'RESIDENT_ID' ? idNumber.slice(0, 6)
    : idType === 'UNIFIED_SOCIAL_CREDIT_CODE' ? idNumber.slice(2, 8)
    : null;
  return code !== null && /^\d{6}$/.test(code) && !code.startsWith('00') ? code : null;
}
