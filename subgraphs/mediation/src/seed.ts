import { DEMO } from '@fengqiao/subgraph-kit';
import { settlementHash } from './mediation-manager.js';
import type {
  NewContactAttempt, NewInstalmentPerformance, NewMediationCase, NewMediationFact, NewMediationOrganization, NewMediationSession, NewMediator, NewSettlementAgreement,
} from './mediation-store.js';
import type { MediationServices } from './services.js';

const P = DEMO.parties;
const D = DEMO.disputes;
const ORG = DEMO.mediationOrganizations;
const M = DEMO.mediators;
const at = (iso: string) => new Date(`${iso}+08:00`);

/** Ids of the seeded mediation cases (not in the kit's DEMO: no other subgraph refers to them). */
export const DEMO_CASES = {
  inMediation: 'mca_demo_in_mediation',
  settledAndConfirmed: 'mca_demo_settled_confirmed',
  mediationFailedToCourt: 'mca_demo_mediation_failed_litigation',
  withdrawn: 'mca_demo_withdrawn',
} as const;
export const DEMO_SETTLEMENT_ID = 'sag_demo_settled_confirmed';

/**
 * Real organisations, named as in the sources:
 * - The Commercial Mediation Commission of the Guangzhou Economic Law Association entered
 *   the Guangzhou Internet Court's DDR platform in 2019 as a specially invited mediation
 *   agency (seed 000 §6).
 * - Yiwu's court-annexed "docking center for trade dispute litigation and mediation"
 *   behind the Yiwu Commerce and Trade Dispute Litigation and Mediation Docking Cloud
 *   Platform (seed 001 §1–2).
 * - The Guangdong People's Mediation Commission for Intellectual Property Disputes, one of
 *   the five people's mediation commissions on the same DDR platform (seed 000 §6).
 * - eBRAM International Online Dispute Resolution Centre (Hong Kong), which runs the
 *   Greater Bay Area Online Collaborative Platform with ADR institutions in Guangdong and
 *   Macao (launched July 2024). Not named in the seeds; the seeds (000 §2.2, §3.1; 004 §III)
 *   only describe the Hong Kong and Macao mediators working on the Guangzhou platform.
 */
const organizations: NewMediationOrganization[] = [
  { id: ORG.gzInternetCourtDdr, name: 'Guangzhou Commercial Mediation Commission (Guangzhou Economic Law Association)', kind: 'COURT_INVITED', region: 'Guangzhou', createdAt: at('2026-01-02T09:00:00') },
  { id: ORG.yiwuMarketMediation, name: 'Yiwu Commerce and Trade Dispute Litigation and Mediation Docking Center', kind: 'COURT_INVITED', region: 'Yiwu', createdAt: at('2026-01-02T09:00:00') },
  { id: ORG.hkMacaoMediation, name: 'eBRAM International Online Dispute Resolution Centre', kind: 'CROSS_BORDER', region: 'Hong Kong', createdAt: at('2026-01-02T09:00:00') },
  { id: 'mor_gd_ip_peoples', name: "Guangdong People's Mediation Commission for Intellectual Property Disputes", kind: 'PEOPLES_MEDIATION', region: 'Guangdong', createdAt: at('2026-01-02T09:00:00') },
];

/** Fictional mediators. Mainland practice is mostly evaluative; Hong Kong and Macao facilitative (seed 000 §2.2). */
const mediatorRows: NewMediator[] = [
  { id: M.chenJing, organizationId: ORG.gzInternetCourtDdr, name: 'Chen Jing', expertise: ['TRADEMARK', 'COPYRIGHT', 'UNFAIR_COMPETITION', 'ONLINE_SERVICE'], languages: ['Mandarin', 'Cantonese'], model: 'EVALUATIVE', region: 'Guangzhou', rating: 4.6, ratingsCount: 38 },
  { id: M.wongKaMing, organizationId: ORG.hkMacaoMediation, name: 'Wong Ka-ming', expertise: ['CONTRACT', 'CONSUMER_PURCHASE', 'TRADEMARK'], languages: ['Cantonese', 'English', 'Mandarin'], model: 'FACILITATIVE', region: 'Hong Kong', rating: 4.8, ratingsCount: 21 },
  { id: M.zhouLei, organizationId: ORG.yiwuMarketMediation, name: 'Zhou Lei', expertise: ['CONTRACT', 'CONSUMER_PURCHASE'], languages: ['Mandarin'], model: 'EVALUATIVE', region: 'Yiwu', rating: 4.3, ratingsCount: 57 },
  { id: M.linXiaoyan, organizationId: ORG.hkMacaoMediation, name: 'Lin Xiaoyan', expertise: ['CONTRACT', 'COPYRIGHT', 'CONSUMER_PURCHASE'], languages: ['Cantonese', 'Portuguese', 'Mandarin'], model: 'FACILITATIVE', region: 'Macao', rating: null, ratingsCount: 0 },
];

/** The parties are copied from the disputes subgraph's seed, as a referral would carry them. */
const cases: NewMediationCase[] = [
  { id: DEMO_CASES.inMediation, disputeId: D.inMediation, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, organizationId: ORG.gzInternetCourtDdr, mediatorId: M.chenJing, status: 'IN_SESSION', referredByRole: 'court', referredById: DEMO.courts.guangzhouInternet, acknowledgedAt: at('2026-10-21T10:00:00'), offeredOrganizationIds: [ORG.gzInternetCourtDdr], category: 'TRADEMARK', language: 'Mandarin', claimantJurisdiction: 'MAINLAND', respondentJurisdiction: 'MAINLAND', referredAt: at('2026-10-21T09:30:00'), closedAt: null, updatedAt: at('2026-10-23T09:30:00') },
  { id: DEMO_CASES.settledAndConfirmed, disputeId: D.settledAndConfirmed, claimantId: P.hkTrader, respondentId: P.merchantYiwuCrafts, organizationId: ORG.yiwuMarketMediation, mediatorId: M.zhouLei, status: 'SETTLED', referredByRole: 'platform', referredById: DEMO.platforms.silkRoadMall, acknowledgedAt: at('2026-08-10T10:00:00'), offeredOrganizationIds: [ORG.yiwuMarketMediation], category: 'CONSUMER_PURCHASE', language: 'Mandarin', claimantJurisdiction: 'HONG_KONG', respondentJurisdiction: 'MAINLAND', referredAt: at('2026-08-10T09:30:00'), closedAt: at('2026-08-19T09:30:00'), updatedAt: at('2026-08-19T09:30:00') },
  { id: DEMO_CASES.mediationFailedToCourt, disputeId: D.mediationFailedToCourt, claimantId: P.supplierCo, respondentId: P.discreditedDebtor, organizationId: ORG.yiwuMarketMediation, mediatorId: M.zhouLei, status: 'FAILED', referredByRole: 'admin', referredById: null, acknowledgedAt: at('2026-07-02T10:00:00'), offeredOrganizationIds: [ORG.yiwuMarketMediation], category: 'CONTRACT', language: 'Mandarin', claimantJurisdiction: 'MAINLAND', respondentJurisdiction: 'MAINLAND', referredAt: at('2026-07-02T09:30:00'), closedAt: at('2026-07-20T09:30:00'), updatedAt: at('2026-07-20T09:30:00'), terminationReport: 'The respondent acknowledges delivery of the 2,000 toy sets but says it cannot pay before its own customers pay it, and rejects any instalment plan. The parties could not agree; the mediation is terminated and the claimant will file with the Yiwu People\'s Court.', terminatedAt: at('2026-07-20T09:00:00') },
  { id: DEMO_CASES.withdrawn, disputeId: D.withdrawn, claimantId: P.buyerZhangWei, respondentId: P.copycatSeller, organizationId: ORG.gzInternetCourtDdr, mediatorId: M.chenJing, status: 'WITHDRAWN', referredByRole: 'admin', referredById: null, acknowledgedAt: at('2026-05-07T10:00:00'), offeredOrganizationIds: [ORG.gzInternetCourtDdr], category: 'ONLINE_SERVICE', language: 'Mandarin', referredAt: at('2026-05-07T09:30:00'), closedAt: at('2026-05-20T09:30:00'), updatedAt: at('2026-05-20T09:30:00'), withdrawalReason: 'The respondent could not be reached by virtual number, SMS or e-mail over ten days.' },
];

export const DEMO_SETTLEMENT_TERMS = [
  'Settlement agreement in the matter of 300 phone cases delivered in the wrong colour (order SRM20260726118804).',
  '1. The respondent (Yiwu Festival Crafts) refunds the claimant 3,600 yuan in two instalments: 1,800 yuan by 2026-08-31 and 1,800 yuan by 2026-09-30, to the account from which the order was paid.',
  '2. The claimant keeps the 300 phone cases delivered and waives all further claims arising from the order.',
  '3. The parties will jointly apply to the Yiwu People\'s Court for judicial confirmation of this agreement within 30 days of its signature.',
].join('\n');

export const DEMO_SETTLEMENT_INSTALMENTS = [
  { amount: '1800.00', dueDate: '2026-08-31' },
  { amount: '1800.00', dueDate: '2026-09-30' },
];

const settlements: NewSettlementAgreement[] = [
  {
    id: DEMO_SETTLEMENT_ID, caseId: DEMO_CASES.settledAndConfirmed, terms: DEMO_SETTLEMENT_TERMS, instalments: DEMO_SETTLEMENT_INSTALMENTS,
    contentHash: settlementHash(DEMO_SETTLEMENT_TERMS, DEMO_SETTLEMENT_INSTALMENTS), draftedBy: M.zhouLei,
    claimantSignedAt: at('2026-08-19T09:10:00'), respondentSignedAt: at('2026-08-19T09:30:00'), signedAt: at('2026-08-19T09:30:00'),
    createdAt: at('2026-08-18T16:00:00'), updatedAt: at('2026-08-19T09:30:00'),
  },
];

/**
 * The settled case's refund as it was performed: the first instalment paid on time, the
 * second missed when 2026-09-30 passed and paid late, so the agreement is performed and its
 * history shows the default.
 */
const performanceRows: NewInstalmentPerformance[] = [
  { settlementId: DEMO_SETTLEMENT_ID, number: 1, dueDate: '2026-08-31', status: 'PAID', paidAt: at('2026-08-29T15:20:00'), paymentRecordedBy: `party:${P.hkTrader}`, updatedAt: at('2026-08-29T15:20:00') },
  { settlementId: DEMO_SETTLEMENT_ID, number: 2, dueDate: '2026-09-30', status: 'PAID', missedAt: at('2026-10-01T00:01:00'), paidAt: at('2026-10-09T11:00:00'), paymentRecordedBy: `mediator:${M.zhouLei}`, updatedAt: at('2026-10-09T11:00:00') },
];

const contactAttemptRows: NewContactAttempt[] = [
  { id: 'cta_demo_in_mediation_1', caseId: DEMO_CASES.inMediation, reached: true, channel: 'VIRTUAL_NUMBER', note: 'Reached the store owner; SMS with the mediator extension sent at the same time.', mediatorId: M.chenJing, attemptedAt: at('2026-10-22T10:00:00') },
  { id: 'cta_demo_withdrawn_1', caseId: DEMO_CASES.withdrawn, reached: false, channel: 'VIRTUAL_NUMBER', note: 'No answer.', mediatorId: M.chenJing, attemptedAt: at('2026-05-09T10:00:00') },
  { id: 'cta_demo_withdrawn_2', caseId: DEMO_CASES.withdrawn, reached: false, channel: 'SMS', note: 'No reply.', mediatorId: M.chenJing, attemptedAt: at('2026-05-12T10:00:00') },
  { id: 'cta_demo_withdrawn_3', caseId: DEMO_CASES.withdrawn, reached: false, channel: 'EMAIL', note: 'Bounced.', mediatorId: M.chenJing, attemptedAt: at('2026-05-19T10:00:00') },
];

const sessionRows: NewMediationSession[] = [
  { id: 'mss_demo_in_mediation_1', caseId: DEMO_CASES.inMediation, stage: 'OPENING_REMARKS', heldAt: at('2026-10-23T09:30:00'), summary: 'Explained the process, confidentiality and the goodwill-protection style chosen for the case.', recordedBy: M.chenJing },
  { id: 'mss_demo_settled_1', caseId: DEMO_CASES.settledAndConfirmed, stage: 'JOINT_MEETING', heldAt: at('2026-08-14T14:00:00'), summary: 'Both parties stated their positions; the store offered an exchange, the trader asked for a refund.', recordedBy: M.zhouLei },
  { id: 'mss_demo_settled_2', caseId: DEMO_CASES.settledAndConfirmed, stage: 'INDIVIDUAL_INTERVIEW', heldAt: at('2026-08-15T10:00:00'), summary: 'Caucus with each party on a partial refund in instalments.', recordedBy: M.zhouLei },
  { id: 'mss_demo_failed_1', caseId: DEMO_CASES.mediationFailedToCourt, stage: 'JOINT_MEETING', heldAt: at('2026-07-10T14:00:00'), summary: 'The respondent acknowledged delivery and the unpaid price but refused any payment plan.', recordedBy: M.zhouLei },
];

const factRows: NewMediationFact[] = [
  { id: 'mft_demo_failed_1', caseId: DEMO_CASES.mediationFailedToCourt, position: 0, statement: 'The claimant delivered 2,000 toy sets to the respondent on 2026-05-28.', claimantConfirmedAt: at('2026-07-20T09:05:00'), respondentConfirmedAt: at('2026-07-20T09:10:00'), createdAt: at('2026-07-20T09:00:00') },
  { id: 'mft_demo_failed_2', caseId: DEMO_CASES.mediationFailedToCourt, position: 1, statement: 'The agreed price was 126,000 yuan, of which nothing has been paid.', claimantConfirmedAt: at('2026-07-20T09:05:00'), respondentConfirmedAt: at('2026-07-20T09:10:00'), createdAt: at('2026-07-20T09:00:00') },
  { id: 'mft_demo_failed_3', caseId: DEMO_CASES.mediationFailedToCourt, position: 2, statement: 'Payment was due within 30 days of delivery.', claimantConfirmedAt: at('2026-07-20T09:05:00'), respondentConfirmedAt: null, createdAt: at('2026-07-20T09:00:00') },
];

/** Writes the demo organisations, mediators and cases once; a database that already holds organisations is left alone. */
/** The real organisations: loaded at every start, whether or not demo data is wanted. */
export async function loadReferenceData(services: MediationServices): Promise<void> {
  await services.store.upsertOrganizations(organizations);
}

export async function seed(services: MediationServices): Promise<void> {
  if ((await services.store.countMediators()) > 0) return;
  await services.store.transaction(async (store) => {
    await store.insertMediators(mediatorRows);
    await store.insertCases(cases);
    await store.insertSettlements(settlements);
    await store.insertInstalmentPerformance(performanceRows);
    await store.insertContactAttempts(contactAttemptRows);
    await store.insertSessions(sessionRows);
    await store.insertFacts(factRows);
  });
}
