import { HubClient, refreshDelayMs, websocketUrl } from '../src/client.js';
import { describeError, HubError, hubErrorFrom } from '../src/errors.js';
import { translator } from '../src/strings/index.js';
import manifest from '../trusted-documents.json' with { type: 'json' };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

test('refresh a minute before expiry, never sooner than 5 s', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  expect(refreshDelayMs('2026-11-25T10:10:00Z', now)).toBe(9 * 60_000);
  expect(refreshDelayMs('2026-11-25T10:00:30Z', now)).toBe(5_000);
});

test('ws(s) address of the gateway', () => {
  expect(websocketUrl('https://hub.example/graphql')).toBe('wss://hub.example/graphql');
  expect(websocketUrl('/graphql', 'http://localhost:4000/shop')).toBe('ws://localhost:4000/graphql');
});

test('sends { documentId, operationName, variables } with the widget token; UNAUTHENTICATED fetches a new token and retries once', async () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  let tokens = 0;
  let graphqlCalls = 0;
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (url === '/api/e-station-token') {
      tokens += 1;
      return json(200, { token: `t${tokens}`, expiresAt: new Date(Date.now() + 600_000).toISOString(), side: 'buyer' });
    }
    graphqlCalls += 1;
    if (graphqlCalls === 1) return json(200, { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] });
    return json(200, { data: { order: { id: 'ord_1' } } });
  }) as unknown as typeof fetch;
  const hub = new HubClient({ gateway: 'https://hub.example/graphql', tokenEndpoint: '/api/e-station-token', orderId: 'ord_1', platformId: 'plt', side: 'buyer', fetch: fetchImpl });
  try {
    const data = await hub.request<{ order: { id: string } }>('EStationOrder', { orderId: 'ord_1' });
    expect(data.order.id).toBe('ord_1');
    expect(tokens).toBe(2);
    const tokenCall = calls[0]!;
    expect(tokenCall.init.method).toBe('POST');
    expect(tokenCall.init.credentials).toBe('include');
    expect(JSON.parse(String(tokenCall.init.body))).toEqual({ orderId: 'ord_1', platformId: 'plt', side: 'buyer' });
    const retried = calls[calls.length - 1]!;
    expect((retried.init.headers as Record<string, string>).authorization).toBe('Bearer t2');
    const body = JSON.parse(String(retried.init.body));
    expect(body.operationName).toBe('EStationOrder');
    expect(body.variables).toEqual({ orderId: 'ord_1' });
    expect(body.query).toBeUndefined();
    expect((manifest as Record<string, string>)[body.documentId]).toMatch(/^query EStationOrder\b/);
  } finally {
    hub.dispose();
  }
});

test('errors in plain words, per code, with the field for BAD_USER_INPUT', () => {
  const t = translator('en');
  const bad = hubErrorFrom([{ message: 'title: at most 200 characters (TOO_LONG)', extensions: { code: 'BAD_USER_INPUT', field: 'title', rule: 'TOO_LONG' } }]);
  expect(describeError(bad, t)).toEqual({ code: 'BAD_USER_INPUT', message: 'Please check what you entered.', field: 'title', detail: 'at most 200 characters (TOO_LONG)' });
  expect(describeError(new HubError('FORBIDDEN', 'x'), t).message).toMatch(/may not/);
  expect(describeError(new TypeError('Failed to fetch'), t).code).toBe('NETWORK');
  expect(describeError(new HubError('RATE_LIMITED', 'x', { retryAfterSeconds: 30 }), t).message).toContain('30 seconds');
  expect(describeError(new HubError('SOMETHING_NEW', 'x'), t).message).toMatch(/our side/);
});
