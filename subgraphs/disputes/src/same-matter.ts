import { legalRules } from '@fengqiao/subgraph-kit';
import type { DisputeRow } from './db/schema.js';

/**
 * A buyer may open a dispute on an order while another one on it is still open. The hub does
 * not refuse it: a second complaint about one order can be about another problem (a late
 * delivery, then a defect), and only a court decides that two claims are the same one. But it
 * says so: `Dispute.openDisputesOnSameOrder` lists the other disputes still open between the
 * same claimant and respondent, on the same order and in the same category, so the filer (and
 * whoever handles either) sees it at once and can continue on the first instead of filing
 * again — the "file once" promise of the hub.
 *
 * The court-side rule it mirrors: a repeated lawsuit — same parties, same subject matter, same
 * claims, brought while the first is pending or after it was decided — is refused (SPC
 * Interpretation on the Application of the Civil Procedure Law, 法释〔2022〕11号, art. 247
 * (verify the number in the current text)). The courts subgraph already refuses a second
 * lawsuit for one dispute (CONFLICT). The hub's "same order, same parties, same category" is a
 * proxy for "same subject matter", which it cannot judge.
 */
export const SAME_MATTER_CLOSED: readonly DisputeRow['status'][] = ['RESOLVED', 'WITHDRAWN'];

export const SAME_MATTER_RULES = legalRules([
  {
    id: 'SAME_ORDER_DISPUTE_WARNED',
    instrument: 'SPC Interpretation on the Application of the Civil Procedure Law of the PRC (法释〔2022〕11号)',
    article: 'art. 247 (repeated suits)',
    hubDoes: 'A dispute filed while another one between the same claimant and respondent on the same order and in the same category is still open is accepted, and openDisputesOnSameOrder names the open one; a second lawsuit for one dispute is refused by the courts (CONFLICT).',
    verify: 'the article number in the current interpretation; the hub applies it only as a warning, by proxy (same order, parties and category)',
    test: { file: 'subgraphs/disputes/tests/disputes.test.ts', name: 'a second dispute on the same order is accepted and names the one still open' },
  },
]);
