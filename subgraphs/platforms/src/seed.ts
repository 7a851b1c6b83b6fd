import { DEMO } from '@fengqiao/subgraph-kit';
import type { NewOrder, NewPlatform, NewStore } from './platforms-store.js';
import type { PlatformServices } from './services.js';

const P = DEMO.parties;
const at = (iso: string) => new Date(`${iso}+08:00`);

/** Fictional marketplaces; websites use the reserved `.example` domain. */
const demoPlatforms: NewPlatform[] = [
  { id: DEMO.platforms.silkRoadMall, name: 'Silk Road Mall', website: 'https://silkroadmall.example', offersConsumerCompensation: true, arbitrationClauseInstitutionId: null, createdAt: at('2026-01-05T10:00:00') },
  { id: DEMO.platforms.yiwuGo, name: 'Yiwu Go Market', website: 'https://yiwugo-market.example', offersConsumerCompensation: true, arbitrationClauseInstitutionId: null, createdAt: at('2026-01-05T10:00:00') },
  // Its terms of service name the Guangzhou Arbitration Commission: disputes with a valid
  // arbitration agreement go to arbitration, not to court (Arbitration Law 1994, art. 5).
  { id: DEMO.platforms.pearlRiver, name: 'Pearl River Shop', website: 'https://pearlrivershop.example', offersConsumerCompensation: false, arbitrationClauseInstitutionId: DEMO.arbitrationInstitutions.guangzhou, createdAt: at('2026-01-05T10:00:00') },
];

const demoStores: NewStore[] = [
  { id: DEMO.stores.yiwuCrafts, platformId: DEMO.platforms.silkRoadMall, name: 'Yiwu Festival Crafts', merchantId: P.merchantYiwuCrafts, createdAt: at('2026-01-12T09:00:00') },
  { id: DEMO.stores.gzElectronics, platformId: DEMO.platforms.pearlRiver, name: 'Canton Audio & Home Electronics', merchantId: P.merchantGzElectronics, createdAt: at('2026-01-20T09:00:00') },
  { id: DEMO.stores.copycat, platformId: DEMO.platforms.silkRoadMall, name: 'Luxe Outlet Direct', merchantId: P.copycatSeller, createdAt: at('2026-03-02T09:00:00') },
  { id: DEMO.stores.supplier, platformId: DEMO.platforms.yiwuGo, name: 'Jinhua Toys Wholesale', merchantId: P.supplierCo, createdAt: at('2026-02-14T09:00:00') },
];

const demoOrders: NewOrder[] = [
  { id: DEMO.orders.lanterns, storeId: DEMO.stores.yiwuCrafts, orderNumber: 'SRM20261109873421', amount: '86.00', itemSummary: '20 × red paper festival lanterns, 30 cm, with LED candles', buyerId: P.buyerLiNa, placedAt: at('2026-11-09T20:14:00') },
  { id: DEMO.orders.headphones, storeId: DEMO.stores.gzElectronics, orderNumber: 'PRS-2026-1101-004512', amount: '399.00', itemSummary: '1 × wireless noise-cancelling earbuds, white', buyerId: P.buyerZhangWei, placedAt: at('2026-11-01T12:41:00') },
  { id: DEMO.orders.handbag, storeId: DEMO.stores.copycat, orderNumber: 'SRM20261012550937', amount: '1280.00', itemSummary: '1 × leather tote handbag (test purchase by the rights holder)', buyerId: P.rightsHolderBrand, placedAt: at('2026-10-12T15:02:00') },
  { id: DEMO.orders.phoneCase, storeId: DEMO.stores.yiwuCrafts, orderNumber: 'SRM20260726118804', amount: '4800.00', itemSummary: '300 × silicone phone cases, navy blue, for resale', buyerId: P.hkTrader, placedAt: at('2026-07-26T10:27:00') },
  { id: DEMO.orders.blender, storeId: DEMO.stores.gzElectronics, orderNumber: 'PRS-2026-0821-019377', amount: '259.00', itemSummary: '1 × countertop blender, 1.5 L', buyerId: P.buyerWangFang, placedAt: at('2026-08-21T18:55:00') },
  { id: DEMO.orders.bulkToys, storeId: DEMO.stores.supplier, orderNumber: 'YWG2026052000318', amount: '126000.00', itemSummary: '2,000 × wooden building-block toy sets (wholesale)', buyerId: P.discreditedDebtor, placedAt: at('2026-05-20T09:40:00') },
];

/**
 * The negotiations behind the disputes subgraph's two platform-track demo disputes. Pearl
 * River Shop offers no consumer compensation, so the resolved one was settled by the
 * merchant agreeing to refund, not by withheld funds.
 */
async function seedNegotiations(services: PlatformServices): Promise<void> {
  const D = DEMO.disputes;
  if (await services.store.negotiationIdForDispute(D.negotiating)) return;
  if (!(await services.store.orderContext(DEMO.orders.headphones)) || !(await services.store.orderContext(DEMO.orders.blender))) return;
  const platformOps = 'usr_demo_pearl_river_ops';
  await services.store.transaction(async (store) => {
    await store.insertNegotiation({
      id: 'neg_demo_headphones', disputeId: D.negotiating, orderId: DEMO.orders.headphones, claimantId: P.buyerZhangWei, respondentId: P.merchantGzElectronics,
      requestedAmount: '399.00', reason: 'The right earbud stopped charging within a week; the buyer asks for a full refund.', status: 'OPEN',
      openedByRole: 'party', openedById: P.buyerZhangWei, openedAt: at('2026-11-10T09:30:00'), updatedAt: at('2026-11-10T09:30:00'),
    });
    await store.insertNegotiation({
      id: 'neg_demo_blender', disputeId: D.resolvedOnPlatform, orderId: DEMO.orders.blender, claimantId: P.buyerWangFang, respondentId: P.merchantGzElectronics,
      requestedAmount: '259.00', reason: 'The parcel was returned to the sender and never delivered; the merchant kept the payment.', status: 'AGREED',
      openedByRole: 'platform', openedById: platformOps, openedAt: at('2026-09-02T14:00:00'), updatedAt: at('2026-09-03T10:15:00'),
    });
    await store.insertOffer({
      id: 'nof_demo_blender', negotiationId: 'neg_demo_blender', accepted: true, amount: '259.00', message: 'Parcel confirmed returned to our warehouse; full refund.',
      actorRole: 'party', actorId: P.merchantGzElectronics, createdAt: at('2026-09-03T10:15:00'),
    });
    await store.insertNegotiationEvents([
      { id: 'nev_demo_headphones_1', negotiationId: 'neg_demo_headphones', kind: 'OPENED', actorRole: 'party', actorId: P.buyerZhangWei, note: 'Full refund requested.', occurredAt: at('2026-11-10T09:30:00') },
      { id: 'nev_demo_blender_1', negotiationId: 'neg_demo_blender', kind: 'OPENED', actorRole: 'platform', actorId: platformOps, note: 'Opened from the buyer\'s complaint.', occurredAt: at('2026-09-02T14:00:00') },
      { id: 'nev_demo_blender_2', negotiationId: 'neg_demo_blender', kind: 'MERCHANT_ACCEPTED', actorRole: 'party', actorId: P.merchantGzElectronics, note: 'Full refund.', occurredAt: at('2026-09-03T10:15:00') },
    ]);
  });
}

/** Writes the demo platforms, stores, orders and negotiations once; data already there is left alone. */
export async function seed(services: PlatformServices): Promise<void> {
  if ((await services.store.countPlatforms()) === 0) {
    await services.store.transaction(async (store) => {
      await store.insertPlatforms(demoPlatforms);
      await store.insertStores(demoStores);
      await store.insertOrders(demoOrders.map((o) => ({ ...o, currency: 'CNY', recordedAt: o.placedAt })));
    });
  }
  await seedNegotiations(services);
}
