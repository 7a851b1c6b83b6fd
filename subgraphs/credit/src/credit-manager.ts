import type { Caller } from '@fengqiao/subgraph-kit';
import type { CreditRecordRow } from './db/schema.js';

/** What a caller was shown, as written to the access log. */
export type CreditReadScope = 'records' | 'discredited_flag';

export interface CreditProfile {
  partyId: string;
  discredited: boolean;
  records: CreditRecordRow[];
  updatedAt: Date;
}

/**
 * What the credit subgraph decides: who sees which part of a credit profile.
 *
 * - Whether a party is a discredited judgment debtor is public (the courts publish the list):
 *   every signed-in caller sees the flag.
 * - The detailed records are shown to the subject itself, to courts and to admins only:
 *   commercial use of personal credit records needs the subject's consent or a lawful,
 *   published source shown back to that same subject (Xu Yong v. Zhima Credit, Hangzhou
 *   Internet Court). A consent register that widens this comes later; until then others get [].
 * - Every profile read is logged, with what was shown.
 */
export class CreditManager {
  canSeeRecords(caller: Caller, partyId: string): boolean {
    if (caller.role === 'party') return caller.sub === partyId;
    return caller.role === 'court' || caller.role === 'admin';
  }

  readScope(caller: Caller, partyId: string): CreditReadScope {
    return this.canSeeRecords(caller, partyId) ? 'records' : 'discredited_flag';
  }

  /** Builds the profile the caller may see from all of the party's records. */
  profileFor(caller: Caller, partyId: string, records: readonly CreditRecordRow[], now: Date = new Date()): CreditProfile {
    const listed = records.filter((r) => r.kind === 'DISCREDITED_DEBTOR');
    const discredited = listed.some((r) => r.removedAt === null);
    const shown = this.canSeeRecords(caller, partyId) ? [...records] : [];
    // The last change the caller can see: the public list for everyone, all records for those who see them.
    const basis = shown.length ? shown : listed;
    const times = basis.flatMap((r) => (r.removedAt ? [r.listedAt, r.removedAt] : [r.listedAt])).map((d) => d.getTime());
    return { partyId, discredited, records: shown, updatedAt: times.length ? new Date(Math.max(...times)) : now };
  }
}
