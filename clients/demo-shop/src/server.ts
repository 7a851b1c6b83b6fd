// The demo shop: a platform's order pages with the Fengqiao E Station embedded, and the
// platform's backend endpoint that exchanges its own hub token for a short-lived widget token.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { FRESH_ORDER, LANTERNS, NEW_BUYER, NEW_BUYER_ORDER, PLATFORM, STORE, USERS, USER_KEYS, isLang, isUserKey, type DemoUser, type Lang, type ShopOrder, type UserKey } from './catalog.js';
import { messagesPage, notFoundPage, orderPage, ordersPage, type DemoMessage, type PageContext } from './pages.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eStationDir = path.join(repoRoot, 'clients', 'e-station');

export interface DemoShopOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The gateway's GraphQL URL as this server reaches it, e.g. http://127.0.0.1:4000/graphql. */
  gatewayUrl: string;
  /** The gateway's GraphQL URL as the browser reaches it (the widget's `gateway`); default gatewayUrl. */
  publicGatewayUrl?: string;
  /** The platform's own hub token (role `platform`, org = the platform). Held here, never sent to the page. */
  platformToken?: string;
  /** Or: mints one when needed (dev: signed with the local dev key), cached until shortly before it expires. */
  mintPlatformToken?: () => Promise<string>;
  /**
   * Mints a token that may read the hub's dev message log (an admin token, dev key): the shop's
   * "Messages" page shows the signed-in person what the simulated SMS and inbox "sent" — the
   * code that confirms a signature. Absent (and in production): no such page.
   */
  mintMessageLogToken?: () => Promise<string>;
  /** Record the fresh demo order in the hub at start (default true). */
  recordFreshOrder?: boolean;
  /** Register the new buyer (Sun Yue) in the hub and record her order at start (default true). */
  registerNewBuyer?: boolean;
  /** The widget bundle; default clients/e-station/dist/e-station.js, built at start if missing. */
  widgetBundlePath?: string;
  /** Build the bundle at start when it is missing (default true). */
  buildWidget?: boolean;
  log?: (message: string) => void;
}

export interface RunningDemoShop {
  /** e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  port: number;
  /** The order to open first: the fresh order when it could be recorded, else the lanterns. */
  featuredOrderId: string;
  /** The shop's orders, as its own database holds them. */
  orders: ShopOrder[];
  /** The users the switcher offers, with their hub party ids (the new buyer only when she could be registered). */
  users: Partial<Record<UserKey, DemoUser>>;
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Builds the widget with its package's build function, else its npm build script. */
async function buildWidgetBundle(log: (m: string) => void): Promise<void> {
  for (const file of ['build.ts', 'build.mts', 'src/build.ts']) {
    const entry = path.join(eStationDir, file);
    if (!existsSync(entry)) continue;
    let build: (() => Promise<unknown>) | undefined;
    try {
      const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
      build = (mod.buildEStation ?? mod.build) as typeof build;
    } catch (err) {
      log(`demo shop: could not load the widget's ${file} (${(err as Error).message.split('\n')[0]}); trying npm run build`);
    }
    if (typeof build === 'function') {
      await build();
      return;
    }
    break;
  }
  await promisify(execFile)('npm', ['run', 'build', '--workspace', '@fengqiao/e-station'], { cwd: repoRoot, timeout: 180_000 });
}

async function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Seconds until a JWT expires (no verification: it is our own token, only its lifetime matters). */
function secondsLeft(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return payload.exp ? payload.exp - Date.now() / 1000 : Infinity;
  } catch {
    return 0;
  }
}

export async function startDemoShop(options: DemoShopOptions): Promise<RunningDemoShop> {
  const log = options.log ?? ((m: string) => console.error(m));
  if (!options.platformToken && !options.mintPlatformToken) throw new Error('startDemoShop needs platformToken or mintPlatformToken');
  const gatewayUrl = new URL(options.gatewayUrl);
  const publicGatewayUrl = new URL(options.publicGatewayUrl ?? options.gatewayUrl);
  const bundlePath = options.widgetBundlePath ?? path.join(eStationDir, 'dist', 'e-station.js');

  // --- The platform's own hub token: server-side only. -------------------------------------
  let cachedToken: string | undefined = options.platformToken;
  async function platformToken(): Promise<string> {
    if (options.mintPlatformToken && (!cachedToken || secondsLeft(cachedToken) < 120)) cachedToken = await options.mintPlatformToken();
    return cachedToken!;
  }

  async function hubQuery<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await platformToken()}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  }

  // --- The shop's orders (its own database). ------------------------------------------------
  const orders: ShopOrder[] = [LANTERNS];
  let featuredOrderId = LANTERNS.id;
  if (options.recordFreshOrder !== false) {
    try {
      // The same key and input every start: the hub answers with the order it recorded the first time.
      const data = await hubQuery<{ recordOrder: { id: string } }>(
        `mutation RecordDemoOrder($input: RecordOrderInput!, $key: String!) { recordOrder(input: $input, idempotencyKey: $key) { id } }`,
        {
          key: `demo-shop:${FRESH_ORDER.orderNumber}`,
          input: {
            storeId: STORE.id,
            orderNumber: FRESH_ORDER.orderNumber,
            amount: FRESH_ORDER.amount,
            itemSummary: FRESH_ORDER.itemSummary,
            placedAt: FRESH_ORDER.placedAt,
            buyerId: FRESH_ORDER.buyerPartyId,
          },
        },
      );
      orders.unshift({ ...FRESH_ORDER, id: data.recordOrder.id });
      featuredOrderId = data.recordOrder.id;
    } catch (err) {
      log(`demo shop: could not record the fresh demo order (${(err as Error).message}); showing the seeded orders only`);
    }
  }

  // --- The new buyer: registered by the platform, then her order. ---------------------------
  const users: Partial<Record<UserKey, DemoUser>> = { ...USERS };
  if (options.registerNewBuyer !== false) {
    try {
      // A fixed key: every start gets the same party (and so the same order) back.
      const registered = await hubQuery<{ registerParty: { id: string } }>(
        `mutation RegisterDemoBuyer($input: RegisterPartyInput!, $key: String!) { registerParty(input: $input, idempotencyKey: $key) { id } }`,
        { key: NEW_BUYER.idempotencyKey, input: NEW_BUYER.registration },
      );
      const partyId = registered.registerParty.id;
      users.newBuyer = { key: NEW_BUYER.key, partyId, name: NEW_BUYER.name };
      try {
        const data = await hubQuery<{ recordOrder: { id: string } }>(
          `mutation RecordDemoOrder($input: RecordOrderInput!, $key: String!) { recordOrder(input: $input, idempotencyKey: $key) { id } }`,
          {
            key: `demo-shop:${NEW_BUYER_ORDER.orderNumber}`,
            input: {
              storeId: STORE.id,
              orderNumber: NEW_BUYER_ORDER.orderNumber,
              amount: NEW_BUYER_ORDER.amount,
              itemSummary: NEW_BUYER_ORDER.itemSummary,
              placedAt: NEW_BUYER_ORDER.placedAt,
              buyerId: partyId,
            },
          },
        );
        orders.push({ ...NEW_BUYER_ORDER, id: data.recordOrder.id, buyerPartyId: partyId });
      } catch (err) {
        log(`demo shop: could not record the new buyer's order (${(err as Error).message}); she has no orders`);
      }
    } catch (err) {
      log(`demo shop: could not register the new buyer (${(err as Error).message}); offering the seeded users only`);
    }
  }

  // --- The widget bundle. -------------------------------------------------------------------
  if (!existsSync(bundlePath) && options.buildWidget !== false) {
    try {
      await buildWidgetBundle(log);
    } catch (err) {
      log(`demo shop: the E Station bundle is missing and could not be built (${(err as Error).message.split('\n')[0]})`);
    }
  }

  /** A buyer sees her own orders; the seller (the store's merchant) every order of the store. */
  const visibleOrders = (user: DemoUser) =>
    orders.filter((o) => (user.key === 'seller' ? user.partyId === STORE.merchantPartyId : o.buyerPartyId === user.partyId));
  const switcherUsers = () => USER_KEYS.flatMap((k) => (users[k] ? [users[k]] : []));
  /** A known user key whose user exists in this shop, else the default buyer. */
  const userFor = (value: unknown): DemoUser => (isUserKey(value) && users[value]) || USERS.buyer;

  const wsOrigin = `${publicGatewayUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${publicGatewayUrl.host}`;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${publicGatewayUrl.origin} ${wsOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', ...headers });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'cache-control': 'no-store' });

  /** POSTs must come from this shop's own pages (a check a real platform's CSRF protection makes). */
  const requireSameOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
      throw new HttpError(403, 'FORBIDDEN', 'Cross-origin request refused');
    }
  };

  /**
   * The platform's backend side of the widget-token exchange — the pattern a real platform
   * follows: (1) know the user from the platform's own session (here a demo cookie); (2) check
   * in its own data that the user may act on the order; (3) ask the hub for a widget token with
   * the platform's own hub token, which never leaves this server; (4) hand the page only the
   * widget token — a party token for that one user, short-lived, limited to the widget's
   * trusted documents.
   */
  async function widgetToken(req: IncomingMessage, url: URL, user: DemoUser): Promise<unknown> {
    let orderId = url.searchParams.get('orderId') ?? url.searchParams.get('order');
    if (req.method === 'POST') {
      requireSameOrigin(req);
      const raw = await readBody(req);
      if (raw.trim()) {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          throw new HttpError(400, 'BAD_REQUEST', 'The body must be JSON');
        }
        const fromBody = body.orderId ?? body.order;
        if (typeof fromBody === 'string') orderId = fromBody;
      }
    }
    if (!orderId) throw new HttpError(400, 'BAD_REQUEST', 'orderId is required');
    const order = visibleOrders(user).find((o) => o.id === orderId);
    if (!order) throw new HttpError(403, 'FORBIDDEN', 'The signed-in user is neither the buyer nor the seller of this order');
    const partyId = user.partyId;

    const res = await fetch(new URL('/auth/widget-token', gatewayUrl.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await platformToken()}` },
      body: JSON.stringify({ partyId, orderId }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: { token?: string; expiresAt?: string; error?: unknown; errors?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: reported below
    }
    if (!res.ok || typeof body.token !== 'string') {
      log(`demo shop: the hub refused a widget token (${res.status}): ${text.slice(0, 300)}`);
      throw new HttpError(res.status >= 400 && res.status < 500 ? res.status : 502, 'HUB_REFUSED', 'The hub did not issue a widget token');
    }
    // Only the widget token goes to the page — nothing else from the hub's answer.
    return { token: body.token, expiresAt: body.expiresAt, side: user.key === 'seller' ? 'seller' : 'buyer' };
  }

  /** The person's messages from the hub's dev message log; null when it cannot be read. */
  async function messagesOf(partyId: string): Promise<DemoMessage[] | null> {
    if (!options.mintMessageLogToken) return null;
    try {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.mintMessageLogToken()}` },
        body: JSON.stringify({ query: 'query DemoShopMessages($p: ID!) { devMessageLog(partyId: $p, first: 20) { channel sentTo text sentAt } }', variables: { p: partyId } }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { data?: { devMessageLog: DemoMessage[] } | null; errors?: { message: string }[] };
      if (!body.data) {
        log(`demo shop: the hub's message log could not be read: ${body.errors?.map((e) => e.message).join('; ')}`);
        return null;
      }
      return body.data.devMessageLog;
    } catch (err) {
      log(`demo shop: the hub's message log could not be read (${(err as Error).message})`);
      return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://shop.invalid');
    const jar = cookies(req);
    const user = userFor(jar.demo_shop_user);
    const queryLang = url.searchParams.get('lang');
    const lang: Lang = isLang(queryLang) ? queryLang : isLang(jar.demo_shop_lang) ? jar.demo_shop_lang : 'zh-Hans';
    const langCookie = isLang(queryLang) && queryLang !== jar.demo_shop_lang ? `demo_shop_lang=${queryLang}; Path=/; SameSite=Lax; HttpOnly` : undefined;
    const ctx: PageContext = { lang, user, users: switcherUsers(), path: url.pathname, messages: Boolean(options.mintMessageLogToken) };
    const html = (status: number, body: string) =>
      send(res, status, 'text/html; charset=utf-8', body, {
        'content-security-policy': csp,
        'cache-control': 'no-store',
        ...(langCookie ? { 'set-cookie': langCookie } : {}),
      });

    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '', { 'cache-control': 'max-age=86400' });
    if (url.pathname === '/healthz' || url.pathname === '/readyz') return sendJson(res, 200, { status: 'ok', featuredOrderId });
    if (url.pathname === '/e-station.js') {
      if (!existsSync(bundlePath)) {
        return send(res, 503, 'text/javascript; charset=utf-8', '/* The Fengqiao E Station bundle is not built: npm run build --workspace @fengqiao/e-station */\n', { 'cache-control': 'no-store' });
      }
      return send(res, 200, 'text/javascript; charset=utf-8', readFileSync(bundlePath), { 'cache-control': 'no-cache' });
    }
    if (url.pathname === '/api/e-station-token') {
      if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET or POST');
      return sendJson(res, 200, await widgetToken(req, url, user));
    }
    if (url.pathname === '/session' && req.method === 'POST') {
      // The fake login: a real platform signs its users in; this demo only remembers who is "signed in".
      requireSameOrigin(req);
      const form = new URLSearchParams(await readBody(req));
      const next = userFor(form.get('user')).key;
      const back = form.get('return') ?? '/';
      const location = back.startsWith('/') && !back.startsWith('//') ? back : '/';
      res.writeHead(303, { location, 'set-cookie': `demo_shop_user=${next}; Path=/; SameSite=Lax; HttpOnly`, 'cache-control': 'no-store' });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
    if (url.pathname === '/') return html(200, ordersPage(ctx, visibleOrders(user)));
    if (url.pathname === '/messages' && options.mintMessageLogToken) return html(200, messagesPage(ctx, await messagesOf(user.partyId)));
    const match = /^\/orders\/([\w-]+)$/.exec(url.pathname);
    const order = match && visibleOrders(user).find((o) => o.id === match[1]);
    if (order) {
      return html(200, orderPage(ctx, order, { gateway: publicGatewayUrl.href, platform: PLATFORM.id, tokenEndpoint: '/api/e-station-token' }));
    }
    return html(404, notFoundPage(ctx));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const code = err instanceof HttpError ? err.code : 'INTERNAL';
      if (!(err instanceof HttpError)) log(`demo shop: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, status, { error: { code, message: err instanceof HttpError ? err.message : 'Internal error' } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    featuredOrderId,
    orders,
    users,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
