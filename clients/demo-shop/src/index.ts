export { startDemoShop, type DemoShopOptions, type RunningDemoShop } from './server.js';
export {
  PLATFORM, STORE, USERS, NEW_BUYER, LANTERNS, FRESH_ORDER, NEW_BUYER_ORDER, LANGS,
  type DemoUser, type Lang, type ShopOrder, type UserKey,
} from './catalog.js';
