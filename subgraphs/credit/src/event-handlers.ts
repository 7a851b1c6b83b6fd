import {
  badInput, DEBTOR_DELISTED, DEBTOR_DISCREDITED, debtorDelistedPayload, debtorDiscreditedPayload, OBLIGATION_PERFORMED, obligationPerformedPayload,
  type EventHandler, type EventSubscription,
} from '@fengqiao/subgraph-kit';
import type { z } from 'zod';
import type { CreditLedger } from './credit-ledger.js';
import type { CreditServices } from './services.js';

/**
 * One contract-checked handler: a payload that breaks the contract is refused (consumed and
 * logged by the kit's consumer), not retried for ever.
 */
function handle<S extends z.ZodTypeAny>(schema: S, apply: (ledger: CreditLedger, payload: z.infer<S>) => Promise<void>): EventHandler<CreditServices> {
  return async (event, services) => {
    const parsed = schema.safeParse(event.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(`The ${event.type} payload does not match the contract: ${issue?.path.join('.')} ${issue?.message}`, { rule: 'EVENT_CONTRACT' });
    }
    await apply(services.ledger, parsed.data);
  };
}

const performed = handle(obligationPerformedPayload, (ledger, p) => ledger.obligationPerformed(p));

/** courts: the discredited list; mediation and arbitration: settlements and awards performed. */
export const consumes: EventSubscription<CreditServices>[] = [
  {
    source: 'courts',
    handlers: {
      [DEBTOR_DISCREDITED]: handle(debtorDiscreditedPayload, (ledger, p) => ledger.debtorDiscredited(p)),
      [DEBTOR_DELISTED]: handle(debtorDelistedPayload, (ledger, p) => ledger.debtorDelisted(p)),
    },
  },
  { source: 'mediation', handlers: { [OBLIGATION_PERFORMED]: performed } },
  { source: 'arbitration', handlers: { [OBLIGATION_PERFORMED]: performed } },
];
