import { badInput, type Caller } from '@fengqiao/subgraph-kit';
import type { CourtRow } from './db/schema.js';
import type { CourtsStore, Visibility } from './courts-store.js';

/** What the courts subgraph decides: who may see which case, and which courts a region holds. */
export class CourtManager {
  constructor(private readonly store: CourtsStore) {}

  /**
   * Courts share case information, so any court role (and admins) may read every case;
   * writing will be restricted to the case's own court. Mediation organisations, mediators
   * and arbitrators handle disputes that move to or from court and may read for now; a
   * party reads only its own cases; platforms and anonymous callers read none.
   */
  visibilityFor(caller: Caller): Visibility {
    switch (caller.role) {
      case 'admin':
      case 'court':
      case 'mediation_org':
      case 'mediator':
      case 'arbitrator':
        return {};
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      default:
        return { none: true };
    }
  }

  canSee(caller: Caller, row: { claimantId: string; respondentId: string }): boolean {
    const v = this.visibilityFor(caller);
    if (v.none) return false;
    if (v.partyId) return row.claimantId === v.partyId || row.respondentId === v.partyId;
    return true;
  }

  /**
   * Public reference data: anyone may list the courts. `region` is a GB/T 2260 division
   * code; a province (330000) or city (330700) code also matches the courts inside it.
   */
  courts(region: string | null | undefined): Promise<CourtRow[]> {
    if (region == null || region.trim() === '') return this.store.courts();
    return this.store.courts(regionPrefix(region));
  }
}

/** 330000 → 33, 330700 → 3307, 330782 → 330782: the prefix shared by every code inside the division. */
export function regionPrefix(region: string): string {
  const code = region.trim();
  if (!/^\d{6}$/.test(code) || code.startsWith('00')) {
    throw badInput('region must be a six-digit GB/T 2260 division code, such as 440000 or 330782', { field: 'region', rule: 'REGION_CODE' });
  }
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}
