import { GraphQLError } from 'graphql';

/**
 * What an error may put in a log line. A failed statement carries its parameters — names,
 * identity numbers, phones, addresses, free text — in drizzle's message and `params`, in
 * PGlite's `query`/`params`, and PostgreSQL quotes the offending value in its own message
 * (`invalid input syntax for type integer: "…"`, and `detail` names a duplicate key's
 * value). An operator needs none of that to find the fault: the error's class, its SQLSTATE
 * code and where it failed (table, column, constraint, routine), the SQL text with its
 * placeholders, the resolver path and the stack frames are kept.
 */
export interface LoggableError {
  type: string;
  message: string;
  /** SQLSTATE for database errors, or the error's own code. */
  code?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  /** The SQL text as drizzle prepared it: placeholders ($1, $2…), never values. */
  query?: string;
  /** Where in the GraphQL response the error arose. */
  path?: string;
  stack?: string;
  cause?: LoggableError;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_CAUSES = 3;

type Fields = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A database server's error: node-postgres's and PGlite's both carry `severity` and a SQLSTATE `code` (PGlite's also `query` and `params`). */
const isDatabaseError = (err: Fields) => typeof err.code === 'string' && SQLSTATE.test(err.code) && 'severity' in err;
/** drizzle's wrapper: "Failed query: <sql>\nparams: <values>". */
const isFailedQuery = (err: Fields) => typeof err.query === 'string' && 'params' in err;

/** Quoted values in a server message become "…"; the names that matter are in the error's own fields. */
const withoutQuotedValues = (message: string) => message.replace(/"[^"]*"/g, '"…"');

/** The stack's frames under a header that repeats the safe message rather than the original one. */
function framesOf(err: Error, type: string, message: string): string | undefined {
  if (!err.stack) return undefined;
  const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join('\n');
}

export function loggableError(err: unknown, depth = 0): LoggableError {
  // Thrown non-errors are rare and may be anything; their type is all that is safe.
  if (!(err instanceof Error)) return { type: typeof err, message: 'a non-Error value was thrown' };
  if (err instanceof GraphQLError && err.originalError) {
    // A resolver's error is wrapped with a copy of its message: report the original instead.
    return { ...loggableError(err.originalError, depth), path: err.path?.join('.') };
  }
  const fields = err as unknown as Fields;
  if (isDatabaseError(fields)) {
    // Named by what it is: PGlite's class name is minified, and both drivers call it "error".
    const type = 'DatabaseError';
    const message = withoutQuotedValues(err.message);
    return {
      type,
      message,
      code: text(fields.code),
      table: text(fields.table),
      column: text(fields.column),
      constraint: text(fields.constraint),
      routine: text(fields.routine),
      stack: framesOf(err, type, message),
    };
  }
  const type = err.constructor?.name && err.constructor.name !== 'Object' ? err.constructor.name : err.name;
  const cause = depth < MAX_CAUSES && err.cause !== undefined ? loggableError(err.cause, depth + 1) : undefined;
  if (isFailedQuery(fields)) {
    const message = 'Failed query';
    return { type, message, query: text(fields.query), stack: framesOf(err, type, message), ...(cause ? { cause } : {}) };
  }
  return {
    type,
    message: err.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(err instanceof GraphQLError && err.path ? { path: err.path.join('.') } : {}),
    stack: framesOf(err, type, err.message),
    ...(cause ? { cause } : {}),
  };
}

/**
 * Keys that name personal data or request input, censored wherever a log call passes them
 * (at the top or one level down): a safety net under the rule that log lines carry ids, not data.
 */
export const REDACTED_LOG_KEYS = ['params', 'variables', 'idNumber', 'mobile', 'phone', 'email', 'address', 'addresses', 'postalAddress'];
export const REDACTED_LOG_PATHS = REDACTED_LOG_KEYS.flatMap((key) => [key, `*.${key}`]);
