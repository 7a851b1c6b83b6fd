import type { Context } from '../context.js';
import { consentStatus } from '../credit-manager.js';
import type { CreditConsentRow } from '../db/schema.js';

export const CreditConsent = {
  subject: (c: CreditConsentRow) => ({ __typename: 'Party', id: c.subjectId }),
  status: (c: CreditConsentRow, _: unknown, ctx: Context) => consentStatus(c, ctx.services.clock.now()),
};
