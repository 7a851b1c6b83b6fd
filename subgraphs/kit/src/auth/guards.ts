import { forbidden, HubError } from '../errors.js';
import type { Caller, Role } from './roles.js';

export function requireAuthenticated(caller: Caller): asserts caller is Caller & { role: Role } {
  if (caller.role === 'anonymous') throw new HubError('UNAUTHENTICATED', 'Sign in to see this');
}

export function requireRole(caller: Caller, ...roles: Role[]): void {
  requireAuthenticated(caller);
  if (!roles.includes(caller.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
}
