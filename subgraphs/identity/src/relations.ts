import { and, arrayContains, eq, inArray, or, sql } from 'drizzle-orm';
import { badInput, disputeParticipantsChangedPayload, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { disputeParticipants } from './db/schema.js';
import type { IdentityDb } from './identity-store.js';

/** The dispute that gives a caller's body a reason to see a party's data. */
export interface Relation {
  partyId: string;
  disputeId: string;
}

/**
 * Who handles whose disputes, as the disputes subgraph reports it (`DisputeParticipantsChanged`).
 * Identity keeps its own copy rather than asking disputes per read: masking runs on every
 * party field, and a relation must still hold while the disputes subgraph is down.
 */
export class Relations {
  constructor(private readonly db: IdentityDb) {}

  /** Applies a participants event; each carries the whole current set, so the row is replaced. */
  async apply(event: FeedEvent): Promise<void> {
    const parsed = disputeParticipantsChangedPayload.safeParse(event.payload);
    if (!parsed.success || !event.disputeId) {
      throw badInput(`The DisputeParticipantsChanged payload does not match the contract: ${parsed.error?.issues[0]?.message ?? 'no dispute'}`, { rule: 'EVENT_CONTRACT' });
    }
    const row = { disputeId: event.disputeId, ...parsed.data, updatedAt: new Date(event.occurredAt) };
    await this.db.insert(disputeParticipants).values(row).onConflictDoUpdate({
      target: disputeParticipants.disputeId,
      set: { claimantId: row.claimantId, respondentId: row.respondentId, handlingBodies: row.handlingBodies, updatedAt: row.updatedAt },
    });
  }

  /** For each party, one dispute of theirs that `bodyId` handles (the first by id, for a stable purpose). */
  async handledBy(bodyId: string, partyIds: readonly string[]): Promise<Relation[]> {
    const ids = [...partyIds];
    const rows = await this.db
      .select({ disputeId: disputeParticipants.disputeId, claimantId: disputeParticipants.claimantId, respondentId: disputeParticipants.respondentId })
      .from(disputeParticipants)
      .where(and(
        arrayContains(disputeParticipants.handlingBodies, [bodyId]),
        or(inArray(disputeParticipants.claimantId, ids), inArray(disputeParticipants.respondentId, ids)),
      ))
      .orderBy(disputeParticipants.disputeId);
    const found = new Map<string, string>();
    for (const r of rows) {
      for (const partyId of [r.claimantId, r.respondentId]) {
        if (ids.includes(partyId) && !found.has(partyId)) found.set(partyId, r.disputeId);
      }
    }
    return [...found].map(([partyId, disputeId]) => ({ partyId, disputeId }));
  }

  /** Whether the caller's body handles this dispute and the party is a party to it. */
  async handlesDispute(caller: Caller, disputeId: string, partyId: string): Promise<boolean> {
    if (!caller.org) return false;
    const [row] = await this.db
      .select({ n: sql<number>`1` })
      .from(disputeParticipants)
      .where(and(
        eq(disputeParticipants.disputeId, disputeId),
        arrayContains(disputeParticipants.handlingBodies, [caller.org]),
        or(eq(disputeParticipants.claimantId, partyId), eq(disputeParticipants.respondentId, partyId)),
      ));
    return row !== undefined;
  }

  /** Whether the party is party to the dispute at all (for requests naming both). */
  async isPartyTo(disputeId: string, partyId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ n: sql<number>`1` })
      .from(disputeParticipants)
      .where(and(eq(disputeParticipants.disputeId, disputeId), or(eq(disputeParticipants.claimantId, partyId), eq(disputeParticipants.respondentId, partyId))));
    return row !== undefined;
  }
}
