import {
  badInput, newId, type DebtorDelistedPayload, type DebtorDiscreditedPayload, type DiscreditGround, type ObligationPerformedPayload,
} from '@fengqiao/subgraph-kit';
import type { CreditStore } from './credit-store.js';

/** The grounds as the SPC provisions (2017) art. 1 state them (verify), for the record's summary. */
const GROUNDS: Record<DiscreditGround, string> = {
  REFUSES_DESPITE_ABILITY: 'able to perform, but refuses to (art. 1(1))',
  OBSTRUCTS_ENFORCEMENT: 'obstructs or resists enforcement with forged evidence, violence or threats (art. 1(2))',
  EVADES_ENFORCEMENT: 'evades enforcement by false litigation or arbitration or by concealing or transferring property (art. 1(3))',
  VIOLATES_PROPERTY_REPORTING: 'violates the property-reporting system (art. 1(4))',
  VIOLATES_CONSUMPTION_RESTRICTION: 'violates a consumption-restriction order (art. 1(5))',
  REFUSES_ENFORCEMENT_SETTLEMENT: 'refuses without a justified reason to perform a settlement reached in enforcement (art. 1(6))',
};

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw badInput(`${field} is not a timestamp`, { field, rule: 'EVENT_CONTRACT' });
  return at;
}

/**
 * Credit records from what the other subgraphs publish: the courts' list of discredited
 * judgment debtors, and performance of settlements and awards. Each method runs inside the
 * event consumer's transaction, so its write and the consumer's position commit together;
 * the unique source reference makes a repeated event harmless as well.
 */
export class CreditLedger {
  constructor(private readonly store: CreditStore) {}

  async debtorDiscredited(p: DebtorDiscreditedPayload): Promise<void> {
    await this.store.insertRecordOnce({
      id: newId('crr'), partyId: p.debtorId, kind: 'DISCREDITED_DEBTOR',
      summary: `Listed as a discredited judgment debtor in ${p.caseNumber}: ${GROUNDS[p.ground]}. ${p.statement}`,
      sourceCaseNumber: p.caseNumber, sourceReference: p.listingId, listedAt: instant(p.listedAt, 'listedAt'),
    });
  }

  /** The record is kept, marked removed: the subject, courts and admins still see the history. */
  async debtorDelisted(p: DebtorDelistedPayload): Promise<void> {
    await this.store.removeListing(p.listingId, instant(p.removedAt, 'removedAt'), p.reason);
  }

  /** Positive credit for the debtor who performed; the creditor's credit is not in question. */
  async obligationPerformed(p: ObligationPerformedPayload): Promise<void> {
    const what = p.obligation === 'SETTLEMENT' ? 'the settlement agreement' : 'the arbitration award';
    await this.store.insertRecordOnce({
      id: newId('crr'), partyId: p.debtorId, kind: 'PERFORMANCE',
      summary: `Performed ${what} ${p.obligationId} in full (${p.totalAmount} yuan)`,
      sourceCaseNumber: null, sourceReference: p.obligationId, listedAt: instant(p.performedAt, 'performedAt'),
    });
  }
}
