// The demo shop as its own process (`npm start` runs it after the gateway is ready):
//   GATEWAY_URL            the gateway as this server reaches it (default http://127.0.0.1:4000/graphql)
//   DEMO_SHOP_GATEWAY_URL  the gateway as the browser reaches it (default http://localhost:<its port>/graphql)
//   DEMO_SHOP_PORT         default 4010; DEMO_SHOP_HOST default 127.0.0.1
//   DEMO_SHOP_PLATFORM_TOKEN  the platform's hub token; without it one is signed with the local
//                          dev key under DATA_DIR (role platform, org = Silk Road Mall)
//   NODE_ENV=production    no "Messages" page (the hub's dev message log, read with an admin
//                          token signed with the local dev key, exists for demos only)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalKeys, signDevToken } from '@fengqiao/gateway';
import { PLATFORM } from './catalog.js';
import { startDemoShop } from './server.js';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const publicGatewayUrl = process.env.DEMO_SHOP_GATEWAY_URL ?? `http://localhost:${new URL(gatewayUrl).port || 80}/graphql`;
const platformToken = process.env.DEMO_SHOP_PLATFORM_TOKEN || undefined;
const dataDir = path.resolve(process.env.DATA_DIR ?? fileURLToPath(new URL('../../../data', import.meta.url)));

const shop = await startDemoShop({
  port: Number(process.env.DEMO_SHOP_PORT ?? 4010),
  host: process.env.DEMO_SHOP_HOST ?? '127.0.0.1',
  gatewayUrl,
  publicGatewayUrl,
  platformToken,
  mintPlatformToken: platformToken
    ? undefined
    : async () => {
        const keys = await ensureLocalKeys(dataDir);
        return signDevToken(keys.devPrivate, { role: 'platform', sub: 'demo-shop-backend', org: PLATFORM.id }, '1h');
      },
  mintMessageLogToken: process.env.NODE_ENV === 'production'
    ? undefined
    : async () => signDevToken((await ensureLocalKeys(dataDir)).devPrivate, { role: 'admin', sub: 'demo-shop-messages' }, '10m'),
});
const publicUrl = `http://localhost:${shop.port}`;
console.log(JSON.stringify({ msg: 'demo shop ready', url: publicUrl, orderUrl: `${publicUrl}/orders/${shop.featuredOrderId}` }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await shop.stop();
  console.log(JSON.stringify({ msg: 'demo shop stopped' }));
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
