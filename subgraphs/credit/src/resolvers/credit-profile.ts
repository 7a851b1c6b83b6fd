import type { CreditProfile as Profile } from '../credit-manager.js';

export const CreditProfile = {
  party: (p: Profile) => ({ __typename: 'Party', id: p.partyId }),
};
