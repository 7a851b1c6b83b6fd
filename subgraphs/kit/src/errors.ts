import { GraphQLError } from 'graphql';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './db/faults.js';
import { loggableError } from './log-safety.js';

/**
 * Expected failures carry a stable `extensions.code` so clients can branch on them;
 * anything else is an unexpected error and is masked by `maskUnexpectedError`.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'CONFLICT'
  /** Personal data the subject has not consented to share with this caller (credit reports). */
  | 'CONSENT_REQUIRED'
  /** Too many requests of a limited kind (lost-connection repair) from one requester. */
  | 'RATE_LIMITED'
  /** A legal act the party must confirm itself with a one-time code (auth/step-up.ts). */
  | 'STEP_UP_REQUIRED'
  /** The database connection was lost or refused (db/faults.ts): retry after `retryAfterSeconds`. */
  | 'SERVICE_UNAVAILABLE';

const httpStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CONFLICT: 409,
  CONSENT_REQUIRED: 403,
  RATE_LIMITED: 429,
  STEP_UP_REQUIRED: 403,
  SERVICE_UNAVAILABLE: 503,
};

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** One of the hub's own codes (not graphql-js's or Apollo's), e.g. from a subgraph's answer. */
export const isHubErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(httpStatus, code);

export const badInput = (message: string, details: { field?: string; rule?: string; [k: string]: unknown } = {}) =>
  new HubError('BAD_USER_INPUT', message, details);
export const notFound = (what: string, id: string) => new HubError('NOT_FOUND', `${what} ${id} was not found`, { id });
export const forbidden = (message = 'Your role may not do this') => new HubError('FORBIDDEN', message);
export const invalidTransition = (message: string, currentState: string) =>
  new HubError('INVALID_TRANSITION', message, { currentState });

/** An error whose HTTP meaning is known, for the rare places that answer outside GraphQL execution. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: httpStatus.UNAUTHENTICATED } } });
}

const knownCodes = new Set<string>([
  ...Object.keys(httpStatus),
  // Produced by graphql-js / Apollo Server themselves for malformed requests.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // The gateway's operation limits (gateway/src/security/operation-limits.ts), before planning.
  'OPERATION_LIMIT_EXCEEDED',
]);

/**
 * Apollo Server `formatError`: expected errors pass through with their code; unexpected
 * ones are logged (class, SQLSTATE, where; never parameters: log-safety.ts) and replaced by an opaque message so no stack trace or SQL
 * ever reaches a client.
 */
export function maskUnexpectedError(
  log: { error: (obj: object, msg: string) => void },
): (formatted: import('graphql').GraphQLFormattedError, error: unknown) => import('graphql').GraphQLFormattedError {
  return (formatted, error) => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && knownCodes.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A lost connection is not the request's fault: the client retries, a write with its idempotency key.
    if (isDatabaseUnavailable(error)) {
      return { message: 'The database is unavailable for a moment; retry the request', locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } };
    }
    // Sanitized here, whatever logger was passed: a failed statement's parameters are personal data.
    log.error({ err: loggableError(error) }, 'unexpected error while resolving');
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
