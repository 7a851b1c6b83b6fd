import {
  appendEvents,
  badInput,
  createOnce,
  defineLifecycle,
  forbidden,
  HubError,
  invalidTransition,
  newId,
  notFound,
  parseInput,
  requireAuthenticated,
  type Caller,
  TRACK_CASE_CLOSED,
  type DisputeLeftTrackPayload,
  type DisputeRoutedPayload,
  type DomainEvent,
  type TrackCaseClosedPayload,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { idempotencyKeys, outbox, type LedgerEntryRow, type NegotiationRow, type NegotiationStatus } from './db/schema.js';
import type { OrderContext, PlatformsDb, PlatformsStore } from './platforms-store.js';

/**
 * Track 1, negotiation on the platform. The merchant answers first; where it refuses, a
 * platform that offers consumer compensation may hold the merchant's funds and pay the
 * consumer directly — the "consumer compensation" rules upheld in Fuzhou Jiunong v.
 * Shanghai Xunmeng (Changning District People's Court, Shanghai, 31 May 2018; SPC white
 * paper "Chinese Courts and Internet Judiciary", 2019, appendix case 1). Anything the
 * platform cannot settle goes to mediation with the same dispute (escalation).
 */
export const negotiationLifecycle = defineLifecycle<NegotiationStatus, 'accept' | 'refuse' | 'withhold' | 'pay' | 'escalate' | 'leaveTrack'>('negotiation', {
  accept: { from: ['OPEN'], to: 'AGREED' },
  refuse: { from: ['OPEN'], to: 'MERCHANT_REFUSED' },
  // In Jiunong the platform may freeze the merchant's account straight away; it pays only from what it holds.
  withhold: { from: ['OPEN', 'MERCHANT_REFUSED'], to: 'FUNDS_WITHHELD' },
  pay: { from: ['FUNDS_WITHHELD'], to: 'RESOLVED' },
  escalate: { from: ['OPEN', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD'], to: 'ESCALATED' },
  // The dispute was routed to another track (DisputeLeftTrack): an offer the merchant agreed to lapses with the rest.
  leaveTrack: { from: ['OPEN', 'AGREED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD'], to: 'ESCALATED' },
});
export type NegotiationAction = keyof typeof negotiationLifecycle.actions;

const AGGREGATE = 'PlatformNegotiation';

// --- money: numeric(15,2) strings, compared as integer fen so no float ever decides ---

const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
export function toFen(amount: string): bigint {
  if (!MONEY.test(amount)) throw badInput(`${amount} is not an amount in yuan with at most two decimals`, { rule: 'INPUT_SHAPE' });
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
}
export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
const positiveAmount = (field: string) =>
  z.string().regex(MONEY, `${field} must be an amount in yuan with at most two decimals`).refine((v) => toFen(v) > 0n, `${field} must be greater than 0`);

const id = z.string().trim().min(1, 'id is required').max(100);

const openNegotiationInput = z.object({
  disputeId: id,
  orderId: id,
  claimantId: id,
  respondentId: id,
  requestedAmount: positiveAmount('requestedAmount'),
  reason: z.string().trim().min(1, 'reason is required').max(2000, 'reason is at most 2000 characters'),
});
export type OpenNegotiationInput = z.input<typeof openNegotiationInput>;

const respondInput = z
  .object({
    accept: z.boolean(),
    offerAmount: positiveAmount('offerAmount').nullish(),
    message: z.string().trim().min(1, 'message is required').max(2000, 'message is at most 2000 characters'),
  })
  .refine((v) => v.accept || v.offerAmount == null, { message: 'A refusal carries no offerAmount', path: ['offerAmount'] });
export type RespondInput = z.input<typeof respondInput>;

const withholdInput = z.object({ amount: positiveAmount('amount') });
const escalateInput = z.object({ reason: z.string().trim().min(1, 'reason is required').max(2000, 'reason is at most 2000 characters') });

type Ctx = OrderContext & { negotiation: NegotiationRow };

const isPlatformOf = (caller: Caller, c: OrderContext) => caller.role === 'platform' && !!caller.org && caller.org === c.platform.id;
const isMerchantOf = (caller: Caller, c: OrderContext) => caller.role === 'party' && !!caller.sub && caller.sub === c.store.merchantId;
const isBuyerOf = (caller: Caller, c: OrderContext) => caller.role === 'party' && !!caller.sub && caller.sub === c.order.buyerId;

const merchantAccount = (c: OrderContext) => `merchant:${c.store.merchantId}`;
const escrowAccount = (c: OrderContext) => `platform-escrow:${c.platform.id}`;
const consumerAccount = (c: OrderContext) => `consumer:${c.order.buyerId}`;

/** Held = withheld − paid − released, from the ledger. */
export function heldFen(entries: Pick<LedgerEntryRow, 'kind' | 'amount'>[]): bigint {
  return entries.reduce((sum, e) => (e.kind === 'MERCHANT_FUNDS_WITHHELD' ? sum + toFen(e.amount) : sum - toFen(e.amount)), 0n);
}

/** What the platforms subgraph decides about negotiations: who may move them, and how. */
export class NegotiationManager {
  constructor(private readonly store: PlatformsStore) {}

  /**
   * Opens a negotiation once per idempotency key: by the platform running the order's store,
   * an admin, or the order's buyer. The claimant must be the buyer and the respondent the
   * store's merchant, so the merchant and buyer guards that follow hold for the whole life.
   */
  async open(caller: Caller, rawInput: OpenNegotiationInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'platform' && caller.role !== 'admin' && caller.role !== 'party') {
      throw forbidden('A negotiation is opened by the order\'s platform, its buyer, or an admin');
    }
    const input = parseInput(openNegotiationInput, rawInput);

    const { id } = await this.store.transaction(async (store, tx) => {
      const c = await store.orderContext(input.orderId);
      if (!c) throw notFound('Order', input.orderId);
      if (caller.role === 'platform' && !isPlatformOf(caller, c)) throw forbidden('A platform opens negotiations only for its own stores\' orders');
      if (caller.role === 'party' && !isBuyerOf(caller, c)) throw forbidden('A party opens a negotiation only for an order it bought');
      NegotiationManager.requireOrderParties(c, input);
      return createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'openNegotiation', input: rawInput }, async () => {
        return this.insertNegotiation(store, tx, c, input, caller);
      });
    });
    return id;
  }

  /**
   * The dispute was routed to negotiation through the hub (the route was authorised there):
   * open it for the order the dispute came from, asking for the claim, or the order amount
   * when the dispute names none. A HubError here becomes RouteRefused for the dispute.
   */
  async openRouted(route: DisputeRoutedPayload, disputeId: string | null, actor: Caller): Promise<void> {
    if (!disputeId) throw badInput('The route names no dispute', { rule: 'DISPUTE_REQUIRED' });
    // A savepoint, so a refusal leaves nothing of the attempt behind.
    await this.store.transaction(async (store, tx) => {
      if (!route.originOrderId) throw badInput('Only a dispute filed from a platform order can be negotiated on the platform', { rule: 'ORDER_REQUIRED' });
      const c = await store.orderContext(route.originOrderId);
      if (!c) throw notFound('Order', route.originOrderId);
      const input = parseInput(openNegotiationInput, {
        disputeId, orderId: c.order.id, claimantId: route.claimantId, respondentId: route.respondentId,
        requestedAmount: route.claimAmount && toFen(route.claimAmount) > 0n ? route.claimAmount : c.order.amount,
        reason: route.reason ?? route.title,
      });
      NegotiationManager.requireOrderParties(c, input);
      await this.insertNegotiation(store, tx, c, input, actor, route.routeId);
    });
  }

  /** Appends an event in a transaction of its own (a savepoint inside an event delivery). */
  async publish(event: DomainEvent): Promise<void> {
    await this.store.transaction((_, tx) => appendEvents(tx, outbox, [event]));
  }

  /** The claimant is the order's buyer and the respondent its store's merchant, so the guards that follow hold for the whole life. */
  private static requireOrderParties(c: OrderContext, input: { claimantId: string; respondentId: string }): void {
    if (input.claimantId !== c.order.buyerId) {
      throw badInput('The claimant of a platform negotiation is the buyer of the order', { field: 'claimantId', rule: 'CLAIMANT_NOT_BUYER' });
    }
    if (input.respondentId !== c.store.merchantId) {
      throw badInput('The respondent of a platform negotiation is the merchant of the order\'s store', { field: 'respondentId', rule: 'RESPONDENT_NOT_MERCHANT' });
    }
  }

  private async insertNegotiation(store: PlatformsStore, tx: PlatformsDb, c: OrderContext, input: z.output<typeof openNegotiationInput>, caller: Caller, routeId?: string): Promise<string> {
    const existing = await store.negotiationIdForDispute(input.disputeId);
    if (existing) throw new HubError('CONFLICT', `Dispute ${input.disputeId} already has a negotiation on the platform`, { field: 'disputeId', negotiationId: existing });
    const nid = newId('neg');
    const now = new Date();
    await store.insertNegotiation({
      id: nid,
      disputeId: input.disputeId,
      orderId: c.order.id,
      claimantId: input.claimantId,
      respondentId: input.respondentId,
      requestedAmount: input.requestedAmount,
      reason: input.reason,
      status: 'OPEN',
      openedByRole: caller.role,
      openedById: caller.sub,
      openedAt: now,
      updatedAt: now,
    });
    await store.insertNegotiationEvents([{ id: newId('nev'), negotiationId: nid, kind: 'OPENED', actorRole: caller.role, actorId: caller.sub, note: input.reason, occurredAt: now }]);
    await appendEvents(tx, outbox, [
      event('NegotiationOpened', nid, input.disputeId, caller, now, {
        ...(routeId ? { routeId } : {}),
        orderId: c.order.id,
        platformId: c.platform.id,
        claimantId: input.claimantId,
        respondentId: input.respondentId,
        requestedAmount: input.requestedAmount,
      }),
    ]);
    return nid;
  }

  /** The store's merchant accepts (paying `offerAmount`, by default what was requested) or refuses. */
  async respond(caller: Caller, negotiationId: string, raw: RespondInput): Promise<void> {
    requireAuthenticated(caller);
    const input = parseInput(respondInput, raw);
    await this.transition(caller, negotiationId, input.accept ? 'accept' : 'refuse', async (c, store, tx, now) => {
      if (!isMerchantOf(caller, c)) throw forbidden('Only the merchant of the order\'s store answers a negotiation');
      let amount: string | null = null;
      if (input.accept) {
        amount = input.offerAmount ?? c.negotiation.requestedAmount;
        if (toFen(amount) > toFen(c.negotiation.requestedAmount)) {
          throw badInput(`The offer (${amount}) is more than the consumer asked for (${c.negotiation.requestedAmount})`, { field: 'offerAmount', rule: 'OFFER_EXCEEDS_REQUEST' });
        }
      }
      return async () => {
        await store.insertOffer({ id: newId('nof'), negotiationId, accepted: input.accept, amount, message: input.message, actorRole: caller.role, actorId: caller.sub, createdAt: now });
        await store.insertNegotiationEvents([
          { id: newId('nev'), negotiationId, kind: input.accept ? 'MERCHANT_ACCEPTED' : 'MERCHANT_REFUSED', actorRole: caller.role, actorId: caller.sub, note: input.message, occurredAt: now },
        ]);
        await appendEvents(tx, outbox, [
          event('MerchantResponded', negotiationId, c.negotiation.disputeId, caller, now, { accepted: input.accept, offerAmount: amount, status: input.accept ? 'AGREED' : 'MERCHANT_REFUSED' }),
        ]);
      };
    });
  }

  /** Consumer compensation, step 1: the platform holds up to the order amount of the merchant's funds. */
  async withhold(caller: Caller, negotiationId: string, raw: { amount: string }): Promise<void> {
    requireAuthenticated(caller);
    const input = parseInput(withholdInput, raw);
    await this.transition(caller, negotiationId, 'withhold', async (c, store, tx, now) => {
      if (!isPlatformOf(caller, c)) throw forbidden('Only the platform of the order\'s store withholds merchant funds');
      requireConsumerCompensation(c);
      if (toFen(input.amount) > toFen(c.order.amount)) {
        throw badInput(`Consumer compensation (${input.amount}) cannot exceed the order amount (${c.order.amount})`, { field: 'amount', rule: 'EXCEEDS_ORDER_AMOUNT' });
      }
      return async () => {
        await store.insertLedgerEntries([
          { id: newId('nle'), negotiationId, kind: 'MERCHANT_FUNDS_WITHHELD', amount: input.amount, fromAccount: merchantAccount(c), toAccount: escrowAccount(c), actorRole: caller.role, actorId: caller.sub, createdAt: now },
        ]);
        await store.insertNegotiationEvents([{ id: newId('nev'), negotiationId, kind: 'FUNDS_WITHHELD', actorRole: caller.role, actorId: caller.sub, note: `Held ${input.amount} of the merchant's funds`, occurredAt: now }]);
        await appendEvents(tx, outbox, [
          event('MerchantFundsWithheld', negotiationId, c.negotiation.disputeId, caller, now, { amount: input.amount, merchantId: c.store.merchantId, platformId: c.platform.id }),
        ]);
      };
    });
  }

  /** Consumer compensation, step 2: the platform pays the consumer everything it holds — never more. */
  async pay(caller: Caller, negotiationId: string): Promise<void> {
    requireAuthenticated(caller);
    await this.transition(caller, negotiationId, 'pay', async (c, store, tx, now) => {
      if (!isPlatformOf(caller, c)) throw forbidden('Only the platform of the order\'s store pays consumer compensation');
      requireConsumerCompensation(c);
      return async () => {
        // Read after the compare-and-set: only this transaction can be paying now.
        const held = heldFen(await store.ledgerOf([negotiationId]));
        if (held <= 0n) throw new HubError('CONFLICT', 'There are no withheld funds to pay the consumer from');
        const amount = fromFen(held);
        await store.insertLedgerEntries([
          { id: newId('nle'), negotiationId, kind: 'PAID_TO_CONSUMER', amount, fromAccount: escrowAccount(c), toAccount: consumerAccount(c), actorRole: caller.role, actorId: caller.sub, createdAt: now },
        ]);
        await store.insertNegotiationEvents([{ id: newId('nev'), negotiationId, kind: 'CONSUMER_COMPENSATED', actorRole: caller.role, actorId: caller.sub, note: `Paid ${amount} to the consumer from the withheld funds`, occurredAt: now }]);
        await appendEvents(tx, outbox, [
          event('ConsumerCompensated', negotiationId, c.negotiation.disputeId, caller, now, { amount, consumerId: c.order.buyerId, merchantId: c.store.merchantId, disputeOutcome: 'RESOLVED' }),
        ]);
      };
    });
  }

  /**
   * Moves the dispute to mediation: the platform declines, or the consumer or merchant does
   * not accept the platform's decision. The merchant must answer first, so it cannot
   * escalate an OPEN negotiation. Funds still held go back to the merchant.
   */
  async escalate(caller: Caller, negotiationId: string, raw: { reason: string }): Promise<void> {
    requireAuthenticated(caller);
    const input = parseInput(escalateInput, raw);
    await this.transition(caller, negotiationId, 'escalate', async (c, store, tx, now) => {
      const merchant = isMerchantOf(caller, c);
      if (!(caller.role === 'admin' || isPlatformOf(caller, c) || isBuyerOf(caller, c) || merchant)) {
        throw forbidden('A negotiation is escalated by its platform, its parties or an admin');
      }
      if (merchant && c.negotiation.status === 'OPEN') {
        throw invalidTransition('The merchant answers the negotiation before it can escalate it', c.negotiation.status);
      }
      const from = c.negotiation.status;
      return async () => {
        const held = heldFen(await store.ledgerOf([negotiationId]));
        if (held > 0n) {
          await store.insertLedgerEntries([
            { id: newId('nle'), negotiationId, kind: 'WITHHELD_FUNDS_RELEASED', amount: fromFen(held), fromAccount: escrowAccount(c), toAccount: merchantAccount(c), actorRole: caller.role, actorId: caller.sub, createdAt: now },
          ]);
        }
        await store.insertNegotiationEvents([{ id: newId('nev'), negotiationId, kind: 'ESCALATED', actorRole: caller.role, actorId: caller.sub, note: input.reason, occurredAt: now }]);
        await appendEvents(tx, outbox, [
          event('NegotiationEscalated', negotiationId, c.negotiation.disputeId, caller, now, {
            toTrack: 'MEDIATION',
            reason: input.reason,
            fromStatus: from,
            releasedAmount: held > 0n ? fromFen(held) : null,
          }),
        ]);
      };
    });
  }

  /**
   * The dispute left the platform for another track (disputes' DisputeLeftTrack): a negotiation
   * still open ends as ESCALATED with the reason, funds still held go back to the merchant as on
   * escalation, and TrackCaseClosed tells the dispute's timeline. Nothing open (escalated
   * already, or a second delivery): nothing to do.
   */
  async endOnLeaving(left: DisputeLeftTrackPayload, disputeId: string, actor: Caller): Promise<void> {
    const negotiationId = await this.store.negotiationIdForDispute(disputeId);
    const current = negotiationId ? await this.store.negotiationStatus(negotiationId) : undefined;
    if (!negotiationId || !current || !negotiationLifecycle.allowed(current).includes('leaveTrack')) return;
    await this.transition(actor, negotiationId, 'leaveTrack', async (c, store, tx, now) => async () => {
      const held = heldFen(await store.ledgerOf([negotiationId]));
      if (held > 0n) {
        await store.insertLedgerEntries([
          { id: newId('nle'), negotiationId, kind: 'WITHHELD_FUNDS_RELEASED', amount: fromFen(held), fromAccount: escrowAccount(c), toAccount: merchantAccount(c), actorRole: actor.role, actorId: actor.sub, createdAt: now },
        ]);
      }
      await store.insertNegotiationEvents([{ id: newId('nev'), negotiationId, kind: 'ESCALATED', actorRole: actor.role, actorId: actor.sub, note: `Ended: ${left.reason}`, occurredAt: now }]);
      const payload: TrackCaseClosedPayload = { track: 'NEGOTIATION', caseId: negotiationId, fromStatus: c.negotiation.status, reason: left.reason, routeId: left.routeId };
      await appendEvents(tx, outbox, [event(TRACK_CASE_CLOSED, negotiationId, disputeId, actor, now, { ...payload, releasedAmount: held > 0n ? fromFen(held) : null })]);
    });
  }

  /**
   * One guarded transition in one transaction: load, `check` (roles, rules; returns the
   * writes), lifecycle, compare-and-set on the status, then the writes. A concurrent
   * transition that committed first leaves 0 rows to update: INVALID_TRANSITION with the
   * state it left.
   */
  private async transition(
    caller: Caller,
    negotiationId: string,
    action: NegotiationAction,
    check: (c: Ctx, store: PlatformsStore, tx: PlatformsDb, now: Date) => Promise<() => Promise<void>>,
  ): Promise<void> {
    await this.store.transaction(async (store, tx) => {
      const c = await store.negotiationContext(negotiationId);
      if (!c) throw notFound('PlatformNegotiation', negotiationId);
      const now = new Date();
      const write = await check(c, store, tx, now);
      const to = negotiationLifecycle.next(c.negotiation.status, action);
      const moved = await store.compareAndSetStatus(negotiationId, c.negotiation.status, to);
      if (!moved) {
        const current = (await store.negotiationStatus(negotiationId)) ?? c.negotiation.status;
        throw invalidTransition(`The negotiation changed to ${current} while this ${action} was being made; reload it`, current);
      }
      await write();
    });
  }
}

function requireConsumerCompensation(c: OrderContext): void {
  if (!c.platform.offersConsumerCompensation) {
    throw badInput(`${c.platform.name} does not offer consumer compensation; escalate the negotiation instead`, { rule: 'NO_CONSUMER_COMPENSATION' });
  }
}

function event(type: string, negotiationId: string, disputeId: string, actor: Caller, at: Date, payload: Record<string, unknown>): DomainEvent {
  return { type, aggregateType: AGGREGATE, aggregateId: negotiationId, disputeId, actor, at, payload: { disputeId, negotiationId, ...payload } };
}
