// What the real-browser suites share: Debian's Chromium through playwright-core, a whole hub
// with the demo shop on its own origin, axe-core checks and screenshots.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PLATFORM, startDemoShop, type RunningDemoShop } from '@fengqiao/demo-shop';
import { startHub, type Hub } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(root, 'test', 'artifacts', 'e-station');

// The flags keep Chromium off the network: this machine's closed network refuses its background connections.
const LAUNCH_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ShopInBrowser {
  hub: Hub;
  shop: RunningDemoShop;
  browser: Browser;
  /** Every platform token the shop's backend was given: none may ever reach a page. */
  platformTokens: string[];
  /** A new browser context on the shop, collecting page errors and console errors. */
  open(contextOptions?: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  stop(): Promise<void>;
}

/**
 * The widget built from its current source, a whole hub in this process, and the demo shop
 * on its own origin (as on a real platform; the gateway allows it by CORS), then Chromium.
 */
export async function startShopInBrowser(): Promise<ShopInBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await promisify(execFile)('npm', ['run', 'build', '--workspace', '@fengqiao/e-station'], { cwd: root, timeout: 180_000 });
  const port = await freePort();
  const hub = await startHub({ corsOrigins: [`http://127.0.0.1:${port}`] });
  const platformTokens: string[] = [];
  const shop = await startDemoShop({
    port,
    gatewayUrl: hub.gatewayUrl,
    mintPlatformToken: async () => {
      const token = await hub.token('platform', { sub: 'demo-shop-backend', org: PLATFORM.id, ttl: '1h' });
      platformTokens.push(token);
      return token;
    },
    buildWidget: false, // built above from its current source
    // The shop's "Messages" page: where a person trying the demo reads a confirmation code.
    mintMessageLogToken: () => hub.token('admin', { sub: 'demo-shop-messages' }),
    log: () => {},
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  return {
    hub,
    shop,
    browser,
    platformTokens,
    async open(contextOptions = {}) {
      const context = await browser.newContext({ baseURL: shop.url, ...contextOptions });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
      });
      return { context, page, errors };
    },
    async stop() {
      await browser.close();
      await shop.stop();
      await hub.stop();
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core (WCAG 2.1 A/AA) on the widget's shadow host, which axe walks into; violations printed readably. */
export async function expectAccessible(page: Page, step: string, include = 'fengqiao-e-station'): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    async ({ include, tags }) => {
      const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
      const result = await w.axe.run({ include: [[include]] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
    },
    { include, tags: WCAG },
  );
  const report = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
  expect({ step, violations: report }).toEqual({ step, violations: '' });
}

/** Full-page screenshots into `dir`, numbered in the order taken: `<prefix><nn>-<step>.png`. */
export function screenshots(dir: string, prefix = ''): (page: Page, step: string) => Promise<void> {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n += 1;
    await page.screenshot({ path: path.join(dir, `${prefix}${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}
