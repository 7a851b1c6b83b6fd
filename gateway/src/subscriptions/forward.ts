import type { GraphQLFormattedError } from 'graphql';
import { eventsAudienceOf, type Caller, type Logger } from '@fengqiao/subgraph-kit';
import { Channel } from './channel.js';
import { clientPayload, type ClientResult } from './event-payload.js';
import type { ConsistencyGate } from './consistency-gate.js';
import type { SharedLookups } from './lookups.js';
import type { SubscriptionLimits } from './options.js';
import type { SubscriptionPlan } from './plan.js';
import { followUpstream } from './upstream.js';

/** Events completed for a client but not yet taken by its socket. */
export const MAX_BUFFERED_EVENTS = 1_000;

/** Errors a subgraph (or the gateway on its behalf) ended a subscription with, passed on as they are. */
export class UpstreamErrors extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message ?? 'subscription failed');
  }
}

export interface ForwardDeps {
  plan: SubscriptionPlan;
  caller: Caller;
  upstreamUrl: string;
  /** Signs an internal token for `audience`: a subgraph's name, or its events audience. */
  sign(audience: string, caller: Caller): Promise<string>;
  lookups: SharedLookups;
  gate: ConsistencyGate;
  retry: SubscriptionLimits['upstreamRetry'];
  log: Logger;
}

const HEAD_CALLER: Caller = { role: 'admin', sub: 'subscription-head', org: null };

/** Where the owning subgraph's feed ends now: a subscription without `after` starts there. */
async function feedHead(deps: ForwardDeps): Promise<string> {
  const subgraph = deps.plan.owner.subgraph;
  const url = `${deps.upstreamUrl.replace(/^ws/, 'http').replace(/\/graphql$/, '')}/events/head`;
  const token = await deps.sign(eventsAudienceOf(subgraph), HEAD_CALLER);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${subgraph} answered HTTP ${res.status} for its feed head`);
  const { cursor } = (await res.json()) as { cursor?: unknown };
  if (typeof cursor !== 'string') throw new Error(`${subgraph} sent no feed head`);
  return cursor;
}

/**
 * One client subscription: followed on its subgraph, each event completed through the graph
 * as the subscriber. Events are completed one after another so the client receives them in
 * feed order however long a lookup takes.
 */
export function forwardSubscription(deps: ForwardDeps, onClosed: () => void): Channel<ClientResult> {
  const { plan, caller } = deps;
  // Fields the owning subgraph resolves whole need no other subgraph to have caught up.
  const resolvesThroughGraph = plan.fields.some((f) => f.kind === 'lookup');
  let queue = Promise.resolve();
  const then = (step: () => Promise<void> | void) => {
    queue = queue.then(step).catch((err: unknown) => {
      deps.log.error({ err }, 'completing a subscription event failed');
      channel.fail(new UpstreamErrors([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]));
      upstream.close();
      onClosed();
    });
  };
  const channel = new Channel<ClientResult>(() => {
    upstream.close();
    onClosed();
  }, MAX_BUFFERED_EVENTS);
  const upstream = followUpstream({
    subgraph: plan.owner.subgraph,
    url: deps.upstreamUrl,
    fieldName: plan.fieldName,
    query: plan.upstreamQuery,
    variables: plan.upstreamVariables,
    after: plan.clientAfter,
    head: () => feedHead(deps),
    token: () => deps.sign(plan.owner.subgraph, caller),
    retry: deps.retry,
    log: deps.log,
    onEvent: (result) => then(async () => {
      // A client that went away needs no more lookups.
      if (channel.done) return;
      const cursor = (result.data?.[plan.fieldName] as { cursor?: unknown } | null | undefined)?.cursor;
      if (resolvesThroughGraph && typeof cursor === 'string') await deps.gate.settled(plan.owner.subgraph, cursor);
      if (channel.done) return;
      if (!channel.push(await clientPayload(plan, result, caller, deps.lookups))) {
        // A client that does not read must not make the gateway hold its events without end:
        // it gets what is buffered, then this error, and resumes with its last cursor.
        upstream.close();
        channel.fail(new UpstreamErrors([{
          message: `The subscriber fell ${MAX_BUFFERED_EVENTS} events behind and was ended; subscribe again with \`after\` set to the last cursor received`,
          extensions: { code: 'CONFLICT' },
        }]));
        onClosed();
      }
    }),
    onError: (errors) => then(() => {
      channel.fail(new UpstreamErrors(errors));
      onClosed();
    }),
    onComplete: () => then(() => {
      channel.end();
      onClosed();
    }),
  });
  return channel;
}
