import { decodeJwt } from 'jose';

/** The client's "Bearer …" from connection_init, under either spelling of the key. */
export function authorizationOf(connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = connectionParams?.authorization ?? connectionParams?.Authorization;
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Milliseconds until a verified token expires; undefined when it carries no `exp`. */
export function millisecondsLeft(authorization: string, now = Date.now()): number | undefined {
  const token = authorization.trim().replace(/^Bearer\s+/i, '');
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? Math.max(0, exp * 1000 - now) : undefined;
}
