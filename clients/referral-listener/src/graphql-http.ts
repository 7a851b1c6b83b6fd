import { FatalError, TransientError, type GraphQLErrorLike } from './errors.js';
import { timeoutSignal } from './retry.js';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorLike[];
}

export interface HttpGraphQLOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * One GraphQL request over HTTP. Network errors, timeouts and 5xx answers throw TransientError;
 * a 401, or a 4xx that is not a GraphQL answer, throws FatalError; GraphQL errors are returned
 * for the caller to judge.
 */
export async function postGraphQL<T>(options: HttpGraphQLOptions, query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${options.token}`,
      },
      body: JSON.stringify({ query, variables }),
      signal: timeoutSignal(options.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw new TransientError(`cannot reach the gateway at ${options.url}`, { cause: err });
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500) throw new TransientError(`the gateway answered HTTP ${res.status}${snippet(text)}`);
  let body: GraphQLResponse<T> | undefined;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    body = undefined;
  }
  if (res.status === 401) throw new FatalError(`the gateway refused the token (HTTP 401)${body?.errors?.[0] ? `: ${body.errors[0].message}` : ''}`);
  if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
    if (res.status >= 400) throw new FatalError(`the gateway answered HTTP ${res.status} at ${options.url}${snippet(text)}`);
    throw new TransientError(`the gateway answered something that is not GraphQL (HTTP ${res.status})${snippet(text)}`);
  }
  return body;
}

function snippet(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t ? `: ${t.slice(0, 200)}` : '';
}
