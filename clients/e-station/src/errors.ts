import type { StringKey, Translate } from './strings/index.js';

/** An error from the hub, the network or the token endpoint, with the hub's `extensions.code`. */
export class HubError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly rule?: string;
  readonly retryAfterSeconds?: number;
  /** Everything the hub said about it (a step-up refusal names act, subjectId and contentHash; a wrong code attemptsLeft). */
  readonly extensions: Record<string, unknown>;
  constructor(code: string, message: string, extra: { field?: string; rule?: string; retryAfterSeconds?: number } = {}, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.extensions = extensions;
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.rule !== undefined) this.rule = extra.rule;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export interface GraphQLErrorLike {
  message?: unknown;
  extensions?: Record<string, unknown> | null;
}

/** The first error of a GraphQL response as a HubError (`INTERNAL_SERVER_ERROR` without a code). */
export function hubErrorFrom(errors: readonly GraphQLErrorLike[]): HubError {
  const first = errors[0] ?? {};
  const ext = first.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
  const message = typeof first.message === 'string' ? first.message : code;
  return new HubError(code, message, {
    ...(typeof ext.field === 'string' ? { field: ext.field } : {}),
    ...(typeof ext.rule === 'string' ? { rule: ext.rule } : {}),
    ...(typeof ext.retryAfterSeconds === 'number' ? { retryAfterSeconds: ext.retryAfterSeconds } : {}),
  }, ext);
}

/** Which string explains a code in plain words. */
export function messageKeyFor(code: string): StringKey {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
    case 'NOT_FOUND':
    case 'INVALID_TRANSITION':
    case 'CONFLICT':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'RATE_LIMITED':
    case 'CONSENT_REQUIRED':
    case 'STEP_UP_REQUIRED':
      return `error_${code}`;
    case 'NETWORK':
      return 'error_NETWORK';
    case 'TOKEN':
      return 'error_TOKEN';
    case 'TRUSTED_DOCUMENT_REQUIRED':
    case 'PERSISTED_QUERY_NOT_FOUND':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'GRAPHQL_PARSE_FAILED':
    case 'BAD_REQUEST':
      return 'error_OUTDATED';
    case 'SUBGRAPH_UNAVAILABLE':
    case 'SUBGRAPH_TIMEOUT':
      return 'error_UNAVAILABLE';
    case 'BROWSER':
      return 'error_BROWSER';
    default:
      return 'error_INTERNAL';
  }
}

/** The plain-words message for an error; BAD_USER_INPUT keeps the hub's own detail. */
export function describeError(err: unknown, t: Translate): { code: string; message: string; field?: string; detail?: string } {
  const hub = err instanceof HubError ? err : new HubError('NETWORK', err instanceof Error ? err.message : String(err));
  const message = t(messageKeyFor(hub.code), { seconds: hub.retryAfterSeconds ?? 60 });
  if (hub.code === 'BAD_USER_INPUT') {
    // The hub's message names the field and the rule: "title: … (RULE)". Keep the part after the field.
    const detail = hub.message.replace(/^[\w.[\]]+:\s*/, '');
    return { code: hub.code, message, ...(hub.field ? { field: hub.field } : {}), detail };
  }
  return { code: hub.code, message };
}

/** Codes worth retrying by the same action: the user's "Try again". */
export const RETRYABLE = new Set(['NETWORK', 'SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'INTERNAL_SERVER_ERROR', 'CONFLICT', 'RATE_LIMITED']);
