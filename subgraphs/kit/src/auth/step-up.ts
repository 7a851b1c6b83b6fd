import { z } from 'zod';
import { HubError } from '../errors.js';
import type { Caller } from './roles.js';

/**
 * Acts with legal effect that a party must confirm itself, with a one-time code the hub sent
 * to the party's own channel — never on a platform's word alone (a widget token) nor on a
 * party's token alone. See docs/step-up.md.
 */
export const LEGAL_ACTS = ['SIGN_SETTLEMENT', 'CONFIRM_SERVICE_ADDRESSES', 'APPLY_FOR_JUDICIAL_CONFIRMATION'] as const;
export type LegalAct = (typeof LEGAL_ACTS)[number];

/**
 * What the gateway vouches for after the party typed the right code: identity's challenge
 * `challengeId` was confirmed at `confirmedAt` for this act, subject and content. The gateway
 * checked that the proof's party is the caller, so `Caller.sub` is the party who confirmed.
 */
export const stepUpProof = z.object({
  act: z.enum(LEGAL_ACTS),
  subjectId: z.string().min(1).max(200),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  challengeId: z.string().min(1).max(100),
  /** ISO 8601. */
  confirmedAt: z.string().datetime({ offset: true }),
});
export type StepUpProof = z.infer<typeof stepUpProof>;

/**
 * The owning subgraph's check, in its domain rule before anything is written: a party acting
 * needs a proof for exactly this act, subject and content; anything else — no proof, one for
 * another act, subject or content — is FORBIDDEN with code STEP_UP_REQUIRED, naming what to
 * confirm, so the client can ask identity for a code (`requestActConfirmation`) and try again.
 *
 * Answers the proof, which the act records with itself (the challenge id and when it was
 * confirmed). Callers other than parties (a court recording an application, an admin) act on
 * their own authority and get null.
 */
export function requireStepUp(caller: Caller, act: LegalAct, subjectId: string, contentHash: string): StepUpProof | null {
  if (caller.role !== 'party') return null;
  const proof = caller.stepUp;
  if (proof && proof.act === act && proof.subjectId === subjectId && proof.contentHash === contentHash) return proof;
  throw new HubError('STEP_UP_REQUIRED', 'This act has legal effect: confirm it with the code the hub sends to you, then try again', {
    act,
    subjectId,
    contentHash,
  });
}

/**
 * A proof whose challenge an earlier act already recorded: one code confirms one act. The
 * owning subgraph checks this under the same lock as the write (its unique index on the
 * challenge id is the backstop).
 */
export function stepUpAlreadyUsed(proof: StepUpProof): HubError {
  return new HubError('STEP_UP_REQUIRED', 'This confirmation was already used for an act; confirm this one with a new code', {
    act: proof.act,
    subjectId: proof.subjectId,
    contentHash: proof.contentHash,
    reason: 'PROOF_USED',
  });
}

/** Columns of a proof as an act stores it; null for acts done without one. */
export function stepUpRecord(proof: StepUpProof | null): { challengeId: string; confirmedAt: Date; contentHash: string } | null {
  return proof ? { challengeId: proof.challengeId, confirmedAt: new Date(proof.confirmedAt), contentHash: proof.contentHash } : null;
}
