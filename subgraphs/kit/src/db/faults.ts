/**
 * What a lost or refused database connection looks like, whichever layer reports it: the
 * server's own error (a restart, `pg_terminate_backend`, a server starting or shutting down),
 * the socket's (refused, reset), or node-postgres's for a client whose connection already
 * died. Such a failure says nothing about the request: the same request, retried a moment
 * later, may succeed — and a retried write with its idempotency key is stored once.
 */

/** SQLSTATEs of a connection that is gone or not yet possible (classes 08 and 57P, and too many connections). */
const UNAVAILABLE_SQLSTATES = /^(08\w{3}|57P0[1-4]|53300)$/;
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** node-postgres reports a dead connection with these messages and no code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'Cannot use a pool after calling end on the pool',
];

/** How long a client should wait before retrying: a pool reconnects within about a second. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/**
 * Whether `err` (or what it wraps: drizzle's query errors carry the driver's as `cause`,
 * GraphQL errors as `originalError`) is a database connection that is lost or refused.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) return true;
    // Several sockets refused at once (IPv4 and IPv6 of one host name).
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
  return false;
}
