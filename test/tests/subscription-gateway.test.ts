import WebSocket from 'ws';
import { DEMO } from '@fengqiao/subgraph-kit';
import { startHub, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';
import { connect, subscribe } from '../src/subscribe.js';

/**
 * The gateway's WebSocket endpoint on its own: who may connect, how much one client may take,
 * and what it answers for operations it cannot serve. The feeds themselves are in
 * subscriptions.test.ts.
 */
const MAX_CONNECTIONS = 8;
let hub: Hub;
beforeAll(async () => {
  // A short give-up so the last test sees it; resuming within it is in subscriptions.test.ts.
  hub = await startHub({ gatewaySubscriptions: { maxConnections: MAX_CONNECTIONS, upstreamRetry: { giveUpAfterMs: 1_500 } } });
}, 60_000);
afterAll(() => hub?.stop());

const DISPUTE = DEMO.disputes.inMediation;
/** Cursors are `<txId>.<seq>`. */
const later = (a: string, b: string) => {
  const [at, as] = a.split('.').map(BigInt) as [bigint, bigint];
  const [bt, bs] = b.split('.').map(BigInt) as [bigint, bigint];
  return at > bt || (at === bt && as > bs);
};
const UPDATES = 'subscription($id: ID!, $after: String) { disputeUpdated(id: $id, after: $after) { cursor } }';

describe('authentication', () => {
  test('a connection without a token is refused with 4401', async () => {
    const connection = await connect(hub.gatewayUrl);
    expect(connection.acknowledged).toBe(false);
    expect((await connection.closed).code).toBe(4401);
  });

  test('a token that does not verify is refused with 4401 and a reason', async () => {
    const token = await hub.token('admin');
    const forged = `${token.slice(0, -6)}AAAAAA`;
    const connection = await connect(hub.gatewayUrl, forged);
    expect(connection.acknowledged).toBe(false);
    expect(await connection.closed).toEqual({ code: 4401, reason: expect.stringMatching(/verified/) });
  });

  test('a malformed authorization is refused with 4401', async () => {
    const connection = await connect(hub.gatewayUrl, 'not-a-jwt');
    expect((await connection.closed).code).toBe(4401);
  });

  test('the socket closes with 4401 "Token expired" when the token expires', async () => {
    const token = await hub.token('admin', { ttl: '2s' });
    const connection = await connect(hub.gatewayUrl, token);
    expect(connection.acknowledged).toBe(true);
    const started = Date.now();
    expect(await connection.closed).toEqual({ code: 4401, reason: 'Token expired' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

describe('what the socket serves', () => {
  test('a query is refused: the socket is for subscriptions', async () => {
    const sub = await subscribe(hub.gatewayUrl, await hub.token('admin'), '{ courts { id } }');
    try {
      const result = await sub.next(5_000);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    } finally {
      await sub.close();
    }
  });

  test('an unknown field fails validation with a typed error and no internals', async () => {
    const sub = await subscribe(hub.gatewayUrl, await hub.token('admin'), 'subscription { disputeUpdated(id: "x") { cursor nosuchField } }');
    try {
      const result = await sub.next(5_000);
      expect(result.errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining('nosuchField'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      expect(JSON.stringify(result)).not.toMatch(/stack|node_modules/);
    } finally {
      await sub.close();
    }
  });

  test('a syntax error and a bad variable are typed too', async () => {
    const token = await hub.token('admin');
    const broken = await subscribe(hub.gatewayUrl, token, 'subscription { disputeUpdated(');
    const badVariable = await subscribe(hub.gatewayUrl, token, UPDATES, { id: 42, after: ['no'] });
    try {
      expect((await broken.next(5_000)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect((await badVariable.next(5_000)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await Promise.all([broken.close(), badVariable.close()]);
    }
  });

  test('two root fields in one subscription fail validation', async () => {
    const sub = await subscribe(
      hub.gatewayUrl,
      await hub.token('admin'),
      'subscription { disputeUpdated(id: "a") { cursor } evidenceAdded(disputeId: "a") { cursor } }',
    );
    try {
      expect((await sub.next(5_000)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await sub.close();
    }
  });
});

describe('bounds', () => {
  test('the 26th subscription on one socket is refused with RATE_LIMITED; the others stay', async () => {
    const connection = await connect(hub.gatewayUrl, await hub.token('admin'));
    try {
      const subs = Array.from({ length: 25 }, () => connection.subscribe(UPDATES, { id: DISPUTE }));
      const extra = connection.subscribe(UPDATES, { id: DISPUTE });
      const refused = await extra.next(5_000);
      expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // None of the 25 was ended by the refusal.
      await Promise.all(subs.map((s) => expect(s.next(300)).rejects.toThrow(/no result within/)));
      // One completed makes room for another.
      await subs[0]!.close();
      const again = connection.subscribe(UPDATES, { id: DISPUTE });
      await expect(again.next(500)).rejects.toThrow(/no result within/);
    } finally {
      await connection.close();
    }
  });

  test('a message over the payload limit closes the socket', async () => {
    const connection = await connect(hub.gatewayUrl, await hub.token('admin'));
    expect(connection.acknowledged).toBe(true);
    const padding = ' '.repeat(70 * 1024);
    connection.sendRaw(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription {${padding} disputeUpdated(id: "x") { cursor } }` } }));
    expect((await connection.closed).code).toBe(1009);
  });

  test(`beyond ${MAX_CONNECTIONS} open sockets the upgrade is refused with 503 and Retry-After`, async () => {
    const token = await hub.token('admin');
    const open = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => connect(hub.gatewayUrl, token)));
    try {
      expect(open.every((c) => c.acknowledged)).toBe(true);
      const refusal = await new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
        const socket = new WebSocket(hub.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
        socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
        socket.once('open', () => reject(new Error('the connection beyond the limit was accepted')));
        socket.once('error', () => undefined);
      });
      expect(refusal).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    } finally {
      await Promise.all(open.map((c) => c.close()));
    }
    // Room again once they are closed.
    const after = await connect(hub.gatewayUrl, token);
    expect(after.acknowledged).toBe(true);
    await after.close();
  });
});

describe('forwarding', () => {
  const P = DEMO.parties;
  const UPDATES_WITH_ENTITIES = /* GraphQL */ `
    subscription Updates($id: ID!, $after: String) {
      update: disputeUpdated(id: $id, after: $after) {
        __typename
        at: cursor
        ...Entry
        d: dispute { id title respondent { name idNumber } }
      }
    }
    fragment Entry on DisputeUpdate { event { kind summary } }
  `;

  test('a timeline event arrives with fields from other subgraphs, shaped as asked and masked for the subscriber', async () => {
    const token = await hub.token('party', { sub: P.buyerWangFang });
    const input = { title: 'Lanterns, watched live', description: 'Arrived broken', category: 'CONSUMER_PURCHASE', respondentId: P.merchantYiwuCrafts, claimAmount: '120.00' };
    const filed = await hub.query(FILE_DISPUTE, { input, key: `subscription-gateway-file-${Date.now()}` }, token);
    expect(filed.errors).toBeUndefined();
    const disputeId = filed.data.fileDispute.id as string;

    // From the start of the feed: the filing first, whatever the timing of the subscribe.
    const sub = await subscribe(hub.gatewayUrl, token, UPDATES_WITH_ENTITIES, { id: disputeId, after: '0.0' });
    try {
      const first = await sub.next(15_000);
      expect(first.errors).toBeUndefined();
      expect(first.data.update).toEqual({
        __typename: 'DisputeUpdate',
        at: expect.stringMatching(/^\d+\.\d+$/),
        event: { kind: 'FILED', summary: expect.any(String) },
        d: {
          id: disputeId,
          title: 'Lanterns, watched live',
          // identity, through the federated graph, masked as for this party over HTTP
          respondent: { name: expect.any(String), idNumber: expect.stringMatching(/^\*+/) },
        },
      });

      // And live: evidence recorded on the timeline arrives without asking.
      const evidence = { disputeId, title: 'Photo of the lanterns', sha256: 'b'.repeat(64), mediaType: 'image/jpeg', sizeBytes: 2_000 };
      const submitted = await hub.query(
        'mutation($input: SubmitEvidenceInput!, $key: String!) { submitEvidence(input: $input, idempotencyKey: $key) { id } }',
        { input: evidence, key: `subscription-gateway-evidence-${Date.now()}` },
        token,
      );
      expect(submitted.errors).toBeUndefined();
      const next = (await sub.next(15_000)).data.update;
      expect(next.event.kind).toBe('EVIDENCE_SUBMITTED');
      expect(next.d.title).toBe('Lanterns, watched live');
      expect(later(next.at, first.data.update.at)).toBe(true);
    } finally {
      await sub.close();
    }
  }, 60_000);

  test("the subgraph's refusal is passed on unchanged", async () => {
    // Another party's dispute: the disputes subgraph refuses, the gateway only forwards.
    const token = await hub.token('party', { sub: P.buyerWangFang });
    const sub = await subscribe(hub.gatewayUrl, token, UPDATES, { id: DISPUTE });
    try {
      const result = await sub.next(15_000);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    } finally {
      await sub.close();
    }
  });
});

// Last: it stops the disputes subgraph for good.
test('a subgraph gone for longer than giveUpAfterMs ends the subscription with SUBGRAPH_UNAVAILABLE', async () => {
  const sub = await subscribe(hub.gatewayUrl, await hub.token('admin'), UPDATES, { id: DISPUTE, after: '0.0' });
  try {
    expect((await sub.next(15_000)).errors).toBeUndefined();
    await hub.stopSubgraph('disputes');
    const started = Date.now();
    // Whatever of the demo timeline was already on its way comes first.
    let result = await sub.next(10_000);
    while (!result.errors) result = await sub.next(10_000);
    expect(result.errors).toEqual([{ message: expect.any(String), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'disputes' } }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  } finally {
    await sub.close();
  }
}, 30_000);
