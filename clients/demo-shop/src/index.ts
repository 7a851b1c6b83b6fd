export { startDemoShop, type DemoShopOptions, type RunningDemoShop } from './server.js';
export { PLATFORM, STORE, USERS, LANTERNS, FRESH_ORDER, LANGS, type Lang, type ShopOrder } from './catalog.js';
