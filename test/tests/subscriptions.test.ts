import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type GraphQLResponse, type Hub } from '../src/harness.js';
import { FILE_DISPUTE } from '../src/queries.js';
import { subscribe, type Subscription } from '../src/subscribe.js';

/**
 * Issue 5 end to end: referrals and dispute feeds through the gateway's WebSocket, forwarded
 * to the owning subgraph, resumed by cursor across a listener's restart and a subgraph's.
 * Storage is kept on disk so the mediation subgraph can be stopped and started with its data.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ persistent: true });
}, 60_000);
afterAll(() => hub?.stop());

const P = DEMO.parties;
const ORG = DEMO.mediationOrganizations.yiwuMarketMediation;
const OTHER_ORG = DEMO.mediationOrganizations.gzInternetCourtDdr;
const COURT = DEMO.courts.yiwu;
let keySeq = 0;
const key = (name: string) => `subscriptions-${name}-${++keySeq}-${Date.now()}`;

function ok<T = any>(res: GraphQLResponse<T>): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

async function as(role: Parameters<Hub['token']>[0], claims: { sub?: string; org?: string } = {}) {
  const token = await hub.token(role, claims);
  return <T = any>(query: string, variables: Record<string, unknown> = {}) => hub.query<T>(query, variables, token).then(ok);
}

const REFER = /* GraphQL */ `
  mutation Refer($input: ReferToMediationInput!, $key: String!) {
    referToMediation(input: $input, idempotencyKey: $key) { id status }
  }
`;

/** Files a fresh dispute and has the Yiwu court refer it to `organizationId`; returns the case id. */
async function referral(title: string, organizationId: string = ORG): Promise<{ caseId: string; disputeId: string }> {
  const party = await as('party', { sub: P.buyerWangFang });
  const input = { title, description: 'Lanterns arrived broken', category: 'CONSUMER_PURCHASE', respondentId: P.merchantYiwuCrafts, claimAmount: '300.00' };
  const disputeId = (await party(FILE_DISPUTE, { input, key: key('file') })).fileDispute.id as string;
  const court = await as('court', { sub: 'judge-yiwu', org: COURT });
  const refer = { disputeId, organizationId, claimantId: P.buyerWangFang, respondentId: P.merchantYiwuCrafts, category: 'CONSUMER_PURCHASE' };
  const caseId = (await court(REFER, { input: refer, key: key('refer') })).referToMediation.id as string;
  return { caseId, disputeId };
}

const REFERRALS = /* GraphQL */ `
  subscription Referrals($org: ID!, $after: String) {
    referralCreated(organizationId: $org, after: $after) {
      cursor
      resync { reason }
      referral {
        id
        status
        acknowledgeBy
        organization { name }
        dispute { id title category }
        claimant { id name }
      }
    }
  }
`;

/**
 * A cursor just past a new referral. Subscribing with no `after` starts at the feed's head at
 * an instant a test cannot see, so tests replay from the start ('0.0') instead and take the
 * cursor of a referral they made: everything after it is then deterministic.
 */
async function markCursor(token: string): Promise<string> {
  const { caseId } = await referral('Marker');
  const sub = await subscribe(hub.gatewayUrl, token, REFERRALS, { org: ORG, after: '0.0' });
  try {
    for (;;) {
      const result = await sub.next(15_000);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      const event = result.data!.referralCreated;
      if (event.referral?.id === caseId) return event.cursor as string;
    }
  } finally {
    await sub.close();
  }
}

const cursorOf = (c: string) => c.split('.').map((n) => BigInt(n));
const after = (a: string, b: string) => {
  const [at, as_] = cursorOf(a);
  const [bt, bs] = cursorOf(b);
  return at! > bt! || (at === bt && as_! > bs!);
};

test('a referral reaches its organisation with fields from mediation, disputes and identity', async () => {
  const token = await hub.token('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
  const sub = await subscribe(hub.gatewayUrl, token, REFERRALS, { org: ORG, after: await markCursor(token) });
  try {
    const { caseId, disputeId } = await referral('Broken lanterns (live referral)');
    const event = (await sub.next(15_000)).data!.referralCreated;
    expect(event.resync).toBeNull();
    expect(event.referral).toMatchObject({
      id: caseId,
      status: 'REFERRED',
      organization: { name: expect.any(String) }, // mediation
      dispute: { id: disputeId, title: 'Broken lanterns (live referral)', category: 'CONSUMER_PURCHASE' }, // disputes
      claimant: { id: P.buyerWangFang, name: expect.any(String) }, // identity
    });
    expect(new Date(event.referral.acknowledgeBy).getTime()).toBeGreaterThan(Date.now());
  } finally {
    await sub.close();
  }
});

test("another organisation's token is refused", async () => {
  const token = await hub.token('mediation_org', { sub: 'case-manager-gz', org: OTHER_ORG });
  const sub = await subscribe(hub.gatewayUrl, token, REFERRALS, { org: ORG });
  try {
    const result = await sub.next(15_000);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  } finally {
    await sub.close();
  }
});

test('two gateways both deliver a referral committed once', async () => {
  const second = await hub.startSecondGateway();
  const token = await hub.token('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
  const mark = await markCursor(token);
  const one = await subscribe(hub.gatewayUrl, token, REFERRALS, { org: ORG, after: mark });
  const two = await subscribe(second.url, token, REFERRALS, { org: ORG, after: mark });
  try {
    const { caseId } = await referral('Seen through two gateways');
    const [a, b] = await Promise.all([one.next(15_000), two.next(15_000)]);
    expect(a.data!.referralCreated.referral.id).toBe(caseId);
    expect(b.data!.referralCreated.referral.id).toBe(caseId);
    expect(a.data!.referralCreated.cursor).toBe(b.data!.referralCreated.cursor);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test('the mediation subgraph stopped and started mid-stream: nothing lost, nothing twice', async () => {
  const token = await hub.token('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
  const sub = await subscribe(hub.gatewayUrl, token, REFERRALS, { org: ORG, after: await markCursor(token) });
  try {
    const made = [await referral('Before the crash 1'), await referral('Before the crash 2')];
    const first = await sub.take(2, 15_000);
    // One more committed right before the subgraph goes, not yet delivered when it does.
    made.push(await referral('Just before the crash'));
    await hub.stopSubgraph('mediation');
    await hub.restartSubgraph('mediation');
    made.push(await referral('After the restart 1'), await referral('After the restart 2'));
    const rest = await sub.take(3, 30_000);
    const received = [...first, ...rest].map((r) => r.data!.referralCreated);
    expect(received.map((e) => e.referral.id)).toEqual(made.map((m) => m.caseId));
    for (let i = 1; i < received.length; i += 1) expect(after(received[i]!.cursor, received[i - 1]!.cursor)).toBe(true);
    // And nothing else arrives: no duplicate replayed after the restart.
    await expect(sub.next(1_500)).rejects.toThrow();
  } finally {
    await sub.close();
  }
}, 90_000);

test('a subscriber without `after` that has had no event yet: mediation restarted, referrals made before the gateway reconnects, every one arrives once', async () => {
  // A gateway that waits 4 s before reconnecting upstream: the referrals below commit in that
  // window, which a subscription resumed "live only" would never see.
  const slow = await hub.startSecondGateway({ subscriptions: { upstreamRetry: { initialMs: 4_000, maxMs: 4_000, giveUpAfterMs: 60_000 } } });
  const token = await hub.token('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
  const sub = await subscribe(slow.url, token, REFERRALS, { org: ORG });
  try {
    await new Promise((r) => setTimeout(r, 1_000)); // pinned to the head at subscribe, and live
    await hub.stopSubgraph('mediation');
    await hub.restartSubgraph('mediation');
    const made = [await referral('While the gateway is away 1'), await referral('While the gateway is away 2')];
    const received = (await sub.take(2, 30_000)).map((r) => r.data!.referralCreated);
    expect(received.map((e) => e.referral.id)).toEqual(made.map((m) => m.caseId));
    expect(after(received[1]!.cursor, received[0]!.cursor)).toBe(true);
    await expect(sub.next(1_500)).rejects.toThrow();
  } finally {
    await sub.close();
  }
}, 90_000);

test('an evidence upload reaches the assigned mediator, and no other mediator', async () => {
  const { caseId, disputeId } = await referral('Evidence for the mediator');
  const manager = await as('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
  await manager('mutation($id: ID!) { acknowledgeReferral(caseId: $id) { acknowledgedAt } }', { id: caseId });
  await manager('mutation($id: ID!) { acceptReferral(caseId: $id) { status } }', { id: caseId });
  await manager('mutation($id: ID!, $m: ID!) { assignMediator(caseId: $id, mediatorId: $m) { status } }', { id: caseId, m: DEMO.mediators.zhouLei });

  const EVIDENCE = 'subscription($id: ID!, $after: String) { evidenceAdded(disputeId: $id, after: $after) { cursor evidence { title sha256 submittedBy { id name } } dispute { title } } }';
  const party = await as('party', { sub: P.buyerWangFang });
  const submit = (title: string) => party(
    'mutation($input: SubmitEvidenceInput!, $key: String!) { submitEvidence(input: $input, idempotencyKey: $key) { id } }',
    { input: { disputeId, title, sha256: 'a'.repeat(64), mediaType: 'image/jpeg', sizeBytes: 48_000 }, key: key('evidence') },
  );
  await submit('Photo of the broken lanterns');

  const assigned = await hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: ORG });
  // The assignment reaches the disputes subgraph through the event relay; until it has, the
  // mediator is refused. Replaying from the start, the first event is the upload made above.
  let sub: Subscription | undefined;
  const first = await eventually(
    async () => {
      await sub?.close();
      sub = await subscribe(hub.gatewayUrl, assigned, EVIDENCE, { id: disputeId, after: '0.0' });
      return sub.next(15_000);
    },
    (r) => !r.errors,
    'the assigned mediator may follow the dispute',
  );
  const outsider = await subscribe(hub.gatewayUrl, await hub.token('mediator', { sub: 'med_other', org: ORG }), EVIDENCE, { id: disputeId });
  try {
    expect(first.data!.evidenceAdded.evidence).toMatchObject({ title: 'Photo of the broken lanterns', submittedBy: { id: P.buyerWangFang, name: expect.any(String) } });
    expect(first.data!.evidenceAdded.dispute.title).toBe('Evidence for the mediator');
    // And live: the next upload arrives without asking.
    await submit('Courier receipt');
    expect((await sub!.next(15_000)).data!.evidenceAdded.evidence.title).toBe('Courier receipt');
    expect((await outsider.next(15_000)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  } finally {
    await Promise.all([sub?.close(), outsider.close()]);
  }
}, 60_000);

describe('the referral listener', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-listener-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The real command-line program, as an organisation would run it. */
  async function startListener(token: string) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'clients/referral-listener/src/cli.ts'),
        '--gateway', hub.gatewayUrl, '--organization', ORG, '--cursor-file', path.join(dir, 'cursor')],
      { cwd: root, env: { ...process.env, FENGQIAO_TOKEN: token } },
    ) as ChildProcessWithoutNullStreams;
    const lines: any[] = [];
    const waiters: (() => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(JSON.parse(line));
      waiters.splice(0).forEach((w) => w());
    });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    return {
      lines,
      async waitFor(n: number, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while (lines.length < n) {
          if (Date.now() > deadline) throw new Error(`listener printed ${lines.length} of ${n} lines; stderr:\n${stderr}`);
          await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
        }
        return lines.slice(0, n);
      },
      async stop() {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      },
    };
  }

  test('stopped, five referrals made, restarted: it prints exactly those five, in order', async () => {
    const token = await hub.token('mediation_org', { sub: 'listener-yiwu', org: ORG });
    writeFileSync(path.join(dir, 'cursor'), await markCursor(token));
    const first = await startListener(token);
    try {
      // Whatever the organisation had before, then one new referral, so the cursor is saved at a known point.
      const { caseId } = await referral('Before the listener stops');
      await eventually(async () => first.lines.map((l) => l.referral?.id), (ids) => ids.includes(caseId), 'the listener printed the referral');
    } finally {
      await first.stop();
    }
    const made: string[] = [];
    for (let i = 1; i <= 5; i += 1) made.push((await referral(`While the listener was down ${i}`)).caseId);
    const second = await startListener(token);
    try {
      const printed = await second.waitFor(5);
      expect(printed.map((l) => l.referral.id)).toEqual(made);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(second.lines).toHaveLength(5);
      // The listener acknowledged each one.
      const manager = await as('mediation_org', { sub: 'case-manager-yiwu', org: ORG });
      const open = (await manager('query($org: ID!) { openReferrals(organizationId: $org) { id acknowledgedAt } }', { org: ORG })).openReferrals as { id: string; acknowledgedAt: string | null }[];
      for (const id of made) expect(open.find((r) => r.id === id)?.acknowledgedAt).toEqual(expect.any(String));
    } finally {
      await second.stop();
    }
  }, 120_000);
});
