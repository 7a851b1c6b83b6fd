import type { GraphQLFormattedError } from 'graphql';
import type { Caller } from '@fengqiao/subgraph-kit';
import type { SharedLookups } from './lookups.js';
import { LOOKUP_ID_VARIABLE, upstreamKey, type SubscriptionPlan } from './plan.js';

export interface ClientResult {
  data: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

type Path = readonly (string | number)[];

const rebase = (errors: readonly GraphQLFormattedError[] | undefined, map: (path: Path) => Path) =>
  (errors ?? []).map((e) => ({ ...e, ...(e.path ? { path: map(e.path) } : {}) }));

/**
 * Turns one upstream event into what the client asked for: forwarded fields as the subgraph
 * answered them, entity fields resolved through the federated graph as the subscriber, keyed
 * by the client's own response keys.
 */
export async function clientPayload(
  plan: SubscriptionPlan,
  upstream: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] },
  caller: Caller,
  lookups: SharedLookups,
): Promise<ClientResult> {
  // Upstream paths name the gateway's aliases; the client knows its own keys.
  const keys = new Map(plan.fields.map((f) => [upstreamKey(f.key), f.key]));
  const errors: GraphQLFormattedError[] = rebase(upstream.errors, ([, second, ...rest]) =>
    second === undefined ? [plan.rootKey] : [plan.rootKey, keys.get(String(second)) ?? second, ...rest]);
  const event = upstream.data?.[plan.fieldName] as Record<string, unknown> | null | undefined;
  if (!event) return { data: null, ...(errors.length ? { errors } : {}) };
  const cursor = String(event.cursor);

  const values = await Promise.all(plan.fields.map(async (f): Promise<unknown> => {
    if (f.kind === 'typename') return f.typename;
    const raw = event[upstreamKey(f.key)] ?? null;
    if (f.kind === 'forwarded' || raw === null) return raw;
    const id = (raw as { id?: unknown }).id;
    const result = await lookups.lookup(caller, cursor, f.query, { ...f.variables, [LOOKUP_ID_VARIABLE]: id });
    errors.push(...rebase(result.errors, ([, ...rest]) => [plan.rootKey, f.key, ...rest]));
    return result.data?.entity ?? null;
  }));
  const payload = Object.fromEntries(plan.fields.map((f, i) => [f.key, values[i]]));
  return { data: { [plan.rootKey]: payload }, ...(errors.length ? { errors } : {}) };
}
