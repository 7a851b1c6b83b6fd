import { defineLifecycle, legalRules } from '@fengqiao/subgraph-kit';

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

const SPC_DISCREDITED_LIST = 'SPC Several Provisions on Publishing the List of Discredited Judgment Debtors (最高人民法院关于公布失信被执行人名单信息的若干规定, 2017 revision)';

export const ENFORCEMENT_RULES = legalRules([
  {
    id: 'CONFIRMED_SETTLEMENT_ENFORCED_ON_DEFAULT', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'arts. 206 and 235',
    hubDoes: 'A missed instalment of a judicially confirmed settlement opens one enforcement case at the confirming court for what is outstanding.',
    verify: 'the article numbers (arts. 202 and 231 in the 2021 text)',
    test: { file: 'subgraphs/courts/tests/enforcement-on-default.test.ts', name: 'opens an enforcement case at the confirming court' },
  },
  {
    id: 'AWARD_ENFORCED_BY_NAMED_COURT', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 248 (and SPC Provisions on Enforcement of Arbitral Awards, 法释〔2018〕5号, art. 2)',
    hubDoes: 'A missed instalment of an arbitral award opens an enforcement case at the court the award\'s creditor named.',
    verify: 'the article numbers',
    test: { file: 'subgraphs/courts/tests/enforcement-on-default.test.ts', name: 'opens an enforcement case at the court the award names' },
  },
  {
    id: 'DISCREDITED_LISTING_GROUNDS', instrument: SPC_DISCREDITED_LIST, article: 'art. 1',
    hubDoes: 'Only the court enforcing a case still open lists its debtor, on one of the six grounds of art. 1 with a statement of the conduct; one listing per case.',
    verify: 'the order of the six grounds',
    test: { file: 'subgraphs/courts/tests/discredited-list.test.ts', name: 'the enforcing court lists the debtor of its case' },
  },
  {
    id: 'DISCREDITED_LISTING_REMOVED_ON_PERFORMANCE', instrument: SPC_DISCREDITED_LIST, article: 'art. 10(1)',
    hubDoes: 'When the obligation is performed in full (a judgment recorded performed, a settlement\'s or award\'s last instalment paid) the listing is removed at once, well within the three working days art. 10 allows, and DebtorDelisted tells credit.',
    verify: 'the wording of art. 10; its other grounds (the applicant\'s request, termination of enforcement…) are not supported',
    test: { file: 'subgraphs/courts/tests/discredited-list.test.ts', name: 'concludes the enforcement and removes the listing in one step' },
  },
]);
