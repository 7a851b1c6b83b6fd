// The demo shop's own data: what a real platform keeps in its own database — its users, its
// stores and its orders — and the hub party id of each user. The seeded orders match the hub's
// demo data (subgraphs/platforms/src/seed.ts); the fresh order is recorded at start.
import { DEMO } from '@fengqiao/subgraph-kit';

export const LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

export type Localized = Record<Lang, string>;

/** Silk Road Mall: the demo platform whose store Yiwu Festival Crafts sold Li Na her lanterns. */
export const PLATFORM = {
  id: DEMO.platforms.silkRoadMall,
  name: { 'zh-Hans': '丝路商城', 'zh-Hant': '絲路商城', en: 'Silk Road Mall' } satisfies Localized,
};

export const STORE = {
  id: DEMO.stores.yiwuCrafts,
  name: { 'zh-Hans': '义乌节庆工艺', 'zh-Hant': '義烏節慶工藝', en: 'Yiwu Festival Crafts' } satisfies Localized,
  merchantPartyId: DEMO.parties.merchantYiwuCrafts,
};

/** `newBuyer` is registered in the hub when the shop starts: its party id is known only then. */
export type UserKey = 'buyer' | 'seller' | 'newBuyer';
export const USER_KEYS: readonly UserKey[] = ['buyer', 'seller', 'newBuyer'];
export const isUserKey = (v: unknown): v is UserKey => typeof v === 'string' && (USER_KEYS as readonly string[]).includes(v);

export interface DemoUser {
  key: UserKey;
  /** The user's party id in the hub: the platform's backend knows it, the page does not need to. */
  partyId: string;
  name: Localized;
}

/** The users whose party ids are seeded in the hub (the new buyer's is known once the shop has registered her). */
export const USERS: Record<'buyer' | 'seller', DemoUser> = {
  buyer: { key: 'buyer', partyId: DEMO.parties.buyerLiNa, name: { 'zh-Hans': '李娜（买家）', 'zh-Hant': '李娜（買家）', en: 'Li Na (buyer)' } },
  seller: {
    key: 'seller',
    partyId: DEMO.parties.merchantYiwuCrafts,
    name: { 'zh-Hans': '义乌节庆工艺（卖家）', 'zh-Hant': '義烏節慶工藝（賣家）', en: 'Yiwu Festival Crafts (seller)' },
  },
};

export interface ShopOrder {
  /** The order's id in the hub (the `order` attribute of the widget). */
  id: string;
  orderNumber: string;
  amount: string;
  placedAt: string;
  buyerPartyId: string;
  quantity: number;
  product: Localized;
  /** The hub's English item summary, recorded with the order. */
  itemSummary: string;
  emoji: string;
}

/** Li Na's lanterns: seeded in the hub, with a dispute already filed (dsp_demo_filed). */
export const LANTERNS: ShopOrder = {
  id: DEMO.orders.lanterns,
  orderNumber: 'SRM20261109873421',
  amount: '86.00',
  placedAt: '2026-11-09T20:14:00+08:00',
  buyerPartyId: DEMO.parties.buyerLiNa,
  quantity: 20,
  product: {
    'zh-Hans': '红色纸质节庆灯笼（30 厘米，配 LED 电子蜡烛）',
    'zh-Hant': '紅色紙質節慶燈籠（30 厘米，配 LED 電子蠟燭）',
    en: 'Red paper festival lanterns, 30 cm, with LED candles',
  },
  itemSummary: '20 × red paper festival lanterns, 30 cm, with LED candles',
  emoji: '🏮',
};

/** A fresh order with no dispute yet, recorded in the hub when the shop starts (id known then). */
export const FRESH_ORDER: Omit<ShopOrder, 'id'> = {
  orderNumber: 'SRM20261120193211',
  amount: '368.00',
  placedAt: '2026-11-20T19:32:00+08:00',
  buyerPartyId: DEMO.parties.buyerLiNa,
  quantity: 2,
  product: {
    'zh-Hans': '手绘青花陶瓷茶具套装（1 壶 6 杯）',
    'zh-Hant': '手繪青花陶瓷茶具套裝（1 壺 6 杯）',
    en: 'Hand-painted blue-and-white ceramic tea set (1 teapot, 6 cups)',
  },
  itemSummary: '2 × hand-painted blue-and-white ceramic tea sets (1 teapot, 6 cups)',
  emoji: '🍵',
};

/**
 * Sun Yue: a new buyer who has never confirmed where legal documents reach her (the widget asks
 * her after her first dispute). The shop registers her in the hub at start — as a platform may —
 * with a fixed idempotency key, so every start gets the same party back. Her resident ID number
 * is valid and known to the identity registries' seed.
 */
export const NEW_BUYER = {
  key: 'newBuyer',
  name: { 'zh-Hans': '孙悦（新买家）', 'zh-Hant': '孫悅（新買家）', en: 'Sun Yue (new buyer)' } satisfies Localized,
  registration: {
    name: '孙悦',
    kind: 'NATURAL_PERSON',
    idType: 'RESIDENT_ID',
    idNumber: '330102198803056122',
    jurisdiction: 'MAINLAND',
    // The number the shop knows her by: her first confirmation of service addresses is
    // confirmed with a code sent there (docs/step-up.md).
    mobile: '13858901818',
  },
  // A new key with the mobile: a data directory from before keeps its registration under the old one.
  idempotencyKey: 'demo-shop:register-party:new-buyer:330102198803056122:mobile',
} as const;

/** Sun Yue's order, recorded in the hub at start (after she is registered; ids known then). */
export const NEW_BUYER_ORDER: Omit<ShopOrder, 'id' | 'buyerPartyId'> = {
  orderNumber: 'SRM20261122104512',
  amount: '199.00',
  placedAt: '2026-11-22T10:45:00+08:00',
  quantity: 1,
  product: {
    'zh-Hans': '杭州真丝印花围巾（90 × 90 厘米）',
    'zh-Hant': '杭州真絲印花圍巾（90 × 90 厘米）',
    en: 'Hangzhou printed silk scarf, 90 × 90 cm',
  },
  itemSummary: '1 × Hangzhou printed silk scarf, 90 × 90 cm',
  emoji: '🧣',
};
