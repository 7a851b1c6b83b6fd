import { DEMO } from '@fengqiao/subgraph-kit';
import { participantsChanged } from './participants.js';
import type { NewDispute, NewTimelineEvent } from './disputes-store.js';
import type { DisputeServices } from './services.js';

const P = DEMO.parties;
const D = DEMO.disputes;
const day = (iso: string) => new Date(`${iso}T09:30:00+08:00`);

type Step = [date: string, kind: NewTimelineEvent['kind'], summary: string, track: NewTimelineEvent['track'], actorRole: string, actorId: string | null];

interface DemoDispute {
  row: NewDispute;
  steps: Step[];
}

/** One dispute per status, plus the two full journeys the demo walks through. */
const demoDisputes: DemoDispute[] = [
  {
    row: { id: D.filed, title: 'Festival lanterns arrived broken', description: 'Twelve of the twenty paper lanterns arrived crushed; the store has not answered for five days.', category: 'CONSUMER_PURCHASE', status: 'FILED', claimAmount: '86.00', claimantId: P.buyerLiNa, respondentId: P.merchantYiwuCrafts, originOrderId: DEMO.orders.lanterns, platformId: DEMO.platforms.silkRoadMall, filedAt: day('2026-11-18') },
    steps: [['2026-11-18', 'FILED', 'Filed from the order page on the platform', null, 'party', P.buyerLiNa]],
  },
  {
    row: { id: D.negotiating, title: 'Headphones stopped charging within a week', description: 'The right earbud no longer charges; the store offers a 10% coupon instead of a refund.', category: 'CONSUMER_PURCHASE', status: 'NEGOTIATING', track: 'NEGOTIATION', claimAmount: '399.00', claimantId: P.buyerZhangWei, respondentId: P.merchantGzElectronics, originOrderId: DEMO.orders.headphones, platformId: DEMO.platforms.pearlRiver, filedAt: day('2026-11-10') },
    steps: [
      ['2026-11-10', 'FILED', 'Filed from the order page on the platform', null, 'party', P.buyerZhangWei],
      ['2026-11-11', 'ROUTED', 'Routed to negotiation on the platform', 'NEGOTIATION', 'platform', DEMO.platforms.pearlRiver],
    ],
  },
  {
    row: { id: D.resolvedOnPlatform, title: 'Blender never delivered', description: 'Tracking shows the parcel returned to sender; the merchant kept the payment.', category: 'CONSUMER_PURCHASE', status: 'RESOLVED', track: 'NEGOTIATION', claimAmount: '259.00', claimantId: P.buyerWangFang, respondentId: P.merchantGzElectronics, originOrderId: DEMO.orders.blender, platformId: DEMO.platforms.pearlRiver, filedAt: day('2026-09-02') },
    steps: [
      ['2026-09-02', 'FILED', 'Filed from the order page on the platform', null, 'party', P.buyerWangFang],
      ['2026-09-02', 'ROUTED', 'Routed to negotiation on the platform', 'NEGOTIATION', 'platform', DEMO.platforms.pearlRiver],
      ['2026-09-05', 'STATUS_CHANGED', 'Resolved on the platform: the merchant agreed to a full refund', 'NEGOTIATION', 'platform', DEMO.platforms.pearlRiver],
    ],
  },
  {
    row: { id: D.inMediation, title: 'Counterfeit handbag sold as genuine', description: 'The handbag carries our registered trademark but is not made by us; the seller refuses to delist it.', category: 'TRADEMARK', status: 'IN_MEDIATION', track: 'MEDIATION', claimAmount: '50000.00', claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, originOrderId: DEMO.orders.handbag, platformId: DEMO.platforms.silkRoadMall, handlingBodies: [DEMO.mediationOrganizations.gzInternetCourtDdr, DEMO.courts.guangzhouInternet], assignedMediatorId: DEMO.mediators.chenJing, filedAt: day('2026-10-20') },
    steps: [
      ['2026-10-20', 'FILED', 'Filed online at the Guangzhou Internet Court', null, 'party', P.rightsHolderBrand],
      ['2026-10-21', 'ROUTED', 'Referred to pre-litigation mediation through the court\'s DDR platform', 'MEDIATION', 'court', DEMO.courts.guangzhouInternet],
      ['2026-10-23', 'NOTE', 'Mediator assigned; first joint meeting scheduled', 'MEDIATION', 'mediation_org', DEMO.mediationOrganizations.gzInternetCourtDdr],
    ],
  },
  {
    row: { id: D.settledAndConfirmed, title: 'Phone cases delivered in the wrong colour', description: 'Three hundred phone cases for resale arrived in the wrong colour; the store refused an exchange.', category: 'CONSUMER_PURCHASE', status: 'RESOLVED', track: 'MEDIATION', claimAmount: '4800.00', claimantId: P.hkTrader, respondentId: P.merchantYiwuCrafts, originOrderId: DEMO.orders.phoneCase, platformId: DEMO.platforms.silkRoadMall, handlingBodies: [DEMO.mediationOrganizations.yiwuMarketMediation, DEMO.courts.yiwu], filedAt: day('2026-08-03') },
    steps: [
      ['2026-08-03', 'FILED', 'Filed from the order page on the platform', null, 'party', P.hkTrader],
      ['2026-08-04', 'ROUTED', 'Routed to negotiation on the platform', 'NEGOTIATION', 'platform', DEMO.platforms.silkRoadMall],
      ['2026-08-10', 'ROUTED', 'Negotiation failed; routed to mediation', 'MEDIATION', 'platform', DEMO.platforms.silkRoadMall],
      ['2026-08-19', 'STATUS_CHANGED', 'Settlement agreement signed by both parties', 'MEDIATION', 'mediator', DEMO.mediators.zhouLei],
      ['2026-08-26', 'NOTE', 'Joint application for judicial confirmation filed with the Yiwu People\'s Court', 'MEDIATION', 'party', P.hkTrader],
      ['2026-08-31', 'CASE_PROGRESS', 'Instalment 1 (1800.00 yuan, due 2026-08-31) paid', 'MEDIATION', 'party', P.hkTrader],
      ['2026-09-02', 'NOTE', 'Judicial confirmation granted: the settlement is enforceable', 'MEDIATION', 'court', DEMO.courts.yiwu],
      ['2026-10-01', 'CASE_PROGRESS', 'Instalment 2 (1800.00 yuan, due 2026-09-30) missed; 1800.00 yuan outstanding', 'MEDIATION', 'admin', null],
      ['2026-10-09', 'STATUS_CHANGED', 'Every instalment paid: the settlement is performed (SETTLED → RESOLVED)', 'MEDIATION', 'party', P.hkTrader],
    ],
  },
  {
    row: { id: D.mediationFailedToCourt, title: 'Unpaid invoice for 2,000 toy sets', description: 'The buyer took delivery of 2,000 toy sets and has paid nothing of the agreed price.', category: 'CONTRACT', status: 'IN_LITIGATION', track: 'LITIGATION', claimAmount: '126000.00', claimantId: P.supplierCo, respondentId: P.discreditedDebtor, originOrderId: DEMO.orders.bulkToys, platformId: DEMO.platforms.yiwuGo, handlingBodies: [DEMO.mediationOrganizations.yiwuMarketMediation, DEMO.courts.yiwu], filedAt: day('2026-07-01') },
    steps: [
      ['2026-07-01', 'FILED', 'Filed on the hub', null, 'party', P.supplierCo],
      ['2026-07-02', 'ROUTED', 'Routed to mediation', 'MEDIATION', 'admin', null],
      ['2026-07-20', 'STATUS_CHANGED', 'Mediation failed: Termination of Mediation Report and Agreement on Confirmation of Undisputed Facts filed', 'MEDIATION', 'mediator', DEMO.mediators.zhouLei],
      ['2026-07-22', 'ROUTED', 'Filed with the Yiwu People\'s Court, carrying the undisputed facts', 'LITIGATION', 'court', DEMO.courts.yiwu],
    ],
  },
  {
    row: { id: D.inArbitration, title: 'Supply contract: late delivery penalty', description: 'The supplier delivered six weeks late; the contract provides a penalty and arbitration in Shanghai.', category: 'CONTRACT', status: 'IN_ARBITRATION', track: 'ARBITRATION', claimAmount: '380000.00', claimantId: P.rightsHolderBrand, respondentId: P.supplierCo, handlingBodies: [DEMO.arbitrationInstitutions.shanghai], filedAt: day('2026-06-15') },
    steps: [
      ['2026-06-15', 'FILED', 'Filed on the hub', null, 'party', P.rightsHolderBrand],
      ['2026-06-16', 'ROUTED', 'The contract\'s arbitration clause excludes the courts: filed with the Shanghai International Arbitration Center', 'ARBITRATION', 'admin', null],
    ],
  },
  {
    row: { id: D.withdrawn, title: 'Refund for a cancelled course', description: 'An online course was cancelled after the first lesson; the provider cannot be reached.', category: 'ONLINE_SERVICE', status: 'WITHDRAWN', track: 'MEDIATION', claimAmount: '1200.00', claimantId: P.buyerZhangWei, respondentId: P.copycatSeller, handlingBodies: [DEMO.mediationOrganizations.gzInternetCourtDdr], filedAt: day('2026-05-06') },
    steps: [
      ['2026-05-06', 'FILED', 'Filed on the hub', null, 'party', P.buyerZhangWei],
      ['2026-05-07', 'ROUTED', 'Routed to mediation', 'MEDIATION', 'admin', null],
      ['2026-05-20', 'STATUS_CHANGED', 'Mediation withdrawn: the respondent could not be reached', 'MEDIATION', 'mediator', DEMO.mediators.chenJing],
    ],
  },
  {
    row: { id: D.patent, title: 'Copied design of a folding phone stand', description: 'The store sells a phone stand that copies our patented folding hinge.', category: 'PATENT', status: 'FILED', claimAmount: '200000.00', claimantId: P.rightsHolderBrand, respondentId: P.copycatSeller, originOrderId: null, platformId: DEMO.platforms.silkRoadMall, filedAt: day('2026-11-15') },
    steps: [['2026-11-15', 'FILED', 'Filed on the hub', null, 'party', P.rightsHolderBrand]],
  },
];

/** The facts both parties confirmed when the demo mediation failed (the mediation seed's case): they went to court with the dispute. */
const demoUndisputedFacts = [
  'The claimant delivered 2,000 toy sets to the respondent on 2026-05-28.',
  'The agreed price was 126,000 yuan, of which nothing has been paid.',
].map((statement, i) => ({
  id: `udf_demo_failed_${i + 1}`, disputeId: D.mediationFailedToCourt, statement,
  agreedIn: 'mca_demo_mediation_failed_litigation', agreedAt: new Date('2026-07-20T01:10:00Z'),
}));

/** Writes the demo disputes once; a database that already holds disputes is left alone. */
export async function seed(services: DisputeServices): Promise<void> {
  if ((await services.store.countDisputes()) > 0) return;
  await services.store.transaction(async (store) => {
    for (const { row, steps } of demoDisputes) {
      const last = steps.at(-1)![0];
      await store.insertDispute({ ...row, updatedAt: day(last) });
      await store.insertTimelineEvents(
        steps.map(([date, kind, summary, track, actorRole, actorId], i) => ({
          id: `tle_${row.id.slice(4)}_${i + 1}`,
          disputeId: row.id,
          kind,
          summary,
          track,
          actorRole,
          actorId,
          occurredAt: day(date),
        })),
        [participantsChanged({ ...row, handlingBodies: row.handlingBodies ?? [] }, { role: 'admin', sub: 'seed', org: null }, day(last))],
      );
    }
    await store.insertUndisputedFacts(demoUndisputedFacts);
  });
}
