import { generateInternalKeyPair, importInternalKey, signInternalToken } from './auth/internal-token.js';
import type { Caller } from './auth/roles.js';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from './server.js';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestSubgraph<TTables extends Record<string, unknown>, TServices> extends RunningSubgraph<TTables, TServices> {
  /** Sends an operation as the gateway would for `caller`. */
  request<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResult<T>>;
}

/**
 * Starts one subgraph on a free port with a throw-away in-memory PGlite database (or the
 * PostgreSQL database given as `databaseUrl`) for the subgraph's own tests.
 */
export async function startTestSubgraph<TTables extends Record<string, unknown>, TServices, TLoaders>(
  definition: SubgraphDefinition<TTables, TServices, TLoaders>,
  options: { seed?: boolean; databaseUrl?: string } = {},
): Promise<TestSubgraph<TTables, TServices>> {
  const keys = await generateInternalKeyPair();
  const signingKey = await importInternalKey(keys.privateJwk);
  const running = await startSubgraph(definition, {
    port: 0,
    dataDir: 'memory',
    databaseUrl: options.databaseUrl,
    internalPublicJwk: keys.publicJwk,
    logLevel: 'silent',
    seedDemoData: options.seed ?? true,
  });
  return {
    ...running,
    async request(query, variables = {}, caller = { role: 'admin', sub: 'test-admin', org: null }) {
      const token = await signInternalToken(signingKey, definition.name, caller);
      const res = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResult;
    },
  };
}
