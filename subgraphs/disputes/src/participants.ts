import { appendEvents, DISPUTE_PARTICIPANTS_CHANGED, type Caller, type DisputeParticipantsChangedPayload, type DomainEvent } from '@fengqiao/subgraph-kit';
import { outbox, type DisputeRow } from './db/schema.js';
import type { DisputesDb } from './disputes-store.js';

/**
 * Tells the subgraphs that decide access by relation (identity masks a party's personal data
 * unless the caller's body handles one of its disputes) who is party to a dispute and who
 * handles it. Called in the transaction that changed either, so the news commits with it.
 */
export async function publishParticipants(
  tx: DisputesDb,
  dispute: Pick<DisputeRow, 'id' | 'claimantId' | 'respondentId' | 'handlingBodies'>,
  actor: Caller,
  at: Date,
): Promise<void> {
  await appendEvents(tx, outbox, [participantsChanged(dispute, actor, at)]);
}

/** The DisputeParticipantsChanged event itself, to append with other events in one insert. */
export function participantsChanged(
  dispute: Pick<DisputeRow, 'id' | 'claimantId' | 'respondentId' | 'handlingBodies'>,
  actor: Caller,
  at: Date,
): DomainEvent {
  const payload: DisputeParticipantsChangedPayload = {
    claimantId: dispute.claimantId,
    respondentId: dispute.respondentId,
    handlingBodies: dispute.handlingBodies,
  };
  return { type: DISPUTE_PARTICIPANTS_CHANGED, aggregateType: 'Dispute', aggregateId: dispute.id, disputeId: dispute.id, actor, at, payload };
}
