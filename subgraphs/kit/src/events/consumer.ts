import { eq, sql } from 'drizzle-orm';
import { text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../db/database.js';
import { HubError } from '../errors.js';
import type { Logger } from '../logger.js';
import { comparePositions, decodePosition, type FeedEvent } from './feed.js';

/**
 * How far a subgraph has consumed each other subgraph's events. The position moves in the
 * same transaction as the handler's writes, so an event's effect is committed exactly once:
 * a redelivery (a retry, a second relay) finds the position already past it and does nothing.
 */
export function eventCursorsTable(schema: PgSchema) {
  return schema.table('event_cursors', {
    source: text('source').primaryKey(),
    position: text('position').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  });
}
export type EventCursorsTable = ReturnType<typeof eventCursorsTable>;

/**
 * Handles one event inside the consumer's transaction, with the subgraph's services built on
 * that transaction. Throwing a HubError (an expected refusal) keeps the event consumed and
 * rolls back only the handler's writes; anything else rolls back the delivery, to be retried.
 */
export type EventHandler<TServices> = (event: FeedEvent, services: TServices) => Promise<void>;

export interface EventSubscription<TServices> {
  source: string;
  handlers: Record<string, EventHandler<TServices>>;
}

export interface DeliveryResult {
  applied: number;
  skipped: number;
  position: string | null;
  /** Set when an event could not be handled; delivery stopped before it. */
  failed?: { cursor: string; type: string };
}

export class UnknownSource extends Error {
  constructor(source: string) {
    super(`this subgraph consumes nothing from ${source}`);
  }
}

export class EventConsumer<TServices> {
  constructor(
    private readonly db: HubDatabase<any>,
    private readonly cursors: EventCursorsTable,
    private readonly subscriptions: readonly EventSubscription<TServices>[],
    private readonly servicesOn: (tx: HubDatabase<any>) => TServices,
    private readonly log: Logger,
  ) {}

  /** What this subgraph listens to, and from where to continue. */
  async plan(): Promise<{ source: string; types: string[]; after: string | null }[]> {
    const rows = await this.db.select().from(this.cursors);
    const at = new Map(rows.map((r) => [r.source, r.position]));
    return this.subscriptions.map((s) => ({ source: s.source, types: Object.keys(s.handlers), after: at.get(s.source) ?? null }));
  }

  /** Applies events of one source in order, each in its own transaction, stopping at the first failure. */
  async deliver(source: string, events: readonly FeedEvent[]): Promise<DeliveryResult> {
    const subscription = this.subscriptions.find((s) => s.source === source);
    if (!subscription) throw new UnknownSource(source);
    const result: DeliveryResult = { applied: 0, skipped: 0, position: null };
    for (const event of events) {
      try {
        const applied = await this.applyOne(subscription, event);
        if (applied) result.applied += 1;
        else result.skipped += 1;
        result.position = event.cursor;
      } catch (err) {
        this.log.error({ err, source, cursor: event.cursor, type: event.type }, 'event handler failed; will retry');
        result.failed = { cursor: event.cursor, type: event.type };
        break;
      }
    }
    return result;
  }

  private async applyOne(subscription: EventSubscription<TServices>, event: FeedEvent): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as HubDatabase<any>;
      await db.insert(this.cursors).values({ source: subscription.source, position: '0.0' }).onConflictDoNothing();
      // The row lock serialises concurrent deliveries of the same source.
      const [row] = await db.select().from(this.cursors).where(eq(this.cursors.source, subscription.source)).for('update');
      if (row && comparePositions(decodePosition(event.cursor), decodePosition(row.position)) <= 0) return false;
      const handler = subscription.handlers[event.type];
      if (handler) {
        try {
          // A savepoint: an expected refusal undoes the handler's writes but not the consumption.
          await db.transaction((inner) => handler(event, this.servicesOn(inner as unknown as HubDatabase<any>)));
        } catch (err) {
          if (!(err instanceof HubError)) throw err;
          this.log.warn({ source: subscription.source, cursor: event.cursor, type: event.type, code: err.code, reason: err.message }, 'event refused by its handler');
        }
      }
      await db.update(this.cursors).set({ position: event.cursor, updatedAt: sql`now()` }).where(eq(this.cursors.source, subscription.source));
      return true;
    });
  }
}
