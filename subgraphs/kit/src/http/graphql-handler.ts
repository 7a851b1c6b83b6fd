import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Rewrites a parsed request before Apollo sees it (e.g. a trusted-document id into its text),
 * or answers it instead with `{ status, json }`.
 */
export type GraphQLRequestTransform = (
  request: { method: string; search: string; body: unknown },
  req: IncomingMessage,
) => Promise<{ search: string; body: unknown } | { status: number; json: unknown }>;

/** Hands one Node request to Apollo Server's transport-neutral entry point. */
export async function handleGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: (req: IncomingMessage) => Promise<TContext>,
  transform?: GraphQLRequestTransform,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (req.method === 'POST') {
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      throw err;
    }
    try {
      body = headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    } catch {
      return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let search = url.search;
  if (transform) {
    const transformed = await transform({ method: req.method ?? 'GET', search, body }, req);
    if ('status' in transformed) return sendJson(res, transformed.status, transformed.json);
    ({ search, body } = transformed);
  }
  const contextThunk: ContextThunk<TContext> = () => context(req);
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
    context: contextThunk,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
