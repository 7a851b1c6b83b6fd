import { isKnownDivisionCode } from './divisions/index.js';
import { isResidencePermitCode, type IdentityDocumentType } from './identity-numbers.js';

/**
 * The GB/T 2260 division code embedded in an identity number, for deciding which court is
 * competent (the courts subgraph @requires it as `Dispute.respondentRegionCode`):
 *
 * - a mainland resident identity number (GB 11643-1999): digits 1–6, the division where the
 *   number was issued at registration of permanent residence (the birthplace for most people);
 *   usually a county, possibly one abolished since (look it up with `divisionOf`, whose
 *   `current` is then false, to find its province and city);
 * - a unified social credit code (GB 32100-2015): characters 3–8, the division of the
 *   registration authority: a county for most businesses, a city or province when a higher
 *   authority registered it.
 *
 * Null when the code is no division we know: documents without one (Hong Kong identity
 * cards, passports), central registrations (100000), development-zone and other codes
 * outside GB/T 2260, and residence permits of Hong Kong, Macao and Taiwan residents
 * (810000/820000/830000), which name the holder's home region, not a mainland place.
 *
 * This is the place of registration, not necessarily where a person lives or an organisation
 * does business, so it only approximates the domicile that civil jurisdiction follows; a
 * postal address parsed by `addresses/` says more when there is one. Pure: no database.
 */
export function registrationRegionCode(idType: IdentityDocumentType, idNumber: string): string | null {
  const code = idType === 'RESIDENT_ID' ? idNumber.slice(0, 6)
    : idType === 'UNIFIED_SOCIAL_CREDIT_CODE' ? idNumber.slice(2, 8)
    : null;
  if (code === null || isResidencePermitCode(code)) return null;
  return isKnownDivisionCode(code) ? code : null;
}
