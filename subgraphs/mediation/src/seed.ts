import { DEMO } from '@fengqiao/subgraph-kit';
import { settlementHash } from './mediation-manager.js';
import type { NewMediationCase, NewMediationOrganization, NewMediator, NewSettlementAgreement } from './mediation-store.js';
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
  { id: DEMO_CASES.inMediation, disputeId: D.inMediation, claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, organizationId: ORG.gzInternetCourtDdr, mediatorId: M.chenJing, status: 'IN_SESSION', referredAt: at('2026-10-21T09:30:00'), closedAt: null, updatedAt: at('2026-10-23T09:30:00') },
  { id: DEMO_CASES.settledAndConfirmed, disputeId: D.settledAndConfirmed, claimantId: P.hkTrader, respondentId: P.merchantYiwuCrafts, organizationId: ORG.yiwuMarketMediation, mediatorId: M.zhouLei, status: 'SETTLED', referredAt: at('2026-08-10T09:30:00'), closedAt: at('2026-08-19T09:30:00'), updatedAt: at('2026-08-19T09:30:00') },
  { id: DEMO_CASES.mediationFailedToCourt, disputeId: D.mediationFailedToCourt, claimantId: P.supplierCo, respondentId: P.discreditedDebtor, organizationId: ORG.yiwuMarketMediation, mediatorId: M.zhouLei, status: 'FAILED', referredAt: at('2026-07-02T09:30:00'), closedAt: at('2026-07-20T09:30:00'), updatedAt: at('2026-07-20T09:30:00') },
  { id: DEMO_CASES.withdrawn, disputeId: D.withdrawn, claimantId: P.buyerZhangWei, respondentId: P.copycatSeller, organizationId: ORG.gzInternetCourtDdr, mediatorId: M.chenJing, status: 'WITHDRAWN', referredAt: at('2026-05-07T09:30:00'), closedAt: at('2026-05-20T09:30:00'), updatedAt: at('2026-05-20T09:30:00') },
];

export const DEMO_SETTLEMENT_TERMS = [
  'Settlement agreement in the matter of 300 phone cases delivered in the wrong colour (order SRM20260726118804).',
  '1. The respondent (Yiwu Festival Crafts) refunds the claimant 3,600 yuan in two instalments: 1,800 yuan by 2026-08-31 and 1,800 yuan by 2026-09-30, to the account from which the order was paid.',
  '2. The claimant keeps the 300 phone cases delivered and waives all further claims arising from the order.',
  '3. The parties will jointly apply to the Yiwu People\'s Court for judicial confirmation of this agreement within 30 days of its signature.',
].join('\n');

const settlements: NewSettlementAgreement[] = [
  { id: DEMO_SETTLEMENT_ID, caseId: DEMO_CASES.settledAndConfirmed, terms: DEMO_SETTLEMENT_TERMS, contentHash: settlementHash(DEMO_SETTLEMENT_TERMS), signedAt: at('2026-08-19T09:30:00'), createdAt: at('2026-08-18T16:00:00') },
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
  });
}
