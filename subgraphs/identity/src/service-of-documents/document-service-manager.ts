import {
  appendEvents, badInput, createOnce, defineLifecycle, forbidden, invalidTransition, newId, notFound, parseInput,
  requireAuthenticated, requireRole, type Caller,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { idempotencyKeys, outbox, type DocumentServiceRow, type ServiceAddressRow, type ServiceAttemptRow } from '../db/schema.js';
import { IdentityStore, type IdentityDb } from '../identity-store.js';
import { isSelf } from '../masking.js';
import type { Relations } from '../relations.js';
import type { Courier } from './courier.js';
import type { MessageLog } from './message-log.js';
import type { DocumentServiceStore, NewServiceAttempt } from './document-service-store.js';
import {
  DOCUMENT_KINDS, KINDS_BY_SENDER, maskPartyName, SENDER_ROLE_OF, serviceMessage,
  type DocumentKind, type Sender, type SenderRole,
} from './service-message.js';
import { deemedServedAt, unservedReason, whenNothingIsLeft } from './public-notice.js';
import { newVerificationCode, normalizeVerificationCode } from './verification-code.js';

type ServiceStatus = DocumentServiceRow['status'];
type AttemptStatus = ServiceAttemptRow['status'];
type Channel = ServiceAddressRow['channel'];

/**
 * A service: IN_PROGRESS while attempts are under way; DELIVERED when one arrives (the
 * document counts as served); READ when the party opens it; when no way is left, PUBLIC_NOTICE
 * for a court and UNSERVED for anyone else (public-notice.ts). Both are final: a party who
 * turns up later, or is found by lost-connection repair, is served anew.
 */
export const serviceLifecycle = defineLifecycle<ServiceStatus, 'deliver' | 'serveByPublicNotice' | 'giveUp' | 'open'>('document service', {
  deliver: { from: ['IN_PROGRESS'], to: 'DELIVERED' },
  serveByPublicNotice: { from: ['IN_PROGRESS'], to: 'PUBLIC_NOTICE' },
  giveUp: { from: ['IN_PROGRESS'], to: 'UNSERVED' },
  open: { from: ['DELIVERED'], to: 'READ' },
});

/** An attempt is SENT until its receipt says DELIVERED or FAILED (or is created in that state when the provider knows at once). */
export const attemptLifecycle = defineLifecycle<AttemptStatus, 'deliver' | 'fail' | 'open'>('service attempt', {
  deliver: { from: ['SENT'], to: 'DELIVERED' },
  fail: { from: ['SENT'], to: 'FAILED' },
  open: { from: ['DELIVERED'], to: 'READ' },
});

/**
 * Electronic channels first — the hub's own inbox, then SMS, then e-mail — and registered
 * mail last: e-service takes 0.9 days on average against eleven times longer by post
 * (white paper §IV, DOMAIN.md), and the post is the channel whose failure is best proven.
 */
export const CHANNEL_ORDER: readonly Channel[] = ['IN_APP', 'MOBILE', 'EMAIL', 'POSTAL'];

export { deemedServedAt, PUBLIC_NOTICE_DAYS } from './public-notice.js';

/** Outbox events; no subgraph consumes them yet (the disputes timeline may). */
export const DOCUMENT_SERVED = 'DocumentServed';
export const DOCUMENT_SERVED_BY_PUBLIC_NOTICE = 'DocumentServedByPublicNotice';
export const DOCUMENT_UNSERVED = 'DocumentUnserved';

/** The party's current confirmed addresses in the order they are tried. Demo rows without a signed confirmation count as confirmed too. */
export function channelPlan(addresses: readonly Pick<ServiceAddressRow, 'channel'>[]): Channel[] {
  return CHANNEL_ORDER.filter((c) => addresses.some((a) => a.channel === c));
}

const CONTROL = /\p{Cc}/u;

const serveInput = z.object({
  partyId: z.string().trim().min(1, 'partyId is required').max(100, 'partyId is at most 100 characters'),
  disputeId: z.string().trim().min(1, 'disputeId is required').max(100, 'disputeId is at most 100 characters'),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  documentDigest: z.string(),
});
export type ServeDocumentInput = z.input<typeof serveInput>;

export interface ValidatedServeInput {
  partyId: string;
  disputeId: string;
  kind: DocumentKind;
  title: string;
  documentDigest: string;
}

/** Everything is checked before anything is stored; the first failure is reported. */
export function validateServeInput(raw: ServeDocumentInput): ValidatedServeInput {
  const input = parseInput(serveInput, raw);
  const title = input.title.trim();
  const length = [...title].length;
  if (length < 1 || length > 200) {
    throw badInput(`title: a title is 1 to 200 characters, this one is ${length} (TITLE_LENGTH)`, { field: 'title', rule: 'TITLE_LENGTH' });
  }
  // The title goes into an SMS: a line break could make a forged line look like the hub's own.
  if (CONTROL.test(title)) {
    throw badInput('title: a title is one line without control characters (TITLE_CHARACTERS)', { field: 'title', rule: 'TITLE_CHARACTERS' });
  }
  const documentDigest = input.documentDigest.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(documentDigest)) {
    throw badInput('documentDigest: the SHA-256 of the document is 64 hexadecimal characters (DIGEST_FORMAT)', { field: 'documentDigest', rule: 'DIGEST_FORMAT' });
  }
  return { partyId: input.partyId, disputeId: input.disputeId, kind: input.kind, title, documentDigest };
}

const receiptInput = z.object({
  attemptId: z.string().trim().min(1, 'attemptId is required').max(100, 'attemptId is at most 100 characters'),
  status: z.enum(['SENT', 'DELIVERED', 'READ', 'FAILED']),
  receipt: z.string().nullish(),
  failureReason: z.string().nullish(),
});
export type DeliveryReceiptInput = z.input<typeof receiptInput>;

export interface ValidatedReceipt {
  attemptId: string;
  status: 'DELIVERED' | 'FAILED';
  receipt: string | null;
  failureReason: string | null;
}

export function validateReceipt(raw: DeliveryReceiptInput): ValidatedReceipt {
  const input = parseInput(receiptInput, raw);
  if (input.status !== 'DELIVERED' && input.status !== 'FAILED') {
    throw badInput(`status: a provider's receipt says DELIVERED or FAILED, not ${input.status} (RECEIPT_STATUS)`, { field: 'status', rule: 'RECEIPT_STATUS' });
  }
  const receipt = input.receipt?.trim() || null;
  if (receipt && (receipt.length > 200 || CONTROL.test(receipt))) {
    throw badInput('receipt: a receipt is one line of at most 200 characters (RECEIPT_FORMAT)', { field: 'receipt', rule: 'RECEIPT_FORMAT' });
  }
  const failureReason = input.failureReason?.trim() || null;
  if (input.status === 'FAILED' && !failureReason) {
    // The reason is what justifies the next channel and, in the end, the public notice.
    throw badInput('failureReason: a FAILED receipt must say why the document did not arrive (FAILURE_REASON_REQUIRED)', { field: 'failureReason', rule: 'FAILURE_REASON_REQUIRED' });
  }
  if (input.status === 'DELIVERED' && failureReason) {
    throw badInput('failureReason: only a FAILED receipt has a failure reason (FAILURE_REASON_UNEXPECTED)', { field: 'failureReason', rule: 'FAILURE_REASON_UNEXPECTED' });
  }
  if (failureReason && failureReason.length > 500) {
    throw badInput('failureReason: at most 500 characters (FAILURE_REASON_LENGTH)', { field: 'failureReason', rule: 'FAILURE_REASON_LENGTH' });
  }
  return { attemptId: input.attemptId, status: input.status, receipt, failureReason };
}

export interface ServiceVerification {
  sender: DocumentServiceRow;
  kind: DocumentKind;
  title: string;
  partyName: string;
  sentAt: Date;
}

export function senderOf(row: Pick<DocumentServiceRow, 'senderRole' | 'senderId' | 'senderOrg'>): Sender {
  return { role: row.senderRole as SenderRole, senderId: row.senderId, senderOrg: row.senderOrg };
}

/**
 * Serving documents on parties through their confirmed service addresses, with receipts,
 * fall-through to the next channel and finally service by public notice.
 *
 * Sending happens inside the transaction that records the attempt, so an attempt and what the
 * provider answered are stored together, and a failure falls through to the next channel in
 * the same transaction. A provider that throws (unreachable) rolls the whole step back —
 * nothing is recorded and the caller retries — rather than counting as a failed channel: an
 * outage of the SMS gateway must not push a party towards public notice. A real provider
 * adapter should therefore only enqueue (quickly) and report delivery later by receipt.
 */
export class DocumentServiceManager {
  constructor(
    readonly store: DocumentServiceStore,
    private readonly identity: IdentityStore,
    private readonly relations: Pick<Relations, 'handlesDispute'>,
    private readonly courier: Courier,
    private readonly messages?: MessageLog,
  ) {}

  /** The served party, the sender's body and admins see a service; nobody else learns it exists. */
  canSee(caller: Caller, row: DocumentServiceRow): boolean {
    if (isSelf(caller, row.partyId) || caller.role === 'admin') return true;
    return SENDER_ROLE_OF[caller.role as keyof typeof SENDER_ROLE_OF] !== undefined && caller.org !== null && caller.org === row.senderOrg;
  }

  /**
   * Checks in order: a role that serves (FORBIDDEN), the input (BAD_USER_INPUT), the kind the
   * role may serve (FORBIDDEN), the party (NOT_FOUND), the caller's body handling a dispute of
   * the party (FORBIDDEN) — all before anything is written.
   */
  async serve(caller: Caller, raw: ServeDocumentInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const role = SENDER_ROLE_OF[caller.role];
    if (!role) throw forbidden('Documents are served by courts, mediation organisations, mediators and arbitrators');
    const input = validateServeInput(raw);
    if (!KINDS_BY_SENDER[role].includes(input.kind)) {
      throw forbidden(`A ${role.toLowerCase().replace('_', ' ')} may serve ${KINDS_BY_SENDER[role].join(' and ')}, not ${input.kind}`);
    }
    const [party] = await this.identity.partiesByIds([input.partyId]);
    if (!party) throw notFound('Party', input.partyId);
    if (!(await this.relations.handlesDispute(caller, input.disputeId, input.partyId))) {
      throw forbidden(`Your body does not handle dispute ${input.disputeId} of this party`);
    }
    const sender: Sender = { role, senderId: caller.sub, senderOrg: caller.org };
    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.org}:${caller.sub}`, operation: 'serveDocument', input: raw }, async () => {
        const now = new Date();
        const service: DocumentServiceRow = {
          id: newId('dsv'),
          partyId: input.partyId,
          disputeId: input.disputeId,
          kind: input.kind,
          title: input.title,
          documentDigest: input.documentDigest,
          status: 'IN_PROGRESS',
          senderRole: sender.role,
          senderId: sender.senderId,
          senderOrg: sender.senderOrg,
          // About 2^-49 per pair: a clash is left to the unique index rather than checked by a query per service.
          verificationCode: newVerificationCode(),
          servedAt: null,
          publicNoticeAt: null,
          unservedAt: null,
          unservedReason: null,
          createdAt: now,
        };
        await store.insertService(service);
        const addresses = await new IdentityStore(tx).latestServiceAddressesOf([input.partyId]);
        await this.dispatch(store, tx, caller, service, addresses, 0);
        return service.id;
      }),
    );
    return id;
  }

  /**
   * A provider's receipt, recorded by an admin. DELIVERED serves the document; FAILED falls
   * through to the next channel at once, in the same transaction. A receipt for an attempt
   * that is no longer SENT is INVALID_TRANSITION (receipts are not repeated).
   */
  async recordReceipt(caller: Caller, raw: DeliveryReceiptInput): Promise<string> {
    requireRole(caller, 'admin');
    const input = validateReceipt(raw);
    return this.store.transaction(async (store, tx) => {
      const attempt = await store.attempt(input.attemptId);
      if (!attempt) throw notFound('ServiceAttempt', input.attemptId);
      const action = input.status === 'DELIVERED' ? 'deliver' : 'fail';
      const next = attemptLifecycle.next(attempt.status, action);
      const now = new Date();
      const updated = await store.transitionAttempt(attempt.id, attempt.status, {
        status: next,
        receipt: input.receipt ?? attempt.receipt,
        ...(next === 'DELIVERED' ? { deliveredAt: now } : { failedAt: now, failureReason: input.failureReason }),
      });
      if (!updated) {
        const current = await store.attempt(attempt.id);
        throw invalidTransition(`The attempt changed meanwhile and is now ${current?.status}; it cannot ${action}`, current?.status ?? 'UNKNOWN');
      }
      const service = (await store.service(attempt.serviceId))!;
      if (next === 'DELIVERED') {
        await this.markDelivered(store, tx, caller, service, updated);
      } else {
        const tried = await store.attemptsOf([service.id]);
        const addresses = (await new IdentityStore(tx).latestServiceAddressesOf([service.partyId]))
          .filter((a) => !tried.some((t) => t.channel === a.channel && t.address === a.address));
        await this.dispatch(store, tx, caller, service, addresses, Math.max(0, ...tried.map((t) => t.seq)));
      }
      return attempt.id;
    });
  }

  /** The party opens a delivered document: the delivered attempt and the service become READ. Opening again changes nothing. */
  async open(caller: Caller, serviceId: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'party') throw forbidden('Only the party served opens a served document');
    return this.store.transaction(async (store) => {
      const service = await store.service(serviceId);
      if (!service || !isSelf(caller, service.partyId)) throw notFound('DocumentService', serviceId);
      if (service.status === 'READ') return service.id;
      const next = serviceLifecycle.next(service.status, 'open');
      const now = new Date();
      const updated = await store.transitionService(service.id, service.status, { status: next });
      if (!updated) {
        const current = await store.service(service.id);
        if (current?.status === 'READ') return service.id;
        throw invalidTransition(`The service changed meanwhile and is now ${current?.status}; it cannot be opened`, current?.status ?? 'UNKNOWN');
      }
      // A delivered service has exactly one delivered attempt; the compare-and-set above already let only one opener through.
      const delivered = (await store.attemptsOf([service.id])).find((a) => a.status === 'DELIVERED');
      if (delivered) await store.transitionAttempt(delivered.id, delivered.status, { status: attemptLifecycle.next(delivered.status, 'open'), readAt: now });
      return service.id;
    });
  }

  /** Anyone may check a code; an unknown or malformed one answers null and nothing else. */
  async verify(code: string): Promise<ServiceVerification | null> {
    const normalized = normalizeVerificationCode(code);
    if (!normalized) return null;
    const row = await this.store.serviceByCode(normalized);
    if (!row) return null;
    const [party] = await this.identity.partiesByIds([row.partyId]);
    return { sender: row, kind: row.kind, title: row.title, partyName: party ? maskPartyName(party.name) : '*', sentAt: row.createdAt };
  }

  /**
   * Tries the given addresses in channel order, after attempt `lastSeq`: a rejected send is
   * recorded FAILED and the next channel is tried; an accepted one is recorded SENT (or
   * DELIVERED when the provider knows at once) and ends the round. With nothing left to try,
   * a court's service goes to public notice and anyone else's ends UNSERVED.
   */
  private async dispatch(
    store: DocumentServiceStore,
    tx: IdentityDb,
    actor: Caller,
    service: DocumentServiceRow,
    addresses: readonly ServiceAddressRow[],
    lastSeq: number,
  ): Promise<void> {
    const message = serviceMessage({ sender: senderOf(service), kind: service.kind, title: service.title, verificationCode: service.verificationCode });
    let seq = lastSeq;
    for (const channel of channelPlan(addresses)) {
      const address = addresses.find((a) => a.channel === channel)!;
      const attempt: NewServiceAttempt = {
        id: newId('sat'), serviceId: service.id, seq: ++seq, channel, serviceAddressId: address.id, address: address.address, status: 'SENT', sentAt: new Date(),
      };
      const result = await this.courier.send({ attemptId: attempt.id, channel, address: address.address, message });
      if (result.accepted) await this.messages?.record(tx, service.partyId, { channel, address: address.address, message }, attempt.sentAt!);
      if (!result.accepted) {
        await store.insertAttempt({ ...attempt, status: 'FAILED', failureReason: result.reason, failedAt: new Date() });
        continue;
      }
      if (!result.deliveredAt) {
        await store.insertAttempt({ ...attempt, receipt: result.receipt });
        return;
      }
      const delivered = await store.insertAttempt({ ...attempt, status: 'DELIVERED', receipt: result.receipt, deliveredAt: result.deliveredAt });
      await this.markDelivered(store, tx, actor, service, delivered);
      return;
    }
    if (whenNothingIsLeft(senderOf(service).role) === 'UNSERVED') {
      await this.giveUp(store, tx, actor, service);
      return;
    }
    const publicNoticeAt = new Date();
    const servedAt = deemedServedAt(publicNoticeAt);
    await this.move(store, service, 'serveByPublicNotice', { publicNoticeAt, servedAt });
    await appendEvents(tx, outbox, [{
      type: DOCUMENT_SERVED_BY_PUBLIC_NOTICE, aggregateType: 'DocumentService', aggregateId: service.id, disputeId: service.disputeId, actor, at: publicNoticeAt,
      payload: { ...this.eventBody(service), attempts: seq, publicNoticeAt: publicNoticeAt.toISOString(), servedAt: servedAt.toISOString() },
    }]);
  }

  private async markDelivered(store: DocumentServiceStore, tx: IdentityDb, actor: Caller, service: DocumentServiceRow, attempt: ServiceAttemptRow): Promise<void> {
    const servedAt = attempt.deliveredAt!;
    await this.move(store, service, 'deliver', { servedAt });
    await appendEvents(tx, outbox, [{
      type: DOCUMENT_SERVED, aggregateType: 'DocumentService', aggregateId: service.id, disputeId: service.disputeId, actor, at: servedAt,
      payload: { ...this.eventBody(service), channel: attempt.channel, attemptId: attempt.id, receipt: attempt.receipt, servedAt: servedAt.toISOString() },
    }]);
  }

  /** No way left to reach the party, and the sender may not publish a notice: the service ends with the reason and what to do next. */
  private async giveUp(store: DocumentServiceStore, tx: IdentityDb, actor: Caller, service: DocumentServiceRow): Promise<void> {
    const attempts = await store.attemptsOf([service.id]);
    const unservedAt = new Date();
    const reason = unservedReason(attempts);
    await this.move(store, service, 'giveUp', { unservedAt, unservedReason: reason });
    await appendEvents(tx, outbox, [{
      type: DOCUMENT_UNSERVED, aggregateType: 'DocumentService', aggregateId: service.id, disputeId: service.disputeId, actor, at: unservedAt,
      payload: { ...this.eventBody(service), attempts: attempts.length, reason, unservedAt: unservedAt.toISOString() },
    }]);
  }

  /** Lifecycle check, then compare-and-set from the state the caller read: 0 rows means another transaction moved it first. */
  private async move(store: DocumentServiceStore, service: DocumentServiceRow, action: 'deliver' | 'serveByPublicNotice' | 'giveUp', set: Partial<DocumentServiceRow>): Promise<void> {
    const next = serviceLifecycle.next(service.status, action);
    if (!(await store.transitionService(service.id, service.status, { ...set, status: next }))) {
      const now = await store.service(service.id);
      throw invalidTransition(`The service changed meanwhile and is now ${now?.status}`, now?.status ?? 'UNKNOWN');
    }
  }

  /** What consumers need to put the service on a timeline; never an address (personal data stays in identity). */
  private eventBody(service: DocumentServiceRow) {
    return {
      serviceId: service.id, partyId: service.partyId, kind: service.kind, title: service.title, documentDigest: service.documentDigest,
      senderRole: service.senderRole, senderOrg: service.senderOrg, senderId: service.senderId,
    };
  }
}
