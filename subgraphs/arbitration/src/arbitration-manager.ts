import type { Caller } from '@fengqiao/subgraph-kit';
import type { ArbitrationCaseRow } from './db/schema.js';
import type { ArbitrationStore, Visibility } from './arbitration-store.js';

/** What the arbitration subgraph decides: who may see which case. */
export class ArbitrationManager {
  constructor(private readonly store: ArbitrationStore) {}

  /**
   * Arbitration is confidential: admins and courts (which review and enforce awards) see
   * every case, an arbitrator only the cases of its own institution, a party only its own
   * cases; everyone else sees none.
   */
  visibilityFor(caller: Caller): Visibility {
    switch (caller.role) {
      case 'admin':
      case 'court':
        return {};
      case 'arbitrator':
        return caller.org ? { institutionId: caller.org } : { none: true };
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      default:
        return { none: true };
    }
  }

  canSee(caller: Caller, row: ArbitrationCaseRow): boolean {
    const v = this.visibilityFor(caller);
    if (v.none) return false;
    if (v.partyId) return row.claimantId === v.partyId || row.respondentId === v.partyId;
    if (v.institutionId) return row.institutionId === v.institutionId;
    return true;
  }

  /** Public reference data: anyone, signed in or not, may list the institutions. */
  institutions() {
    return this.store.institutions();
  }
}
