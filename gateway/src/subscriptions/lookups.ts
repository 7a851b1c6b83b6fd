import type { GraphQLFormattedError } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { Caller, Logger } from '@fengqiao/subgraph-kit';
import type { GatewayContext } from '../context.js';

export interface LookupResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export type ExecuteAs = (caller: Caller, query: string, variables: Record<string, unknown>) => Promise<LookupResult>;

/**
 * One event reaches every subscriber of its feed at about the same moment. Subscribers who
 * would see the same answer (same caller, same lookup, same variables, same event) share one
 * execution, so a thousand sockets of one organisation cost one lookup per event. Entries live
 * only long enough for that burst: the next event has another cursor anyway.
 */
export function sharedLookups(execute: ExecuteAs, ttlMs = 5_000) {
  const pending = new Map<string, Promise<LookupResult>>();
  const timers = new Set<NodeJS.Timeout>();
  return {
    lookup(caller: Caller, cursor: string, query: string, variables: Record<string, unknown>): Promise<LookupResult> {
      const key = JSON.stringify([caller.role, caller.sub, caller.org, cursor, query, variables]);
      let result = pending.get(key);
      if (!result) {
        result = execute(caller, query, variables);
        pending.set(key, result);
        const timer = setTimeout(() => {
          timers.delete(timer);
          pending.delete(key);
        }, ttlMs);
        timer.unref();
        timers.add(timer);
      }
      return result;
    },
    clear() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      pending.clear();
    },
  };
}

export type SharedLookups = ReturnType<typeof sharedLookups>;

/** Runs a lookup through this process's Apollo server, as `caller`; never rejects. */
export function executeThrough(apollo: ApolloServer<GatewayContext>, log: Logger): ExecuteAs {
  return async (caller, query, variables) => {
    try {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: { caller } });
      if (response.body.kind === 'single' && response.body.singleResult) {
        const { data, errors } = response.body.singleResult;
        return { data: data as Record<string, unknown> | null | undefined, ...(errors ? { errors } : {}) };
      }
    } catch (err) {
      log.error({ err }, 'subscription lookup failed');
    }
    return { data: null, errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
  };
}
