import type { StepUpProof } from './step-up.js';

/** The roles a verified caller can hold. `anonymous` is what an unauthenticated client becomes. */
export const ROLES = ['party', 'platform', 'mediation_org', 'mediator', 'arbitrator', 'court', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type CallerRole = Role | 'anonymous';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Who is calling, as verified by the gateway. `sub` is the subject: a party id for
 * `party`, a user id otherwise. `org` is the body the caller acts for: the platform,
 * mediation organisation, arbitration institution or court id.
 */
export interface Caller {
  role: CallerRole;
  sub: string | null;
  org: string | null;
  /** The party's own confirmation of one legal act, when the request carried one (auth/step-up.ts). */
  stepUp?: StepUpProof | null;
}

export const ANONYMOUS: Caller = Object.freeze({ role: 'anonymous', sub: null, org: null });
