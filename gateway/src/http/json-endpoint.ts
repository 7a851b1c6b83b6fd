import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BodyTooLarge, readBody, sendJson } from '@fengqiao/subgraph-kit/http';

/** A typed refusal from one of the gateway's own JSON endpoints (`/auth/widget-token`, `/auth/step-up`). */
export const fail = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extra } }] });

/**
 * Reads a bounded JSON body and checks it against `schema`. Answers the request itself — 413,
 * or 400 BAD_USER_INPUT naming the field — and returns undefined when the body will not do.
 */
export async function readJsonInput<T extends z.ZodTypeAny>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: T,
  { limitBytes, shape }: { limitBytes: number; shape: string },
): Promise<z.infer<T> | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req, limitBytes));
  } catch (err) {
    if (err instanceof BodyTooLarge) return void fail(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    return void fail(res, 400, 'BAD_USER_INPUT', `The body must be JSON: ${shape}`, { field: 'body' });
  }
  const input = schema.safeParse(parsed);
  if (input.success) return input.data;
  const issue = input.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return void fail(res, 400, 'BAD_USER_INPUT', `${field}: ${issue.message}`, { field });
}
