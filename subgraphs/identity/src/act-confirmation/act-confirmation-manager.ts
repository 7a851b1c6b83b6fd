import { z } from 'zod';
import {
  badInput, forbidden, HubError, invalidTransition, LEGAL_ACTS, newId, notFound, parseInput, requireAuthenticated, type Caller,
} from '@fengqiao/subgraph-kit';
import type { ActConfirmationRow } from '../db/schema.js';
import { IdentityStore } from '../identity-store.js';
import { maskPhone } from '../masking.js';
import { checkWindowLimit, type WindowLimit } from '../rate-limit.js';
import type { Courier } from '../service-of-documents/courier.js';
import type { MessageLog } from '../service-of-documents/message-log.js';
import type { ActConfirmationStore } from './act-confirmation-store.js';
import {
  challengeLifecycle, CODE_DIGITS, CODE_TTL_MS, codeDestinations, codeHash, codeMatches, confirmationMessage, MAX_FAILED_ATTEMPTS, newCode,
} from './challenge.js';

const CONTROL = /\p{Cc}/u;

const requestInput = z.object({
  act: z.enum(LEGAL_ACTS),
  subjectId: z
    .string()
    .trim()
    .min(1, 'subjectId is required')
    .max(200, 'subjectId is at most 200 characters')
    .refine((s) => !CONTROL.test(s), 'subjectId is one line without control characters'),
  contentHash: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'contentHash is the SHA-256 of the content: 64 hexadecimal characters'),
});
export type RequestActConfirmationInput = z.input<typeof requestInput>;

export interface ActConfirmationSettings {
  /** Codes a party may ask for per window (IDENTITY_STEP_UP_LIMIT, IDENTITY_STEP_UP_WINDOW_MINUTES). */
  limit: WindowLimit;
  /** The key of the codes' HMAC (IDENTITY_STEP_UP_CODE_KEY). */
  codeKey: Buffer;
}

/** What `requestActConfirmation` answers: where the code went, masked. */
export interface SentChallenge {
  row: ActConfirmationRow;
  sentTo: string;
}

/** The outcome of one try, decided inside the transaction and reported after it commits. */
type Judgement = { ok: true; row: ActConfirmationRow } | { ok: false; error: HubError };

/**
 * The party confirms a legal act itself (docs/step-up.md). Identity owns the challenge
 * because it holds the party's verified channels: it sends a one-time code there, keeps only
 * a keyed hash of it, and tells the gateway — which turns a right code into a short-lived
 * proof — what exactly was confirmed. The owning subgraph (mediation, courts, identity itself
 * for service addresses) then checks that proof against the act in hand (`requireStepUp`).
 */
export class ActConfirmationManager {
  constructor(
    private readonly store: ActConfirmationStore,
    private readonly courier: Courier,
    private readonly messages: MessageLog,
    private readonly settings: ActConfirmationSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private static requireParty(caller: Caller): string {
    requireAuthenticated(caller);
    if (caller.role !== 'party' || !caller.sub) throw forbidden('A party confirms its own legal acts; other roles act on their own authority');
    return caller.sub;
  }

  /**
   * Checks in order: a party caller (FORBIDDEN), the input (BAD_USER_INPUT), the party's
   * request limit (RATE_LIMITED), a channel to send to (CONFLICT, rule NO_CONFIRMATION_CHANNEL).
   * The code is sent inside the transaction that records it, as document service does: a
   * provider that throws leaves nothing behind, one that refuses falls through to the next channel.
   */
  async request(caller: Caller, raw: RequestActConfirmationInput): Promise<SentChallenge> {
    const partyId = ActConfirmationManager.requireParty(caller);
    const input = parseInput(requestInput, raw);
    return this.store.transaction(async (store, tx) => {
      const now = this.clock();
      await store.lockParty(partyId);
      const since = new Date(now.getTime() - this.settings.limit.windowMinutes * 60_000);
      checkWindowLimit(await store.countSince(partyId, since), this.settings.limit, now, 'requests for a confirmation code');
      // Read in this transaction: on PGlite a read beside it would wait for it for ever.
      const parties = new IdentityStore(tx);
      const addresses = await parties.latestServiceAddressesOf([partyId]);
      const contacts = await parties.channelsOf([partyId]);
      const destinations = codeDestinations(input.act, addresses, contacts);
      if (!destinations.length) {
        throw new HubError('CONFLICT', 'There is no mobile or hub inbox to send you a code: confirm your service addresses first', { rule: 'NO_CONFIRMATION_CHANNEL' });
      }
      const id = newId('acc');
      const code = newCode();
      const message = confirmationMessage(input.act, code, input.contentHash);
      for (const to of destinations) {
        const result = await this.courier.send({ attemptId: id, channel: to.channel, address: to.address, message });
        if (!result.accepted) continue;
        const row = await store.insert({
          id, partyId, act: input.act, subjectId: input.subjectId, contentHash: input.contentHash, channel: to.channel, address: to.address,
          contactChannelId: to.contactChannelId, codeHash: codeHash(this.settings.codeKey, id, code), status: 'PENDING', failedAttempts: 0,
          createdAt: now, expiresAt: new Date(now.getTime() + CODE_TTL_MS),
        });
        await this.messages.record(tx, partyId, { channel: to.channel, address: to.address, message }, now);
        // The inbox is the party's own hub account, nothing to hide from it; a mobile is shown as 138****8000.
        return { row, sentTo: to.channel === 'MOBILE' ? maskPhone(to.address, 'PARTIAL') : to.address };
      }
      throw new HubError('CONFLICT', 'The code could not be delivered to your mobile or hub inbox; check your service addresses', { rule: 'CHANNEL_FAILED' });
    });
  }

  /**
   * The party's try of a code. Another party's challenge is NOT_FOUND, as an unknown one is.
   * A used, locked or expired challenge is INVALID_TRANSITION (currentState CONFIRMED, LOCKED
   * or EXPIRED) and its code is not even compared. A wrong code is BAD_USER_INPUT (field
   * `code`, rule CODE_MISMATCH, `attemptsLeft`); the count is kept although the mutation
   * fails, and the fifth wrong code locks the challenge. A right one marks it CONFIRMED — once.
   */
  async confirm(caller: Caller, challengeId: string, code: string): Promise<ActConfirmationRow> {
    const partyId = ActConfirmationManager.requireParty(caller);
    const typed = code.replace(/\s+/g, '');
    if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(typed)) {
      throw badInput(`code: the code is the ${CODE_DIGITS} digits the hub sent you (CODE_FORMAT)`, { field: 'code', rule: 'CODE_FORMAT' });
    }
    const judged = await this.store.transaction(async (store): Promise<Judgement> => {
      const row = challengeId.length <= 100 ? await store.lock(challengeId) : undefined;
      if (!row || row.partyId !== partyId) throw notFound('ActConfirmationChallenge', challengeId);
      const now = this.clock();
      if (row.status === 'PENDING' && row.expiresAt.getTime() <= now.getTime()) {
        throw invalidTransition('This code has expired; ask for a new one', 'EXPIRED');
      }
      // A used or locked challenge is refused before its code is even compared.
      const confirmed = challengeLifecycle.next(row.status, 'confirm');
      if (codeMatches(this.settings.codeKey, row, typed)) {
        const updated = await store.update(row.id, { status: confirmed, confirmedAt: now });
        if (row.contactChannelId) await store.markContactVerified(row.contactChannelId);
        return { ok: true, row: updated };
      }
      const failedAttempts = row.failedAttempts + 1;
      const attemptsLeft = MAX_FAILED_ATTEMPTS - failedAttempts;
      await store.update(row.id, { failedAttempts, ...(attemptsLeft <= 0 ? { status: challengeLifecycle.next(row.status, 'lock') } : {}) });
      return {
        ok: false,
        error: badInput(
          attemptsLeft > 0 ? `code: that is not the code we sent; ${attemptsLeft} tries left (CODE_MISMATCH)` : 'code: that is not the code we sent, and that was the last try: ask for a new code (CODE_MISMATCH)',
          { field: 'code', rule: 'CODE_MISMATCH', attemptsLeft },
        ),
      };
    });
    if (!judged.ok) throw judged.error;
    return judged.row;
  }
}

