/**
 * The Fengqiao E Station in a real browser (Debian's Chromium, driven by playwright-core), on
 * the demo shop's order page, against a whole hub in this process: the platform's backend
 * exchanges its own hub token for a widget token, the widget files a dispute, records evidence,
 * shows the recommended track and follows the dispute live while the hub moves it on.
 *
 * Accessibility is checked with axe-core (WCAG 2 A/AA) at the order, description and status
 * steps; a screenshot of each step goes to test/artifacts/e-station/ (git-ignored).
 */
import { PLATFORM, USERS, type RunningDemoShop } from '@fengqiao/demo-shop';
import type { Hub } from '../src/harness.js';
import { eventually } from '../src/eventually.js';
import { ARTIFACTS, expectAccessible, screenshots, startShopInBrowser, type ShopInBrowser } from '../src/browser.js';

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const screenshot = screenshots(ARTIFACTS);

describe('the demo shop with the Fengqiao E Station, in Chromium', () => {
  let env: ShopInBrowser;
  let hub: Hub;
  let shop: RunningDemoShop;
  let platformTokens: string[];
  let open: ShopInBrowser['open'];

  beforeAll(async () => {
    env = await startShopInBrowser();
    ({ hub, shop, platformTokens, open } = env);
  }, 240_000);

  afterAll(() => env?.stop());

  it('serves the order page in Simplified Chinese with the widget embedded as the contract says', async () => {
    const res = await fetch(`${shop.url}/orders/${shop.featuredOrderId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('<script src="/e-station.js" defer></script>');
    expect(html).toMatch(/<main id="main">/);
    const element = /<fengqiao-e-station([^>]*)>/.exec(html)?.[1] ?? '';
    const attrs = Object.fromEntries([...element.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(attrs).toEqual({
      gateway: hub.gatewayUrl,
      platform: PLATFORM.id,
      order: shop.featuredOrderId,
      side: 'buyer',
      'token-endpoint': '/api/e-station-token',
      lang: 'zh-Hans',
    });
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ${new URL(hub.gatewayUrl).origin}`);

    const english = await (await fetch(`${shop.url}/orders/${shop.featuredOrderId}?lang=en`, { headers: { cookie: 'demo_shop_user=seller' } })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toMatch(/side="seller"/);
    expect(english).toMatch(/lang="en"\s*><\/fengqiao-e-station>/);
  });

  it('hands the page only a widget token for the signed-in user; the platform token stays on the server', async () => {
    const asBuyer = await fetch(`${shop.url}/api/e-station-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'demo_shop_user=buyer' },
      body: JSON.stringify({ orderId: shop.featuredOrderId }),
    });
    const buyerText = await asBuyer.text();
    expect({ status: asBuyer.status, body: buyerText }).toMatchObject({ status: 200 });
    const buyer = JSON.parse(buyerText) as Record<string, string>;
    expect(Object.keys(buyer).sort()).toEqual(['expiresAt', 'side', 'token']);
    expect(buyer.side).toBe('buyer');
    expect(jwtPayload(buyer.token!)).toMatchObject({ role: 'party', sub: USERS.buyer.partyId, client: 'e-station', platform: PLATFORM.id });
    expect(new Date(buyer.expiresAt!).getTime()).toBeGreaterThan(Date.now());

    // The seller of the order's store gets a token as the merchant; an order the shop does not have, none.
    const seller = (await (await fetch(`${shop.url}/api/e-station-token?orderId=${shop.featuredOrderId}`, { headers: { cookie: 'demo_shop_user=seller' } })).json()) as Record<string, string>;
    expect(seller.side).toBe('seller');
    expect(jwtPayload(seller.token!)).toMatchObject({ role: 'party', sub: USERS.seller.partyId });
    expect((await fetch(`${shop.url}/api/e-station-token?orderId=ord_demo_headphones`)).status).toBe(403);
    // Another site's page cannot have the shop's backend fetch a token for its user.
    const crossSite = await fetch(`${shop.url}/api/e-station-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ orderId: shop.featuredOrderId }),
    });
    expect(crossSite.status).toBe(403);

    // No platform token anywhere the browser can read: pages, the widget bundle, the token answer.
    expect(platformTokens.length).toBeGreaterThan(0);
    const seen = [
      buyerText,
      JSON.stringify(seller),
      await (await fetch(`${shop.url}/`)).text(),
      await (await fetch(`${shop.url}/orders/${shop.featuredOrderId}`)).text(),
      await (await fetch(`${shop.url}/orders/${shop.featuredOrderId}?lang=en`, { headers: { cookie: 'demo_shop_user=seller' } })).text(),
      await (await fetch(`${shop.url}/e-station.js`)).text(),
    ].join('\n');
    for (const token of platformTokens) {
      expect(seen.includes(token)).toBe(false);
      expect(seen.includes(token.split('.')[2]!)).toBe(false);
    }
    expect(seen).not.toMatch(/"role"\s*:\s*"platform"/);
  });

  it('the shop\'s own pages are accessible, switch user and language, and fit 360 px', async () => {
    const { context, page } = await open({ viewport: { width: 360, height: 740 } });
    try {
      await page.goto('/');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
      await page.getByRole('heading', { level: 1, name: '我的订单' }).waitFor();
      await expectAccessible(page, 'shop: orders', 'body');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.getByRole('link', { name: /茶具套装/ }).click();
      await page.getByRole('heading', { level: 1, name: '订单详情' }).waitFor();
      await page.getByRole('main').getByText('SRM20261120193211').waitFor();
      await expectAccessible(page, 'shop: order', 'body');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      await page.getByRole('navigation', { name: '语言' }).getByRole('link', { name: 'English' }).click();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.getByLabel('Signed in as').selectOption('seller');
      await page.getByRole('button', { name: 'Switch user' }).click();
      await page.getByRole('heading', { level: 1, name: 'Order details' }).waitFor();
      expect(await page.getAttribute('fengqiao-e-station', 'side')).toBe('seller');
      expect(await page.getAttribute('fengqiao-e-station', 'lang')).toBe('en');
      await screenshot(page, 'shop-seller-en');
    } finally {
      await context.close();
    }
  });

  it('renders in Simplified Chinese by default and fits a 360 px wide screen', async () => {
    const { context, page, errors } = await open({ viewport: { width: 360, height: 740 } });
    try {
      await page.goto(`/orders/${shop.featuredOrderId}`);
      const widget = page.locator('fengqiao-e-station');
      await widget.getByRole('heading', { name: /[\u4e00-\u9fff]/ }).first().waitFor({ timeout: 20_000 });
      const headings = await widget.getByRole('heading').allInnerTexts();
      expect(headings.some((h) => /[\u4e00-\u9fff]/.test(h))).toBe(true);
      await widget.getByRole('button', { name: /[\u4e00-\u9fff]/ }).first().waitFor();
      await screenshot(page, 'zh-hans-360px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a buyer reports a problem, adds evidence, chooses a track and follows the dispute live (English)', async () => {
    const { context, page, errors } = await open({ viewport: { width: 1100, height: 900 } });
    try {
      await page.goto(`/orders/${shop.featuredOrderId}?lang=en`);
      const widget = page.locator('fengqiao-e-station');
      await widget.evaluate((el) => {
        const w = window as unknown as { fq: Record<string, unknown[]> };
        w.fq = { filed: [], track: [], status: [], error: [] };
        el.addEventListener('fq-dispute-filed', (e) => w.fq.filed!.push((e as CustomEvent).detail));
        el.addEventListener('fq-track-chosen', (e) => w.fq.track!.push((e as CustomEvent).detail));
        el.addEventListener('fq-status', (e) => w.fq.status!.push((e as CustomEvent).detail));
        el.addEventListener('fq-error', (e) => w.fq.error!.push((e as CustomEvent).detail));
      });

      // 1. The order, as the hub knows it.
      await widget.getByRole('heading', { name: 'Your order' }).waitFor({ timeout: 20_000 });
      await widget.getByText('SRM20261120193211').waitFor();
      await expectAccessible(page, 'order');
      await expectAccessible(page, 'order (whole page)', 'body');
      await screenshot(page, 'order');

      // 2. Describe the problem and file it.
      await widget.getByRole('button', { name: 'Report a problem' }).click();
      await widget.getByRole('heading', { name: 'Describe the problem' }).waitFor();
      await widget.getByLabel(/^Title/).fill('Two teapot lids arrived cracked');
      await widget.getByLabel(/^What happened/).fill('Both teapots in the parcel have a cracked lid; the store offered a 5% coupon instead of a replacement.');
      await widget.getByLabel(/^Kind of problem/).selectOption('CONSUMER_PURCHASE');
      await widget.getByLabel(/^Amount you claim/).fill('368');
      await expectAccessible(page, 'describe');
      await screenshot(page, 'describe');
      await widget.getByRole('button', { name: 'File the dispute' }).click();
      const disputeId = (await page.waitForFunction(() => (window as unknown as { fq: { filed: { disputeId: string }[] } }).fq.filed[0]?.disputeId, undefined, { timeout: 20_000 }).then((h) => h.jsonValue())) as string;
      expect(disputeId).toMatch(/^dsp_/);

      // 3. Evidence: the file stays in the browser, its SHA-256 is recorded.
      await widget.getByRole('heading', { name: 'Evidence' }).waitFor();
      const photo = Buffer.from('teapot lid photo: cracked along the rim\n');
      const sha256 = (await import('node:crypto')).createHash('sha256').update(photo).digest('hex');
      await widget.getByLabel(/^Add files/).setInputFiles({ name: 'cracked-lid.txt', mimeType: 'text/plain', buffer: photo });
      await widget.getByText(sha256).waitFor({ timeout: 20_000 });
      await widget.getByText(/Recorded/).first().waitFor();
      const evidence = await hub.query(`query($id: ID!) { dispute(id: $id) { evidence { title sha256 sizeBytes } } }`, { id: disputeId }, await hub.token('party', { sub: USERS.buyer.partyId }));
      expect(evidence.data?.dispute?.evidence).toEqual([expect.objectContaining({ sha256, sizeBytes: photo.length })]);
      await screenshot(page, 'evidence');
      await widget.getByRole('button', { name: 'Continue' }).click();

      // 4. The recommended track, with its reasons.
      await widget.getByRole('heading', { name: 'Recommended way to resolve it' }).waitFor({ timeout: 20_000 });
      await widget.getByRole('heading', { name: 'Why this is recommended' }).waitFor();
      const recommendation = await hub.query(`query($id: ID!) { dispute(id: $id) { recommendation { track reasons { explanation } } } }`, { id: disputeId }, await hub.token('party', { sub: USERS.buyer.partyId }));
      const reasons = recommendation.data.dispute.recommendation.reasons as { explanation: string }[];
      expect(reasons.length).toBeGreaterThan(0);
      await widget.getByText(reasons[0]!.explanation).first().waitFor();
      await screenshot(page, 'track');
      // Silk Road Mall offers consumer compensation: negotiation on the platform is open to a new dispute.
      await widget.getByRole('radio', { name: /^Negotiation on the platform/ }).check();
      await widget.getByRole('button', { name: 'Choose this way' }).click();
      await page.waitForFunction(() => (window as unknown as { fq: { track: unknown[] } }).fq.track.length > 0, undefined, { timeout: 20_000 });

      // 5. Service addresses may follow; this journey skips them.
      const status = widget.getByRole('heading', { name: 'Status of your dispute' });
      const addresses = widget.getByRole('heading', { name: 'Where documents reach you' });
      await status.or(addresses).first().waitFor({ timeout: 20_000 });
      if (await addresses.isVisible()) {
        await screenshot(page, 'addresses');
        await widget.getByRole('button', { name: 'Skip for now' }).click();
      }

      // 6. The status, live: the platform opens the negotiation (case opened) without a reload…
      await status.waitFor({ timeout: 20_000 });
      await widget.getByText(/Negotiation opened on the platform/).first().waitFor({ timeout: 30_000 });
      await widget.getByText('Being negotiated with the store on the platform').first().waitFor({ timeout: 20_000 });
      await expectAccessible(page, 'status');
      await screenshot(page, 'status');

      // …and the store answers from its own side of the hub: the buyer's page shows it at once.
      const merchant = await hub.token('party', { sub: USERS.seller.partyId });
      const negotiation = await eventually(
        () => hub.query(`query($id: ID!) { dispute(id: $id) { negotiation { id } } }`, { id: disputeId }, merchant),
        (res) => Boolean(res.data?.dispute?.negotiation?.id),
        'the negotiation on the platform',
      );
      const negotiationId = negotiation.data.dispute.negotiation.id as string;
      const answer = await hub.query(
        `mutation($id: ID!) { respondToNegotiation(id: $id, accept: true, offerAmount: "368.00", message: "Sorry — we refund both tea sets in full.") { status } }`,
        { id: negotiationId },
        merchant,
      );
      expect(answer.errors).toBeUndefined();
      await widget.getByText(/The merchant accepted, offering 368\.00 yuan/).first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'status-live');

      expect(await page.evaluate(() => (window as unknown as { fq: { error: unknown[] } }).fq.error)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
