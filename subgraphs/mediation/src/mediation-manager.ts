import { createHash } from 'node:crypto';
import type { Caller } from '@fengqiao/subgraph-kit';
import type { MediationCaseRow } from './db/schema.js';
import type { CaseVisibility, MediationStore } from './mediation-store.js';

/** SHA-256 (lower-case hex) of a settlement's terms: the written record must be kept intact. */
export function settlementHash(terms: string): string {
  return createHash('sha256').update(terms, 'utf8').digest('hex');
}

/**
 * What the mediation subgraph decides. Organisations and mediators are public reference
 * data (parties choose a mediator from them); mediation cases are confidential to the
 * parties, the organisation handling them, the assigned mediator, courts and admins.
 */
export class MediationManager {
  constructor(readonly store: MediationStore) {}

  caseVisibilityFor(caller: Caller): CaseVisibility {
    switch (caller.role) {
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      case 'mediation_org':
        return caller.org ? { organizationId: caller.org } : { none: true };
      case 'mediator':
        return caller.sub ? { mediatorId: caller.sub } : { none: true };
      case 'court':
      case 'admin':
        return {};
      default:
        return { none: true };
    }
  }

  /** The dispute's current mediation case: the latest referral among those visible. */
  static currentCase(cases: MediationCaseRow[]): MediationCaseRow | null {
    return cases.at(-1) ?? null;
  }
}
