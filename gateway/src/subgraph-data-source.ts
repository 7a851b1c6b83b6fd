import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { isHubErrorCode, type Caller } from '@fengqiao/subgraph-kit';
import type { GatewayContext } from './context.js';

type FetcherResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;

/**
 * One data source per subgraph. It replaces the client's credentials by a short-lived token
 * the gateway signs for this subgraph alone, bounds every call with a timeout, and turns
 * transport failures into errors that name the subgraph without leaking its address.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    private readonly sign: (subgraph: string, caller: Caller) => Promise<string>,
    timeoutMs: number,
  ) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const caller = context.caller;
    if (!caller) throw new Error('gateway context has no caller');
    request.http?.headers.set('authorization', `Bearer ${await this.sign(this.subgraph, caller)}`);
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError && error.extensions.serviceName) throw error;
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    throw new GraphQLError(
      timedOut ? `Subgraph "${this.subgraph}" did not answer in time` : `Subgraph "${this.subgraph}" is unavailable`,
      { extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph } },
    );
  }

  /**
   * HTTP failures mapped to codes; the subgraph's body and URL stay inside the hub. A 400 that
   * carries one of the hub's own typed errors (a subgraph refusing input the gateway let pass,
   * e.g. a variable its scalar refuses) is the client's error: its code, field and rule pass on.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const typed = response.status === 400 ? await typedErrorOf(response) : undefined;
    if (typed) return new GraphQLError(typed.message, { extensions: { ...typed.extensions, serviceName: this.subgraph } });
    const code = response.status === 401 || response.status === 403 ? 'SUBGRAPH_REJECTED_GATEWAY' : response.status >= 500 ? 'SUBGRAPH_FAILED' : 'SUBGRAPH_BAD_RESPONSE';
    return new GraphQLError(`Subgraph "${this.subgraph}" answered HTTP ${response.status}`, {
      extensions: { code, serviceName: this.subgraph, status: response.status },
    });
  }
}

/** The first error in a subgraph's answer whose code is one of the hub's, without anything but its message and details. */
async function typedErrorOf(response: FetcherResponse): Promise<{ message: string; extensions: Record<string, unknown> } | undefined> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return undefined;
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const error of errors as { message?: unknown; extensions?: Record<string, unknown> }[]) {
    const { code, stacktrace: _stack, http: _http, ...details } = error?.extensions ?? {};
    if (isHubErrorCode(code) && typeof error.message === 'string') return { message: error.message, extensions: { code, ...details } };
  }
  return undefined;
}
