import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { subscribe } from '../src/subscribe.js';

/**
 * The hub side of the E Station's authorisation (clients/e-station/README.md): a platform
 * exchanges its token for a short-lived widget token for one order's buyer or seller; a widget
 * token runs trusted documents only, over HTTP and over graphql-ws; CORS for the platform's page.
 */
const ORDER = DEMO.orders.lanterns; // Silk Road Mall, bought by Li Na from Yiwu Festival Crafts
const PLATFORM = DEMO.platforms.silkRoadMall;
const BUYER = DEMO.parties.buyerLiNa;
const SELLER = DEMO.parties.merchantYiwuCrafts;
const DISPUTE = DEMO.disputes.filed; // Li Na against Yiwu Festival Crafts, about the lanterns
const SHOP = 'http://localhost:4010';

const trusted = (text: string) => [`sha256:${createHash('sha256').update(text).digest('hex')}`, text] as const;
const [ORDER_DOC, ORDER_TEXT] = trusted('query WidgetOrder($id: ID!) { order(id: $id) { id orderNumber } }');
const [EVIDENCE_DOC, EVIDENCE_TEXT] = trusted(
  'mutation WidgetEvidence($input: SubmitEvidenceInput!, $key: String!) { submitEvidence(input: $input, idempotencyKey: $key) { id title } }',
);
const [FEED_DOC, FEED_TEXT] = trusted(
  'subscription WidgetEvidenceFeed($id: ID!, $after: String) { evidenceAdded(disputeId: $id, after: $after) { cursor evidence { title } } }',
);
const UNKNOWN_DOC = `sha256:${'0'.repeat(64)}`;

let hub: Hub;
let exchangeUrl: string;
beforeAll(async () => {
  hub = await startHub({
    trustedDocuments: { [ORDER_DOC]: ORDER_TEXT, [EVIDENCE_DOC]: EVIDENCE_TEXT, [FEED_DOC]: FEED_TEXT },
    corsOrigins: [SHOP],
  });
  exchangeUrl = new URL('/auth/widget-token', hub.gatewayUrl).toString();
}, 90_000);
afterAll(() => hub?.stop());

const platformToken = (org: string = PLATFORM) => hub.token('platform', { org });

async function exchange(token: string | undefined, body: unknown, url = exchangeUrl) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function widgetToken(partyId = BUYER, orderId = ORDER, url = exchangeUrl): Promise<string> {
  const { status, body } = await exchange(await platformToken(), { partyId, orderId }, url);
  expect(status).toBe(200);
  return body.token as string;
}

async function post(body: unknown, token?: string, url = hub.gatewayUrl): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

const codeOf = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

describe('POST /auth/widget-token', () => {
  test("a platform gets a 10-minute widget token for its order's buyer", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await exchange(await platformToken(), { partyId: BUYER, orderId: ORDER });
    expect(status).toBe(200);
    expect(body.side).toBe('buyer');
    const claims = decodeJwt(body.token);
    expect(claims).toMatchObject({
      iss: 'fengqiao-hub-widget',
      aud: 'fengqiao-hub',
      sub: BUYER,
      role: 'party',
      client: 'e-station',
      platform: PLATFORM,
      order: ORDER,
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(new Date(body.expiresAt).getTime()).toBe(claims.exp! * 1000);
  });

  test("and for its store's merchant, as the seller", async () => {
    const { status, body } = await exchange(await platformToken(), { partyId: SELLER, orderId: ORDER });
    expect(status).toBe(200);
    expect(body.side).toBe('seller');
    expect(decodeJwt(body.token).sub).toBe(SELLER);
  });

  test('another platform, a party, a court or a widget token is refused FORBIDDEN', async () => {
    const callers = [
      await platformToken(DEMO.platforms.pearlRiver),
      await hub.token('platform'), // no org
      await hub.token('party', { sub: BUYER }),
      await hub.token('court', { org: DEMO.courts.yiwu }),
      await widgetToken(),
    ];
    for (const token of callers) {
      const { status, body } = await exchange(token, { partyId: BUYER, orderId: ORDER });
      expect(status).toBe(403);
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.token).toBeUndefined();
    }
  });

  test('a party who is neither buyer nor seller, or an unknown order, is refused FORBIDDEN', async () => {
    const token = await platformToken();
    for (const body of [{ partyId: DEMO.parties.buyerZhangWei, orderId: ORDER }, { partyId: BUYER, orderId: 'ord_no_such_order' }]) {
      const res = await exchange(token, body);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  test('without a token, or with one that does not verify: 401 UNAUTHENTICATED', async () => {
    const missing = await exchange(undefined, { partyId: BUYER, orderId: ORDER });
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = await platformToken();
    const forged = await exchange(`${token.slice(0, -6)}AAAAAA`, { partyId: BUYER, orderId: ORDER });
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('a bad body is 400 BAD_USER_INPUT naming the field', async () => {
    const token = await platformToken();
    const noParty = await exchange(token, { orderId: ORDER });
    expect(noParty.status).toBe(400);
    expect(noParty.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'partyId' });
    const notJson = await exchange(token, 'partyId=x');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('what a widget token may run', () => {
  test('a trusted document, by documentId, as the party', async () => {
    const token = await widgetToken();
    const result = await post({ documentId: ORDER_DOC, operationName: 'WidgetOrder', variables: { id: ORDER } }, token);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.order).toEqual({ id: ORDER, orderNumber: 'SRM20261109873421' });
  });

  test('its own query text is refused TRUSTED_DOCUMENT_REQUIRED, nothing executed', async () => {
    const token = await widgetToken();
    const query = await post({ query: '{ disputes { edges { node { id } } } }' }, token);
    expect(query.status).toBe(403);
    expect(codeOf(query)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(query.data).toBeUndefined();

    // A mutation that would succeed as a trusted document stores nothing when sent as text.
    const title = `untrusted ${randomUUID()}`;
    const mutation = await post({ query: EVIDENCE_TEXT.replace('WidgetEvidence', 'Other'), variables: evidence(title) }, token);
    expect(mutation.status).toBe(403);
    expect(codeOf(mutation)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const titles = await hub.query(`{ dispute(id: "${DISPUTE}") { evidence { title } } }`, {}, await hub.token('admin'));
    expect(titles.errors).toBeUndefined();
    expect(titles.data.dispute.evidence.map((e: { title: string }) => e.title)).not.toContain(title);
  });

  test('nor over GET, nor as an Apollo persisted-query hash', async () => {
    const token = await widgetToken();
    const url = new URL(hub.gatewayUrl);
    url.searchParams.set('query', '{ disputes { edges { node { id } } } }');
    const get = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(403);
    expect(codeOf((await get.json()) as any)).toBe('TRUSTED_DOCUMENT_REQUIRED');

    const apq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: ORDER_DOC.slice(7) } }, variables: { id: ORDER } }, token);
    expect(apq.status).toBe(403);
    expect(codeOf(apq)).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  test('an unknown documentId is 400 PERSISTED_QUERY_NOT_FOUND, for any token', async () => {
    for (const token of [await widgetToken(), await hub.token('admin')]) {
      const result = await post({ documentId: UNKNOWN_DOC, variables: {} }, token);
      expect(result.status).toBe(400);
      expect(codeOf(result)).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  test('other tokens still send queries, and may name trusted documents too', async () => {
    const token = await hub.token('party', { sub: BUYER });
    const query = await hub.query('query($id: ID!) { order(id: $id) { id } }', { id: ORDER }, token);
    expect(query.errors).toBeUndefined();
    expect(query.data.order.id).toBe(ORDER);
    const byId = await post({ documentId: ORDER_DOC, variables: { id: ORDER } }, token);
    expect(byId.errors).toBeUndefined();
    expect(byId.data.order.id).toBe(ORDER);
  });

  test('a token claiming the widget issuer but not signed by the gateway is refused', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'party', client: 'e-station', platform: PLATFORM, order: ORDER })
      .setProtectedHeader({ alg: 'ES256', kid: 'fengqiao-hub-widget' })
      .setIssuer('fengqiao-hub-widget')
      .setAudience('fengqiao-hub')
      .setSubject(BUYER)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const result = await post({ documentId: ORDER_DOC, variables: { id: ORDER } }, forged);
    expect(result.status).toBe(401);
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
  });

  test('a widget token expires (here after 1 s, from a gateway so configured)', async () => {
    const second = await hub.startSecondGateway({ widgetTokenTtlSeconds: 1 });
    const token = await widgetToken(BUYER, ORDER, new URL('/auth/widget-token', second.url).toString());
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(1);
    // Both gateways share the widget key: the token is good at the first one too, until it expires.
    const fresh = await post({ documentId: ORDER_DOC, variables: { id: ORDER } }, token);
    expect(fresh.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, Math.max(0, claims.exp! * 1000 - Date.now()) + 1_100));
    const expired = await post({ documentId: ORDER_DOC, variables: { id: ORDER } }, token);
    expect(expired.status).toBe(401);
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    expect(expired.errors?.[0]?.message).toMatch(/expired/);
  });
});

describe('subscriptions with a widget token', () => {
  test('its own subscription text is refused TRUSTED_DOCUMENT_REQUIRED', async () => {
    const sub = await subscribe(hub.gatewayUrl, await widgetToken(), FEED_TEXT, { id: DISPUTE });
    try {
      const result = await sub.next(5_000);
      expect(result.data ?? null).toBeNull();
      expect(codeOf(result)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    } finally {
      await sub.close();
    }
  });

  test('a trusted subscription by extensions.documentId delivers; an unknown id is PERSISTED_QUERY_NOT_FOUND', async () => {
    const token = await widgetToken();
    const socket = new WebSocket(hub.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: any[] = [];
    let wake: (() => void) | undefined;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      messages.push(message);
      wake?.();
    });
    const waitFor = async (match: (m: any) => boolean, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
    };
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await waitFor((m) => m.type === 'connection_ack');

      socket.send(JSON.stringify({ id: 'unknown', type: 'subscribe', payload: { query: '', extensions: { documentId: UNKNOWN_DOC } } }));
      const unknown = await waitFor((m) => m.id === 'unknown');
      expect(unknown.type).toBe('error');
      expect(unknown.payload[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      // Evidence submitted through the widget's trusted mutation, then replayed to the widget's feed.
      const title = `widget evidence ${randomUUID()}`;
      const submitted = await post({ documentId: EVIDENCE_DOC, operationName: 'WidgetEvidence', variables: evidence(title) }, token);
      expect(submitted.errors).toBeUndefined();
      expect(submitted.data.submitEvidence.title).toBe(title);
      socket.send(
        JSON.stringify({ id: 'feed', type: 'subscribe', payload: { query: '', variables: { id: DISPUTE, after: '0.0' }, extensions: { documentId: FEED_DOC } } }),
      );
      const event = await waitFor((m) => m.id === 'feed' && (m.type !== 'next' || m.payload.data?.evidenceAdded?.evidence?.title === title));
      expect(event.type).toBe('next');
      expect(event.payload.errors).toBeUndefined();
    } finally {
      socket.close();
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string, path = '/graphql') =>
    fetch(new URL(path, hub.gatewayUrl), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  test('a preflight from an allowed origin gets the CORS headers, on /graphql and /auth/widget-token', async () => {
    for (const path of ['/graphql', '/auth/widget-token']) {
      const res = await preflight(SHOP, path);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    }
    const actual = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ platforms { id } }' }),
    });
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  test('another origin gets none', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    const actual = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ platforms { id } }' }),
    });
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });
});

function evidence(title: string) {
  return {
    input: { disputeId: DISPUTE, title, sha256: createHash('sha256').update(title).digest('hex'), mediaType: 'image/jpeg', sizeBytes: 1024 },
    key: randomUUID(),
  };
}
