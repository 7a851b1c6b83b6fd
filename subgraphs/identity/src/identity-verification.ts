import { createOnce, forbidden, newId, notFound, requireAuthenticated, type Caller } from '@fengqiao/subgraph-kit';
import { idempotencyKeys } from './db/schema.js';
import type { IdentityStore } from './identity-store.js';
import { accessNeedsRelation, isSelf } from './masking.js';
import { ask, registryFor, type Registries } from './registries/index.js';
import type { Relations } from './relations.js';

/**
 * Matches a party's name and number against the registry that covers its document. Only the
 * outcome is kept and shown: the registry's own record never leaves it.
 */
export class IdentityVerifier {
  constructor(private readonly store: IdentityStore, private readonly relations: Relations, private readonly registries: Registries) {}

  async verify(caller: Caller, partyId: string, idempotencyKey: string, now: Date = new Date()): Promise<string> {
    requireAuthenticated(caller);
    const [party] = await this.store.partiesByIds([partyId]);
    if (!party) throw notFound('Party', partyId);
    if (!(await this.mayVerify(caller, partyId))) {
      throw forbidden('Only the party itself, admins, and a court, mediator or arbitrator handling one of its disputes may verify its identity');
    }
    const registry = registryFor(this.registries, party.idType);
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'verifyPartyIdentity', input: { partyId } }, async () => {
        const outcome = registry
          ? (await ask(() => registry.match({ name: party.name, idType: party.idType, idNumber: party.idNumber }), { outcome: 'UNAVAILABLE' as const })).outcome
          : 'NOT_APPLICABLE' as const;
        const id = newId('idv');
        await store.insertVerification({ id, partyId, registry: registry?.name ?? null, outcome, requestedByRole: caller.role, requestedBy: caller.sub, checkedAt: now });
        return id;
      }),
    );
    return id;
  }

  private async mayVerify(caller: Caller, partyId: string): Promise<boolean> {
    if (isSelf(caller, partyId) || caller.role === 'admin') return true;
    if (!accessNeedsRelation(caller)) return false;
    return (await this.relations.handledBy(caller.org!, [partyId])).length > 0;
  }
}
