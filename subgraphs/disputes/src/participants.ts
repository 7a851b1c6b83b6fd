import { appendEvents, DISPUTE_PARTICIPANTS_CHANGED, type Caller, type DisputeParticipantsChangedPayload } from '@fengqiao/subgraph-kit';
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
  const payload: DisputeParticipantsChangedPayload = {
    claimantId: dispute.claimantId,
    respondentId: dispute.respondentId,
    handlingBodies: dispute.handlingBodies,
  };
  await appendEvents(tx, outbox, [
    { type: DISPUTE_PARTICIPANTS_CHANGED, aggregateType: 'Dispute', aggregateId: dispute.id, disputeId: dispute.id, actor, at, payload },
  ]);
}
