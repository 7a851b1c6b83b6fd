/** Stops the program with exit code 1: retrying would not help (bad token, refused, unusable cursor). */
export class FatalError extends Error {
  override name = 'FatalError';
}

/** Worth retrying after a pause: the network, a 5xx, a gateway or subgraph that is restarting. */
export class TransientError extends Error {
  override name = 'TransientError';
}

/** The listener was asked to stop while it was waiting to retry. */
export class StoppedError extends Error {
  override name = 'StoppedError';
  constructor() {
    super('stopped');
  }
}

export interface GraphQLErrorLike {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: unknown; [key: string]: unknown };
}

/** Error codes that mean "this will fail the same way next time": never retried. */
export const FATAL_GRAPHQL_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
]);

export function errorCodes(errors: readonly GraphQLErrorLike[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : '')).filter(Boolean);
}

export function describeGraphQLErrors(errors: readonly GraphQLErrorLike[] | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const code = typeof e.extensions?.code === 'string' ? ` (${e.extensions.code})` : '';
      const where = e.path?.length ? ` at ${e.path.join('.')}` : '';
      return `${e.message}${code}${where}`;
    })
    .join('; ');
}

export function isFatalGraphQLErrors(errors: readonly GraphQLErrorLike[] | undefined): boolean {
  return errorCodes(errors).some((c) => FATAL_GRAPHQL_CODES.has(c));
}

/** What to tell the operator when the hub refused the token or the organisation. */
export function authAdvice(organizationId: string): string {
  return `check that the token is a current mediation_org token for organisation ${organizationId} ` +
    `(for local use: npm run token -- mediation_org --org ${organizationId})`;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message && cause.message !== err.message ? `: ${cause.message}` : '';
    return `${err.message}${detail}`;
  }
  return String(err);
}
