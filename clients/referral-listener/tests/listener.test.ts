import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FatalError } from '../src/errors.js';
import { startReferralListener, type ReferralListener, type ReferralListenerOptions } from '../src/listener.js';
import type { ReferralLine } from '../src/queries.js';
import { FakeHub } from './support/fake-hub.js';
import { waitFor } from './support/wait.js';

/**
 * The listener as a unit, against a small graphql-ws server started here (tests/support/fake-hub.ts).
 * The end-to-end test against the real hub is test/tests/subscriptions.test.ts.
 */
let dir: string;
let hub: FakeHub;
const running: ReferralListener[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'referral-listener-'));
  hub = new FakeHub();
  await hub.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5, resetAfterMs: 60_000 };

function listen(extra: Partial<ReferralListenerOptions> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listener = startReferralListener({
    gatewayUrl: hub.gatewayUrl,
    token: hub.token,
    organizationId: hub.organizationId,
    cursorFile: path.join(dir, 'org.cursor'),
    print: (line) => stdout.push(line),
    log: (message) => {
      stderr.push(message);
      if (process.env.DEBUG_LISTENER) process.stderr.write(`[listener] ${message}\n`);
    },
    reconnectBackoff: FAST,
    retryBackoff: FAST,
    keepAliveMs: 0,
    ...extra,
  });
  running.push(listener);
  const lines = () => stdout.map((l) => JSON.parse(l) as ReferralLine);
  // Subscribed: the hub has taken the subscription (so a referral made now is live for it).
  const subscribedBefore = hub.subscriptions.length;
  const connected = (n = 1) => waitFor(() => hub.subscriptions.length >= subscribedBefore + n, 'the subscription');
  return { listener, stdout, stderr, lines, connected };
}

const savedCursor = async () => (await readFile(path.join(dir, 'org.cursor'), 'utf8').catch(() => '')).trim();

test('prints each referral as one JSON line, in order, acknowledges it and saves its cursor', async () => {
  const l = listen();
  await l.connected();
  const made = [hub.refer('Lanterns 1'), hub.refer('Lanterns 2'), hub.refer('Lanterns 3')]; // cursors 98.0, 99.0, 100.0
  await waitFor(() => l.stdout.length === 3, 'three lines');
  await waitFor(() => l.listener.cursor === '100.0', 'the cursor saved');
  expect(await savedCursor()).toBe('100.0');

  for (const line of l.stdout) expect(line).not.toContain('\n');
  const lines = l.lines();
  expect(lines.map((x) => x.cursor)).toEqual(made.map((m) => m.cursor));
  expect(lines.map((x) => x.referral.id)).toEqual(made.map((m) => m.caseId));
  expect(lines[0]).toMatchObject({
    cursor: '98.0',
    reofferedFrom: null,
    referral: {
      id: 'med_case_1',
      status: 'REFERRED',
      organization: { id: hub.organizationId, name: 'Test Mediation Centre' },
      dispute: { title: 'Lanterns 1', category: 'CONSUMER_PURCHASE' },
      claimant: { name: '王芳' },
      respondent: { kind: 'ORGANIZATION' },
    },
  });
  expect(lines[0]!.resync).toBeUndefined();
  expect(hub.acknowledgements).toEqual(made.map((m) => m.caseId));
  expect(l.listener.cursor).toBe('100.0');
  expect(hub.subscriptions).toEqual([null]);
});

test('resubscribes after a server restart with the saved cursor, printing what it missed once, in order', async () => {
  const l = listen();
  await l.connected();
  hub.refer('Before the restart');
  await waitFor(async () => (await savedCursor()) === '98.0', 'the first cursor saved');

  await hub.stop();
  const disconnected = new Promise((resolve) => l.listener.once('disconnected', resolve));
  await disconnected;
  // Referrals committed while the listener could not reach the hub.
  const missed = [hub.refer('While down 1'), hub.refer('While down 2')];
  await hub.start();
  await waitFor(() => l.stdout.length === 3, 'the missed referrals');
  const live = hub.refer('After the restart');
  await waitFor(() => l.stdout.length === 4, 'the live referral');
  await new Promise((r) => setTimeout(r, 200));

  expect(hub.subscriptions).toEqual([null, '98.0']);
  expect(l.lines().map((x) => x.referral.dispute?.title)).toEqual(['Before the restart', 'While down 1', 'While down 2', 'After the restart']);
  expect(l.lines().map((x) => x.cursor)).toEqual(['98.0', missed[0]!.cursor, missed[1]!.cursor, live.cursor]);
  expect(await savedCursor()).toBe(live.cursor);
});

test('a new listener on the same cursor file resumes after it', async () => {
  const first = listen();
  await first.connected();
  hub.refer('Seen by the first');
  await waitFor(async () => (await savedCursor()) === '98.0', 'the cursor saved');
  await first.listener.stop();

  const made = [hub.refer('While stopped 1'), hub.refer('While stopped 2')];
  const second = listen();
  await waitFor(() => second.stdout.length === 2, 'the two missed referrals');
  await new Promise((r) => setTimeout(r, 200));
  expect(second.lines().map((x) => x.referral.id)).toEqual(made.map((m) => m.caseId));
  expect(hub.subscriptions).toEqual([null, '98.0']);
});

test('drops events at or before the saved cursor, even when the server replays them', async () => {
  hub.refer('Old 1');
  hub.refer('Old 2');
  await writeFile(path.join(dir, 'org.cursor'), '99.0\n');
  hub.replayEverything = true; // a server that ignores `after`
  const l = listen();
  const skipped: string[] = [];
  l.listener.on('skipped', (c) => skipped.push(c));
  await l.connected();
  const fresh = hub.refer('New');
  await waitFor(() => l.stdout.length === 1, 'the new referral');
  await new Promise((r) => setTimeout(r, 200));
  expect(l.lines().map((x) => x.cursor)).toEqual([fresh.cursor]);
  expect(skipped).toEqual(['98.0', '99.0']);
  expect(hub.acknowledgements).toEqual([fresh.caseId]);

  // And again across a reconnection: the server replays all three, only nothing new gets printed.
  await hub.restart();
  await waitFor(() => hub.subscriptions.length === 2, 'the resubscription');
  await new Promise((r) => setTimeout(r, 300));
  expect(hub.subscriptions[1]).toBe(fresh.cursor);
  expect(l.stdout).toHaveLength(1);
});

test('forwards each referral to the webhook before acknowledging it and saving the cursor, retrying a 5xx', async () => {
  const received: { body: ReferralLine; key: string | undefined; ackedBefore: boolean; cursorBefore: string }[] = [];
  let failures = 2;
  const webhook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (failures > 0) {
          failures -= 1;
          res.writeHead(503).end('busy');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReferralLine;
        received.push({
          body,
          key: req.headers['idempotency-key'] as string | undefined,
          ackedBefore: hub.acknowledgements.includes(body.referral.id),
          cursorBefore: await savedCursor(),
        });
        res.writeHead(204).end();
      })();
    });
  });
  webhook.listen(0, '127.0.0.1');
  await once(webhook, 'listening');
  try {
    const l = listen({ webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` });
    await l.connected();
    const made = [hub.refer('Hooked 1'), hub.refer('Hooked 2')];
    await waitFor(() => received.length === 2 && hub.acknowledgements.length === 2, 'both forwarded and acknowledged');
    await waitFor(async () => (await savedCursor()) === made[1]!.cursor, 'the cursor saved');

    expect(received.map((r) => r.body)).toEqual(l.lines());
    expect(received.map((r) => r.key)).toEqual(made.map((m) => `${hub.organizationId}:${m.cursor}`));
    // Forwarded first, then acknowledged, then the cursor saved.
    expect(received.map((r) => r.ackedBefore)).toEqual([false, false]);
    expect(received.map((r) => r.cursorBefore)).toEqual(['', made[0]!.cursor]);
    expect(l.stderr.filter((m) => /webhook.*503/.test(m))).toHaveLength(2);
  } finally {
    webhook.closeAllConnections();
    await new Promise((r) => webhook.close(r));
  }
});

test('gives up on a webhook 4xx with a stderr line, and goes on', async () => {
  let calls = 0;
  const webhook = http.createServer((req, res) => {
    calls += 1;
    req.resume();
    res.writeHead(422, { 'content-type': 'text/plain' }).end('unknown category');
  });
  webhook.listen(0, '127.0.0.1');
  await once(webhook, 'listening');
  try {
    const l = listen({ webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` });
    await l.connected();
    const made = hub.refer('Refused by the webhook');
    await waitFor(async () => (await savedCursor()) === made.cursor, 'the cursor saved');
    expect(calls).toBe(1);
    expect(hub.acknowledgements).toEqual([made.caseId]);
    expect(l.stderr.some((m) => m.includes('webhook refused') && m.includes('422') && m.includes('unknown category'))).toBe(true);
  } finally {
    webhook.closeAllConnections();
    await new Promise((r) => webhook.close(r));
  }
});

test('retries an acknowledgement the gateway could not take; --no-ack acknowledges nothing', async () => {
  hub.failAcknowledgements = 2;
  const l = listen();
  await l.connected();
  const made = hub.refer('Ack retried');
  await waitFor(async () => (await savedCursor()) === made.cursor, 'the cursor saved');
  expect(hub.acknowledgements).toEqual([made.caseId]);
  expect(l.stderr.filter((m) => m.includes(`acknowledging ${made.caseId} failed`))).toHaveLength(2);
  await l.listener.stop();

  const quiet = listen({ acknowledge: false });
  await quiet.connected();
  const next = hub.refer('Not acknowledged');
  await waitFor(async () => (await savedCursor()) === next.cursor, 'the cursor saved');
  expect(hub.acknowledgements).toEqual([made.caseId]);
});

test('after a resync notice, re-reads openReferrals, prints them marked resync, and goes on from its cursor', async () => {
  hub.replayLimit = 2;
  const first = listen();
  await first.connected();
  const seen = hub.refer('Seen');
  await waitFor(async () => (await savedCursor()) === seen.cursor, 'the cursor saved');
  await first.listener.stop();
  hub.cases.get(seen.caseId)!.status = 'ACCEPTED';

  const missed = [hub.refer('Missed 1'), hub.refer('Missed 2'), hub.refer('Missed 3')];
  const l = listen();
  const resyncs: unknown[] = [];
  l.listener.on('resync', (info) => resyncs.push(info));
  await waitFor(() => l.stdout.length === 3, 'the open referrals');
  await waitFor(async () => (await savedCursor()) === missed[2]!.cursor, 'the resync cursor saved');
  const lines = l.lines();
  expect(lines.every((x) => x.resync === true && x.cursor === missed[2]!.cursor)).toBe(true);
  expect(lines.map((x) => x.referral.id)).toEqual(missed.map((m) => m.caseId));
  expect(resyncs).toEqual([{ cursor: missed[2]!.cursor, replayLimit: 2, reason: '3 referrals were missed', count: 3 }]);
  expect(hub.openReferralReads).toBe(1);
  expect(hub.acknowledgements).toEqual([seen.caseId, ...missed.map((m) => m.caseId)]);

  // Then live, as usual.
  const live = hub.refer('Live after the resync');
  await waitFor(() => l.stdout.length === 4, 'the live referral');
  expect(l.lines()[3]).toMatchObject({ cursor: live.cursor, referral: { id: live.caseId } });
  expect(l.lines()[3]!.resync).toBeUndefined();
});

test('stops with a fatal error when the gateway closes the connection with 4403', async () => {
  const l = listen();
  await l.connected();
  const made = hub.refer('Before the revocation');
  await waitFor(async () => (await savedCursor()) === made.cursor, 'the cursor saved');
  hub.closeConnections(4403, 'Forbidden');
  await expect(l.listener.done).rejects.toBeInstanceOf(FatalError);
  await expect(l.listener.done).rejects.toThrow(/4403 Forbidden/);
  await new Promise((r) => setTimeout(r, 200));
  expect(hub.subscriptions).toHaveLength(1); // no reconnection
  expect(hub.connectionCount).toBe(0);
  expect(await savedCursor()).toBe(made.cursor);
});

test('a token the gateway refuses stops at once instead of spinning', async () => {
  const l = listen({ token: 'wrong-token' });
  const fatal = new Promise<FatalError>((resolve) => l.listener.once('fatal', resolve));
  await expect(l.listener.done).rejects.toThrow(/4403 Forbidden.*mediation_org token for organisation org_test/);
  expect((await fatal).message).toMatch(/4403/);
  expect(hub.subscriptions).toHaveLength(0);
});

test('a FORBIDDEN subscription error is fatal', async () => {
  hub.forbidSubscriptions = true;
  const l = listen();
  await expect(l.listener.done).rejects.toThrow(/refused the subscription: Not allowed to listen to this organisation \(FORBIDDEN\)/);
});

test('keeps retrying while the gateway is down, then connects', async () => {
  await hub.stop();
  const l = listen();
  await waitFor(() => l.stderr.filter((m) => m.startsWith('disconnected')).length >= 3, 'a few failed attempts');
  await hub.start();
  await l.connected();
  const made = hub.refer('Once it is up');
  await waitFor(() => l.stdout.length === 1, 'the referral');
  expect(l.lines()[0]!.referral.id).toBe(made.caseId);
});

test('a dead connection (no pong) is dropped and re-established', async () => {
  const l = listen({ keepAliveMs: 50, pongTimeoutMs: 100 });
  await l.connected();
  // Stop answering pings: the server's sockets stop reading.
  // (graphql-ws answers pings itself; pausing the underlying TCP sockets freezes it.)
  for (const socket of (hub as unknown as { wss: { clients: Set<{ _socket: { pause(): void } }> } }).wss.clients) socket._socket.pause();
  await waitFor(() => l.stderr.some((m) => m.includes('no pong')), 'the pong timeout');
  await waitFor(() => hub.subscriptions.length === 2, 'the resubscription');
  const made = hub.refer('After the freeze');
  await waitFor(() => l.stdout.length === 1, 'the referral');
  expect(l.lines()[0]!.referral.id).toBe(made.caseId);
});

test('stop() ends a listener that is waiting for referrals, and it stays stopped', async () => {
  const l = listen();
  await l.connected();
  await l.listener.stop();
  await expect(l.listener.done).resolves.toBeUndefined();
  await waitFor(() => hub.connectionCount === 0, 'the connection closed');
  hub.refer('Nobody listening');
  await new Promise((r) => setTimeout(r, 200));
  expect(l.stdout).toHaveLength(0);
  expect(hub.subscriptions).toHaveLength(1);
});

describe('stopping in the middle of an event', () => {
  async function webhookServer(handler: http.RequestListener) {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      },
    };
  }

  test('finishes the event in hand: forwarded, acknowledged, cursor saved', async () => {
    let arrived = false;
    const hook = await webhookServer((req, res) => {
      arrived = true;
      req.resume();
      setTimeout(() => res.writeHead(200).end('ok'), 300);
    });
    try {
      const l = listen({ webhookUrl: hook.url });
      await l.connected();
      const made = hub.refer('In hand when stopped');
      await waitFor(() => arrived, 'the webhook request');
      await l.listener.stop();
      expect(hub.acknowledgements).toEqual([made.caseId]);
      expect(await savedCursor()).toBe(made.cursor);
    } finally {
      await hook.close();
    }
  });

  test('a webhook that keeps failing does not hold up stopping; the event stays unsaved and comes again', async () => {
    let requests = 0;
    const hook = await webhookServer((req, res) => {
      requests += 1;
      req.resume();
      res.writeHead(requests === 1 ? 200 : 502).end();
    });
    try {
      const l = listen({ webhookUrl: hook.url });
      await l.connected();
      const forwarded = hub.refer('Forwarded');
      await waitFor(async () => (await savedCursor()) === forwarded.cursor, 'the first cursor saved');
      const failing = hub.refer('Never forwarded');
      await waitFor(() => l.stderr.some((m) => m.includes('502')), 'a failed POST');
      const started = Date.now();
      await l.listener.stop();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(hub.acknowledgements).toEqual([forwarded.caseId]);
      expect(await savedCursor()).toBe(forwarded.cursor);

      // Next time the same event is delivered again: at least once.
      const again = listen();
      await waitFor(() => again.stdout.length === 1, 'the event again');
      expect(hub.subscriptions[1]).toBe(forwarded.cursor);
      expect(again.lines()[0]).toMatchObject({ cursor: failing.cursor, referral: { id: failing.caseId } });
      expect(l.lines().map((x) => x.cursor)).toEqual([forwarded.cursor, failing.cursor]);
    } finally {
      await hook.close();
    }
  });
});
