// Fan-out: how long a referral takes from its commit to reaching every one of many
// subscribers through the gateway's WebSocket. Part of `npm run bench`; not a test.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface FanOutOptions {
  gatewayUrl: string;
  /** A mediation_org token of `organizationId` (one per subscriber would only add signing time). */
  subscriberToken: string;
  /** A court token that may refer disputes to mediation, and a party token to file them. */
  courtToken: string;
  partyToken: string;
  organizationId: string;
  claimantId: string;
  respondentId: string;
  subscribers: number;
  events: number;
  /** The event's selection: `ids` only (mediation alone) or fields from three subgraphs. */
  selection: 'ids' | 'federated';
}

export interface FanOutResult {
  subscribers: number;
  events: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
}

const SELECTIONS = {
  ids: 'cursor referral { id }',
  federated: 'cursor referral { id status organization { name } dispute { title category } claimant { name } }',
};

async function post(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const WARM_UP = 2;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function fanOut(o: FanOutOptions): Promise<FanOutResult> {
  const wsUrl = o.gatewayUrl.replace(/^http/, 'ws');
  const query = `subscription($org: ID!, $after: String) { referralCreated(organizationId: $org, after: $after) { ${SELECTIONS[o.selection]} } }`;
  let seq = 0;
  const refer = async (title: string): Promise<string> => {
    seq += 1;
    const tag = `${Date.now()}-${o.selection}-${seq}`;
    const filed = await post(o.gatewayUrl, o.partyToken, 'mutation($input: FileDisputeInput!, $key: String!) { fileDispute(input: $input, idempotencyKey: $key) { id } }', {
      input: { title, description: 'Fan-out benchmark', category: 'CONSUMER_PURCHASE', respondentId: o.respondentId, claimAmount: '100.00' },
      key: `bench-file-${tag}`,
    });
    const referred = await post(o.gatewayUrl, o.courtToken, 'mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { id } }', {
      input: { disputeId: filed.fileDispute.id, organizationId: o.organizationId, claimantId: o.claimantId, respondentId: o.respondentId, category: 'CONSUMER_PURCHASE' },
      key: `bench-refer-${tag}`,
    });
    return referred.referToMediation.id;
  };

  // Every subscriber starts after a marker referral, so none misses an event while the rest connect.
  const marker = await refer('Fan-out marker');
  const clients: Client[] = [];
  const arrivals = new Map<string, number[]>();
  const ready: Promise<void>[] = [];
  for (let i = 0; i < o.subscribers; i += 1) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${o.subscriberToken}` }, retryAttempts: 0, lazy: false });
    clients.push(client);
    ready.push(new Promise<void>((resolve, reject) => {
      client.subscribe({ query, variables: { org: o.organizationId, after: '0.0' } }, {
        next: (msg) => {
          const id = (msg.data as any)?.referralCreated?.referral?.id as string | undefined;
          if (!id) return;
          if (id === marker) return resolve();
          const list = arrivals.get(id) ?? [];
          list.push(performance.now());
          arrivals.set(id, list);
        },
        error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => undefined,
      });
    }));
  }
  await Promise.all(ready);

  const latencies: number[] = [];
  try {
    // The first events after 500 subscriptions joined meet cold code paths; they are not counted.
    for (let i = -WARM_UP; i < o.events; i += 1) {
      const started = performance.now();
      const id = await refer(i < 0 ? `Fan-out warm-up ${WARM_UP + i + 1}` : `Fan-out ${i + 1}`);
      // The mutation's response means the referral is committed; delivery is measured from then.
      const committed = performance.now();
      const deadline = Date.now() + 60_000;
      while ((arrivals.get(id)?.length ?? 0) < o.subscribers) {
        if (Date.now() > deadline) throw new Error(`event ${id}: ${arrivals.get(id)?.length ?? 0} of ${o.subscribers} subscribers reached`);
        await new Promise((r) => setTimeout(r, 5));
      }
      // A subscriber can hear of the commit before the mutation's response reaches us: count that as 0.
      if (i >= 0) for (const at of arrivals.get(id)!) latencies.push(Math.max(0, at - Math.max(committed, started)));
    }
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
  latencies.sort((a, b) => a - b);
  return { subscribers: o.subscribers, events: o.events, deliveries: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
}
