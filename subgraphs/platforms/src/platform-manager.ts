import { badInput, createOnce, forbidden, HubError, newId, notFound, requireAuthenticated, type Caller, parseInput } from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { idempotencyKeys } from './db/schema.js';
import type { OrderVisibility, PlatformsStore } from './platforms-store.js';

/** Orders may be recorded a few minutes "ahead" to absorb clock skew between the platform and the hub. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const recordOrderInput = z.object({
  storeId: z.string().trim().min(1, 'storeId is required').max(100),
  orderNumber: z
    .string()
    .trim()
    .min(1, 'orderNumber is required')
    .max(64, 'orderNumber is at most 64 characters')
    .regex(/^[\x21-\x7e]+$/, 'orderNumber must be printable characters without spaces'),
  // The Decimal scalar already guarantees at most two decimals; here only the sign matters.
  amount: z.string().refine((v) => Number(v) > 0, 'amount must be greater than 0'),
  itemSummary: z.string().trim().min(1, 'itemSummary is required').max(500, 'itemSummary is at most 500 characters'),
  placedAt: z.date().refine((d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS, 'placedAt cannot be in the future'),
  buyerId: z.string().trim().min(1, 'buyerId is required').max(100),
});
export type RecordOrderInput = z.input<typeof recordOrderInput>;

/** What the platforms subgraph decides: who may read orders, and who may record them. */
export class PlatformManager {
  constructor(private readonly store: PlatformsStore) {}

  /**
   * Platforms and stores are public reference data. Orders: admins and courts see all;
   * a platform its own stores' orders; a party the orders it bought or sold; mediation
   * organisations, mediators and arbitrators may read orders because they handle the
   * disputes about them; anonymous callers see none.
   */
  orderVisibilityFor(caller: Caller): OrderVisibility {
    switch (caller.role) {
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      case 'platform':
        return caller.org ? { platformId: caller.org } : { none: true };
      case 'mediation_org':
      case 'mediator':
      case 'arbitrator':
      case 'court':
      case 'admin':
        return {};
      default:
        return { none: true };
    }
  }

  /** Records an order once per idempotency key; returns its id. */
  async recordOrder(caller: Caller, rawInput: RecordOrderInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    if (caller.role !== 'platform' && caller.role !== 'admin') throw forbidden('Orders are recorded by their platform');
    if (caller.role === 'platform' && !caller.org) throw forbidden('This platform account is not linked to a platform');
    const input = parseInput(recordOrderInput, rawInput);

    const { id } = await this.store.transaction(async (store, tx) => {
      const [shop] = await store.storesByIds([input.storeId]);
      if (!shop) throw notFound('Store', input.storeId);
      if (caller.role === 'platform' && shop.platformId !== caller.org) {
        throw forbidden('A platform records orders only for its own stores');
      }
      return createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'recordOrder', input: rawInput }, async () => {
        if (await store.orderByNumber(shop.id, input.orderNumber)) {
          throw new HubError('CONFLICT', `Order number ${input.orderNumber} is already recorded for this store`, { field: 'orderNumber' });
        }
        const id = newId('ord');
        await store.insertOrders([
          {
            id,
            storeId: shop.id,
            orderNumber: input.orderNumber,
            amount: input.amount,
            currency: 'CNY',
            itemSummary: input.itemSummary,
            buyerId: input.buyerId,
            placedAt: input.placedAt,
            recordedAt: new Date(),
          },
        ]);
        return id;
      });
    });
    return id;
  }
}
