import { randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  createOnce, forbidden, newId, notFound, parseInput, requireRole, type Caller,
} from '@fengqiao/subgraph-kit';
import { idempotencyKeys, type ContactRepairRow, type PartyRow } from './db/schema.js';
import type { IdentityEnvironment } from './environment.js';
import type { IdentityStore, NewContactChannel } from './identity-store.js';
import { ask, registryFor, type Registries, type RegistryName, type RegistryOutcome } from './registries/index.js';
import { checkWindowLimit } from './rate-limit.js';
import type { Relations } from './relations.js';

const repairContactInput = z.object({
  partyId: z.string().min(1, 'partyId is required'),
  disputeId: z.string().min(1, 'disputeId is required'),
  purpose: z.string().trim().min(4, 'purpose must say why the party is needed (at least 4 characters)').max(200, 'purpose is at most 200 characters'),
});
export type RepairContactInput = z.input<typeof repairContactInput>;

type RepairOutcome = ContactRepairRow['outcome'];

/** How long a relay number stays open for the requester: long enough to call back and forth on a case. */
const RELAY_DAYS = 14;

/** Rate limits count per person acting, within their body: a court's clerks don't share one allowance. */
export const requesterKeyOf = (caller: Caller) => `${caller.role}:${caller.org ?? '-'}:${caller.sub ?? '-'}`;

/**
 * Lost-connection repair (Yiwu's practice, DOMAIN.md): when a court, mediator or arbitrator
 * cannot reach a party, the hub matches name, identity number and mobile across the official
 * registries and hands back a way to reach the party — the channels masked, and a relay
 * number — never what the registries hold. Only for a body that handles one of the party's
 * disputes, for a stated purpose, recorded, and limited per requester.
 */
export class ContactRepairManager {
  constructor(
    private readonly store: IdentityStore,
    private readonly relations: Relations,
    private readonly registries: Registries,
    private readonly settings: Pick<IdentityEnvironment, 'repairLimit' | 'repairWindowMinutes' | 'relayNumber'>,
  ) {}

  async repair(caller: Caller, rawInput: RepairContactInput, idempotencyKey: string, now: Date = new Date()): Promise<string> {
    requireRole(caller, 'court', 'mediator', 'mediation_org', 'arbitrator');
    const input = parseInput(repairContactInput, rawInput);
    const [party] = await this.store.partiesByIds([input.partyId]);
    if (!party) throw notFound('Party', input.partyId);
    if (!(await this.relations.handlesDispute(caller, input.disputeId, input.partyId))) {
      throw forbidden(`Your body does not handle dispute ${input.disputeId} of party ${input.partyId}; repair is for the court or mediator handling the case`);
    }
    const requesterKey = requesterKeyOf(caller);
    // One transaction: the limit check, the registry answers and the record commit together.
    // The registries are asked inside it (bounded by their timeout) so that a retried
    // request with the same key returns the first answer instead of asking again.
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: requesterKey, operation: 'repairContact', input: rawInput }, async () => {
        await store.lockRequester(requesterKey);
        await this.checkLimit(store, requesterKey, now);
        return this.askAndRecord(store, caller, requesterKey, party, input, now);
      }),
    );
    return id;
  }

  private async checkLimit(store: IdentityStore, requesterKey: string, now: Date): Promise<void> {
    const since = new Date(now.getTime() - this.settings.repairWindowMinutes * 60_000);
    checkWindowLimit(await store.countRepairsSince(requesterKey, since), { limit: this.settings.repairLimit, windowMinutes: this.settings.repairWindowMinutes }, now, 'contact repairs');
  }

  private async askAndRecord(
    store: IdentityStore,
    caller: Caller,
    requesterKey: string,
    party: PartyRow,
    input: z.output<typeof repairContactInput>,
    now: Date,
  ): Promise<string> {
    const query = { name: party.name, idType: party.idType, idNumber: party.idNumber };
    const answers: { registry: RegistryName; outcome: RegistryOutcome }[] = [];
    const found: { kind: 'MOBILE' | 'POSTAL'; value: string }[] = [];

    const registry = registryFor(this.registries, party.idType);
    const identity = registry ? await ask(() => registry.match(query), { outcome: 'UNAVAILABLE' as const }) : null;
    if (registry && identity) answers.push({ registry: registry.name, outcome: identity.outcome });

    // Contacts are looked for only once the registry agrees on who the party is: a repair must
    // never hand a way to reach someone else who happens to share a number.
    const identityHolds = identity === null || identity.outcome === 'MATCH';
    if (identityHolds) {
      if (registry) found.push(...(await ask(() => registry.contactsOf(query), [])));
      if (party.idType === 'RESIDENT_ID') {
        const telecom = await ask(() => this.registries.telecom.mobilesOf(query), { outcome: 'UNAVAILABLE' as const, mobiles: [] as string[] });
        answers.push({ registry: 'TELECOM', outcome: telecom.outcome });
        found.push(...telecom.mobiles.map((value) => ({ kind: 'MOBILE' as const, value })));
      }
    }

    const keyOf = (c: { kind: string; value: string }) => `${c.kind}:${c.value}`;
    const known = await store.channelsOf([party.id]);
    const knownKeys = new Set(known.map(keyOf));
    const fresh: NewContactChannel[] = dedupe(found)
      .filter((c) => !knownKeys.has(keyOf(c)))
      .map((c) => ({ id: newId('cch'), partyId: party.id, kind: c.kind, value: c.value, verified: true, source: 'REGISTRY_REPAIR', createdAt: now }));
    await store.insertContactChannels(fresh);
    // Known channels the registries confirmed count too: the party is reachable on them.
    const foundKeys = new Set(found.map(keyOf));
    const confirmedKnown = [...known.filter((c) => foundKeys.has(keyOf(c))), ...fresh];

    const outcome = outcomeOf(identity?.outcome ?? null, confirmedKnown.length, answers);
    const id = newId('rep');
    const relay = outcome === 'REACHABLE'
      ? { relayNumber: this.settings.relayNumber, relayExtension: String(randomInt(1000, 10000)), relayExpiresAt: new Date(now.getTime() + RELAY_DAYS * 86_400_000) }
      : { relayNumber: null, relayExtension: null, relayExpiresAt: null };
    await store.insertRepair({
      id,
      partyId: party.id,
      disputeId: input.disputeId,
      requesterKey,
      requesterRole: caller.role,
      requesterId: caller.sub,
      requesterOrg: caller.org,
      purpose: input.purpose,
      outcome,
      registries: answers,
      channelIds: confirmedKnown.map((c) => c.id!),
      ...relay,
      requestedAt: now,
    });
    return id;
  }
}

function dedupe<T extends { kind: string; value: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(`${i.kind}:${i.value}`) && seen.add(`${i.kind}:${i.value}`));
}

function outcomeOf(identity: RegistryOutcome | null, channels: number, answers: { outcome: RegistryOutcome }[]): RepairOutcome {
  if (identity === 'MISMATCH' || identity === 'NOT_FOUND') return 'IDENTITY_MISMATCH';
  if (channels > 0) return 'REACHABLE';
  if (answers.length === 0 || answers.every((a) => a.outcome === 'UNAVAILABLE')) return 'UNAVAILABLE';
  return 'NO_CHANNEL';
}
