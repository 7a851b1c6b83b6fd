import { eventsAudienceOf, type Caller, type Logger } from '@fengqiao/subgraph-kit';
import { isAfter } from './cursor.js';

/**
 * Holds an event back until the subgraphs that consume its source's events have handled
 * everything up to it. Subgraphs learn of each other's changes through the event relay, a
 * moment after the commit a subscriber hears of at once: without this wait a mediation
 * organisation would receive a referral whose dispute the disputes subgraph does not yet let
 * it read, and see `dispute: null`. The wait is bounded: a consumer that is down or stuck
 * delays events by `timeoutMs` at most, it never stops the stream.
 */
export interface ConsistencyGate {
  settled(source: string, cursor: string): Promise<void>;
}

export interface ConsistencyGateOptions {
  subgraphUrls: Record<string, string>;
  sign(audience: string, caller: Caller): Promise<string>;
  log: Logger;
  timeoutMs?: number;
  pollMs?: number;
  /** Asks this process's event relay, when it runs one, to carry events now rather than after its idle wait. */
  nudge?(): void;
}

interface ConsumerPlan {
  source: string;
  types: string[];
  after: string | null;
}

const GATE_CALLER: Caller = { role: 'admin', sub: 'subscription-gate', org: null };
// Which consumers follow a source changes only with a deployment; positions are read fresh.
const PLAN_TTL_MS = 60_000;
// Subscribers of one event share one wait; kept a little longer than the longest wait.
const SHARED_TTL_MS = 15_000;

export function consistencyGate(options: ConsistencyGateOptions): ConsistencyGate {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const pollMs = options.pollMs ?? 25;
  const base = (name: string) => options.subgraphUrls[name]!.replace(/\/graphql$/, '');
  const consumersOf = new Map<string, { at: number; names: Promise<string[]> }>();
  const shared = new Map<string, Promise<void>>();

  async function call<T>(subgraph: string, path: string): Promise<T | undefined> {
    const token = await options.sign(eventsAudienceOf(subgraph), GATE_CALLER);
    const res = await fetch(`${base(subgraph)}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  }

  const plansOf = async (consumer: string) => (await call<{ subscriptions: ConsumerPlan[] }>(consumer, '/events/consumer'))?.subscriptions ?? [];

  function consumers(source: string): Promise<string[]> {
    const hit = consumersOf.get(source);
    if (hit && Date.now() - hit.at < PLAN_TTL_MS) return hit.names;
    const names = Promise.all(
      Object.keys(options.subgraphUrls).filter((n) => n !== source).map(async (n) => ((await plansOf(n).catch(() => [])).some((p) => p.source === source) ? n : null)),
    ).then((all) => all.filter((n): n is string => n !== null));
    consumersOf.set(source, { at: Date.now(), names });
    return names;
  }

  /** True when `consumer` has no event of its types from `source` pending at or before `cursor`. */
  async function caughtUp(consumer: string, source: string, cursor: string): Promise<boolean> {
    const plan = (await plansOf(consumer)).find((p) => p.source === source);
    if (!plan) return true;
    if (plan.after && !isAfter(cursor, plan.after)) return true;
    const query = new URLSearchParams({ limit: '1', types: plan.types.join(',') });
    if (plan.after) query.set('after', plan.after);
    const next = (await call<{ events: { cursor: string }[] }>(source, `/events?${query}`))?.events[0];
    return !next || isAfter(next.cursor, cursor);
  }

  async function wait(source: string, cursor: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let pending = await consumers(source);
    while (pending.length) {
      const done = await Promise.all(pending.map((c) => caughtUp(c, source, cursor).catch(() => false)));
      pending = pending.filter((_, i) => !done[i]);
      if (!pending.length) return;
      options.nudge?.();
      if (Date.now() > deadline) {
        options.log.warn({ source, cursor, pending }, 'delivering an event before every consumer handled it');
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  return {
    settled(source, cursor) {
      const key = `${source}\u0000${cursor}`;
      let waiting = shared.get(key);
      if (!waiting) {
        waiting = wait(source, cursor).catch((err: Error) => options.log.warn({ source, cursor, reason: err.message }, 'consistency check failed'));
        shared.set(key, waiting);
        setTimeout(() => shared.delete(key), SHARED_TTL_MS).unref();
      }
      return waiting;
    },
  };
}
