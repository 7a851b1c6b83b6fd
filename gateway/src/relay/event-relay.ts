import type { Caller, FeedEvent, Logger } from '@fengqiao/subgraph-kit';
import { eventsAudienceOf } from '@fengqiao/subgraph-kit';

/**
 * The event relay carries each subgraph's outbox events to the subgraphs that handle them:
 * a dispute routed in `disputes` opens a case in `mediation`, a failed mediation comes back
 * to the dispute, and so on. It holds no state of its own: every consumer keeps its position
 * per source in its own database, moved in the same transaction as the event's effect, so a
 * relay can restart, run twice (two gateways) or redeliver without an effect happening twice.
 * It only carries; what an event means is decided by the subgraph that handles it.
 */
export interface EventRelayOptions {
  /** Each subgraph's GraphQL URL; the event endpoints live beside it. */
  subgraphUrls: Record<string, string>;
  sign(audience: string, caller: Caller): Promise<string>;
  /** How often to look for new events when the last pass found none. */
  intervalMs?: number;
  pageSize?: number;
  timeoutMs?: number;
  log: Logger;
}

export interface EventRelay {
  /** One pass over every consumer and source; resolves with the number of events delivered. */
  runOnce(): Promise<number>;
  /** Someone waits for events to be carried (a subscription's consistency gate): pass again now, not after the idle wait. */
  wake(): void;
  stop(): Promise<void>;
}

const RELAY_CALLER: Caller = { role: 'admin', sub: 'event-relay', org: null };

interface Subscription {
  source: string;
  types: string[];
  after: string | null;
}

/** Which side of a delivery failed: the source's feed or the consumer. */
class SideFailed extends Error {
  constructor(readonly subgraph: string, message: string) {
    super(`${subgraph}: ${message}`);
  }
}

export function startEventRelay(options: EventRelayOptions): EventRelay {
  const intervalMs = options.intervalMs ?? 500;
  const pageSize = options.pageSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffMs = Math.min(intervalMs * 4, 5_000);
  const base = (name: string) => options.subgraphUrls[name]!.replace(/\/graphql$/, '');
  // Consumers' positions as last reported, so an idle pass costs one feed read per subscription.
  const known = new Map<string, Subscription[]>();
  // A subgraph that is down is skipped for a while instead of being asked on every pass.
  const quietUntil = new Map<string, number>();

  async function call<T>(subgraph: string, path: string, init: RequestInit = {}): Promise<T> {
    const token = await options.sign(eventsAudienceOf(subgraph), RELAY_CALLER);
    const res = await fetch(`${base(subgraph)}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 404) return undefined as T;
    if (!res.ok) throw new Error(`${subgraph}${path} answered HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  async function subscriptionsOf(consumer: string): Promise<Subscription[]> {
    let subs = known.get(consumer);
    if (!subs) {
      const answer = await call<{ subscriptions: Subscription[] } | undefined>(consumer, '/events/consumer');
      subs = answer?.subscriptions ?? [];
      known.set(consumer, subs);
    }
    return subs;
  }

  async function pump(consumer: string, sub: Subscription): Promise<number> {
    let delivered = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: String(pageSize), types: sub.types.join(',') });
      if (sub.after) query.set('after', sub.after);
      const page = await call<{ events: FeedEvent[] } | undefined>(sub.source, `/events?${query}`).catch((err: Error) => {
        throw new SideFailed(sub.source, err.message);
      });
      const events = page?.events ?? [];
      if (!events.length) return delivered;
      const result = await call<{ applied: number; skipped: number; position: string | null; failed?: { cursor: string; type: string } }>(
        consumer, '/events/consumer', { method: 'POST', body: JSON.stringify({ source: sub.source, events }) },
      ).catch((err: Error) => {
        throw new SideFailed(consumer, err.message);
      });
      if (result.position) sub.after = result.position;
      delivered += result.applied;
      if (result.failed) throw new SideFailed(consumer, `could not handle ${sub.source} event ${result.failed.type} at ${result.failed.cursor}`);
      if (events.length < pageSize) return delivered;
    }
  }

  async function runOnce(): Promise<number> {
    let delivered = 0;
    for (const consumer of Object.keys(options.subgraphUrls)) {
      if ((quietUntil.get(consumer) ?? 0) > Date.now()) continue;
      try {
        for (const sub of await subscriptionsOf(consumer)) {
          if ((quietUntil.get(sub.source) ?? 0) > Date.now()) continue;
          try {
            delivered += await pump(consumer, sub);
          } catch (err) {
            // Positions may have moved on the consumer's side; ask again next time.
            known.delete(consumer);
            const failed = err instanceof SideFailed ? err.subgraph : consumer;
            options.log.warn({ consumer, source: sub.source, failed, reason: (err as Error).message }, 'event delivery failed; retrying later');
            quietUntil.set(failed, Date.now() + backoffMs);
            if (failed === consumer) break;
          }
        }
      } catch (err) {
        known.delete(consumer);
        options.log.warn({ consumer, reason: (err as Error).message }, 'consumer unavailable; retrying later');
        quietUntil.set(consumer, Date.now() + backoffMs);
      }
    }
    return delivered;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Idle passes stretch the wait up to four intervals, so a quiet hub is not polled flat out.
  let idleMs = intervalMs;
  let running: Promise<unknown> = Promise.resolve();
  let passing = false;
  let woken = false;
  const loop = () => {
    if (stopped) return;
    timer = undefined;
    passing = true;
    woken = false;
    running = runOnce().then(
      // Events cause events (a route opens a case, which the dispute records): go again at once.
      (n) => {
        idleMs = n > 0 || woken ? intervalMs : Math.min(idleMs * 2, intervalMs * 4);
        passing = false;
        if (!stopped) timer = setTimeout(loop, n > 0 || woken ? 0 : idleMs);
      },
      (err) => {
        passing = false;
        options.log.error({ err }, 'event relay pass failed');
        if (!stopped) timer = setTimeout(loop, intervalMs);
      },
    );
  };
  timer = setTimeout(loop, 0);

  return {
    runOnce,
    wake() {
      if (stopped) return;
      if (passing) {
        // The pass under way may have read its sources before the event committed.
        woken = true;
        return;
      }
      if (timer) clearTimeout(timer);
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
