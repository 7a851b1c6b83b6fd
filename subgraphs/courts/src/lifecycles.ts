import { defineLifecycle } from '@fengqiao/subgraph-kit';

export type LitigationState = 'FILED' | 'TRANSFERRED' | 'IN_TRIAL' | 'JUDGED' | 'MEDIATED' | 'WITHDRAWN';

/**
 * A lawsuit: FILED → IN_TRIAL → JUDGED, or ended early by mediation in court or withdrawal.
 * `recordHearing` keeps the case IN_TRIAL but is checked like a move, so a hearing cannot be
 * recorded on a case not (or no longer) in trial. TRANSFERRED is never entered: a case filed
 * at a court without jurisdiction is moved at once and stays FILED (see `transfers`).
 */
export const litigationLifecycle = defineLifecycle<LitigationState, 'scheduleTrial' | 'recordHearing' | 'recordJudgment' | 'recordCourtMediation' | 'withdrawLawsuit'>(
  'lawsuit',
  {
    scheduleTrial: { from: ['FILED'], to: 'IN_TRIAL' },
    recordHearing: { from: ['IN_TRIAL'], to: 'IN_TRIAL' },
    recordJudgment: { from: ['IN_TRIAL'], to: 'JUDGED' },
    recordCourtMediation: { from: ['FILED', 'IN_TRIAL'], to: 'MEDIATED' },
    withdrawLawsuit: { from: ['FILED', 'IN_TRIAL'], to: 'WITHDRAWN' },
  },
);
export type LitigationAction = keyof typeof litigationLifecycle.actions;

/** Cases a test-case group may take in: not yet judged or ended. */
export const OPEN_LITIGATION_STATES: readonly LitigationState[] = ['FILED', 'IN_TRIAL'];

export type ConfirmationState = 'APPLIED' | 'CONFIRMED' | 'REJECTED';

/** Judicial confirmation: the court rules once, confirming the agreement or rejecting the application. */
export const confirmationLifecycle = defineLifecycle<ConfirmationState, 'confirm' | 'reject'>('judicial confirmation', {
  confirm: { from: ['APPLIED'], to: 'CONFIRMED' },
  reject: { from: ['APPLIED'], to: 'REJECTED' },
});

export type EnforcementState = 'APPLIED' | 'CONCLUDED';

/**
 * Enforcement: APPLIED until the obligation is performed in full (CONCLUDED). Listing the
 * debtor as discredited keeps the case APPLIED but is checked like a move: a performed
 * obligation gives no ground for listing (art. 1 of the SPC provisions presupposes
 * non-performance (verify)).
 */
export const enforcementLifecycle = defineLifecycle<EnforcementState, 'listDiscreditedDebtor' | 'recordPerformance'>('enforcement case', {
  listDiscreditedDebtor: { from: ['APPLIED'], to: 'APPLIED' },
  recordPerformance: { from: ['APPLIED'], to: 'CONCLUDED' },
});
