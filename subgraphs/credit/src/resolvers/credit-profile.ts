import type { CreditProfile as Profile, JudicialCreditReport as Report } from '../credit-manager.js';

export const CreditProfile = {
  party: (p: Profile) => ({ __typename: 'Party', id: p.partyId }),
};

export const JudicialCreditReport = {
  party: (r: Report) => ({ __typename: 'Party', id: r.partyId }),
};
