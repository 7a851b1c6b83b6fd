import { getTableConfig } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/faults.js';
import type { OutboxTable } from '../db/outbox.js';
import { badInput, HubError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  comparePositions, decodePosition, encodePosition, hasHeldBackEvents, matchesFeed, readFeed, readFeedHead,
  type FeedEvent, type FeedMatch, type FeedPosition,
} from './feed.js';

export type FeedItem =
  | { kind: 'event'; cursor: string; event: FeedEvent }
  | { kind: 'resync'; cursor: string; occurredAt: string; replayLimit: number; reason: string };

export interface LiveFeed {
  /**
   * Replays matching events after `after` (a HubError BAD_USER_INPUT with field 'after' when it
   * is not a cursor), then delivers live ones. When more than replayLimit matching events
   * follow `after`, the first item is a resync whose cursor is the current head, and the feed
   * goes on live from there. No `after`: live from the current head. Ends when return() is
   * called on the iterator or the subgraph stops.
   */
  subscribe(match: FeedMatch, after?: string | null): AsyncIterableIterator<FeedItem>;
  /**
   * One read for every subscriber of an item: hundreds of subscriptions of one organisation
   * resolve the same event at the same moment, and would otherwise each read the same rows.
   * `key` must name everything the read depends on besides the item (e.g. the caller's
   * visibility); the result is kept only while that burst lasts.
   */
  shared<T>(item: FeedItem, key: string, read: () => Promise<T>): Promise<T>;
}

/** Long enough for one item's burst to every subscriber, short enough never to serve a later state. */
const SHARED_READ_TTL_MS = 2_000;

export function sharedReads() {
  const entries = new Map<string, Promise<unknown>>();
  return <T>(item: FeedItem, key: string, read: () => Promise<T>): Promise<T> => {
    const id = `${item.cursor}\u0000${key}`;
    let hit = entries.get(id) as Promise<T> | undefined;
    if (!hit) {
      hit = read();
      entries.set(id, hit);
      // A failed read is not shared: the next subscriber tries again.
      hit.catch(() => entries.delete(id));
      setTimeout(() => entries.delete(id), SHARED_READ_TTL_MS).unref();
    }
    return hit;
  };
}

/** The channel the outbox trigger of each subgraph's migrations notifies on commit. */
export const outboxChannel = (schema: string): string => `fengqiao_outbox_${schema}`;

export interface LiveFeedOptions {
  /** The subgraph: the `source` of its events. */
  source: string;
  db: HubDatabase<any>;
  outbox: OutboxTable;
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  log: Logger;
  /** Most events replayed to one subscriber; beyond it a resync item is sent instead. */
  replayLimit?: number;
  /** A read of the outbox this often while anyone listens, in case a notification was lost. */
  pollMs?: number;
  /** A subscriber further behind than this is ended rather than held in memory. */
  maxBehind?: number;
  pageSize?: number;
}

export const LIVE_FEED_DEFAULTS = { replayLimit: 1000, pollMs: 2000, maxBehind: 10_000, pageSize: 500 } as const;

/** For subgraphs without an outbox: a Subscription field there is a programming error. */
export function unavailableFeed(source: string): LiveFeed {
  return {
    subscribe() {
      throw new Error(`subgraph ${source} has no outbox to subscribe to`);
    },
    shared: (_item, _key, read) => read(),
  };
}

interface Positioned {
  item: FeedItem;
  position: FeedPosition;
}

/**
 * One subscription's iterator. It gets the shared tail's items from the moment it is
 * created, holding them aside until its own replay is done; every item it emits is after
 * the previous one, which is what drops the overlap between replay and tail.
 */
class Subscriber implements AsyncIterableIterator<FeedItem> {
  live = false;
  private held: Positioned[] = [];
  private queue: FeedItem[] = [];
  private last: FeedPosition | undefined;
  private delivered: string | null;
  private waiter: { resolve(r: IteratorResult<FeedItem>): void; reject(err: unknown): void } | undefined;
  private failure: unknown;
  ended = false;

  constructor(
    readonly match: FeedMatch,
    after: string | null,
    private readonly maxQueue: number,
    private readonly onEnd: (s: Subscriber) => void,
  ) {
    this.delivered = after;
  }

  /** An item from the shared tail. */
  offer(entry: Positioned): void {
    if (this.ended) return;
    if (!this.live) {
      this.held.push(entry);
      if (this.held.length > this.maxQueue) this.fellBehind();
      return;
    }
    this.emit(entry);
  }

  emit({ item, position }: Positioned): void {
    if (this.ended || (this.last && comparePositions(position, this.last) <= 0)) return;
    this.last = position;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      this.delivered = item.cursor;
      resolve({ value: item, done: false });
      return;
    }
    this.queue.push(item);
    if (this.queue.length > this.maxQueue) this.fellBehind();
  }

  /** Replay is done up to `position`: from here on only what the tail brings. */
  goLive(position: FeedPosition): void {
    if (this.ended) return;
    if (!this.last || comparePositions(position, this.last) > 0) this.last = position;
    this.live = true;
    const held = this.held;
    this.held = [];
    for (const entry of held) this.emit(entry);
  }

  fail(err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.held = [];
    if (this.waiter) {
      this.waiter.reject(err);
      this.waiter = undefined;
    } else {
      this.failure = err;
    }
    this.onEnd(this);
  }

  private fellBehind(): void {
    this.fail(new HubError('CONFLICT', 'The subscription fell too far behind its events and was ended; subscribe again with `after` to resume', {
      after: this.delivered,
    }));
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.held = [];
    this.waiter?.resolve({ value: undefined, done: true });
    this.waiter = undefined;
    this.onEnd(this);
  }

  next(): Promise<IteratorResult<FeedItem>> {
    const item = this.queue.shift();
    if (item) {
      this.delivered = item.cursor;
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure !== undefined) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<FeedItem>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<FeedItem>> {
    this.end();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FeedItem> {
    return this;
  }
}

/**
 * The live feed of one subgraph process. A single tail follows the outbox for every
 * subscriber: woken by the outbox trigger's NOTIFY (any process's commit) and by a slow
 * poll, it reads forward from its head once per burst and hands each event to the
 * subscribers it matches. Replays, which differ per subscriber, read with the match in SQL.
 */
export class OutboxLiveFeed implements LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly settings: Required<Pick<LiveFeedOptions, 'replayLimit' | 'pollMs' | 'maxBehind' | 'pageSize'>>;
  private readonly channel: string;
  /** Where the tail has read to; undefined while nobody listens, so it restarts at the head. */
  private head: FeedPosition | undefined;
  private starting: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private busy = false;
  private again = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private retryMs = 0;
  /** Subscriptions that have finished replay and gone live since start; tests wait on it. */
  joined = 0;

  constructor(private readonly options: LiveFeedOptions) {
    this.settings = {
      replayLimit: options.replayLimit ?? LIVE_FEED_DEFAULTS.replayLimit,
      pollMs: options.pollMs ?? LIVE_FEED_DEFAULTS.pollMs,
      maxBehind: options.maxBehind ?? LIVE_FEED_DEFAULTS.maxBehind,
      pageSize: options.pageSize ?? LIVE_FEED_DEFAULTS.pageSize,
    };
    this.channel = outboxChannel(getTableConfig(options.outbox).schema ?? options.source);
  }

  get size(): number {
    return this.subscribers.size;
  }

  readonly shared = sharedReads();

  subscribe(match: FeedMatch, after?: string | null): AsyncIterableIterator<FeedItem> {
    let from: FeedPosition | undefined;
    if (after !== undefined && after !== null) {
      try {
        from = decodePosition(after);
      } catch {
        throw badInput('`after` is not an event cursor', { field: 'after' });
      }
    }
    const subscriber = new Subscriber(match, after ?? null, this.settings.maxBehind + this.settings.replayLimit, (s) => this.leave(s));
    if (this.closed) {
      subscriber.end();
      return subscriber;
    }
    // Joining the tail before the replay reads is what leaves no gap between the two.
    this.subscribers.add(subscriber);
    this.join(subscriber, from).catch((err) => {
      // The gateway resubscribes from its last cursor when the database is back; only a bug is an error.
      if (isDatabaseUnavailable(err)) this.options.log.warn('live feed replay failed: the database is unavailable');
      else this.options.log.error({ err }, 'live feed replay failed');
      subscriber.fail(err);
    });
    return subscriber;
  }

  private async join(subscriber: Subscriber, after: FeedPosition | undefined): Promise<void> {
    await this.startTail();
    const { db, outbox, source } = this.options;
    if (!after) {
      const head = await readFeedHead(db, outbox);
      return this.goLive(subscriber, head);
    }
    const { replayLimit, pageSize } = this.settings;
    const missed: FeedEvent[] = [];
    let cursor = encodePosition(after);
    for (;;) {
      if (subscriber.ended) return;
      const limit = Math.min(pageSize, replayLimit + 1 - missed.length);
      const page = await readFeed(db, outbox, source, { after: cursor, match: subscriber.match, limit });
      missed.push(...page);
      if (missed.length > replayLimit) {
        const head = await readFeedHead(db, outbox);
        subscriber.emit({
          item: {
            kind: 'resync', cursor: encodePosition(head), occurredAt: new Date().toISOString(), replayLimit,
            reason: `More than ${replayLimit} events followed the cursor; continuing from the current head`,
          },
          position: head,
        });
        return this.goLive(subscriber, head);
      }
      if (page.length < limit) break;
      cursor = page[page.length - 1]!.cursor;
    }
    for (const event of missed) subscriber.emit({ item: { kind: 'event', cursor: event.cursor, event }, position: decodePosition(event.cursor) });
    this.goLive(subscriber, after);
  }

  private goLive(subscriber: Subscriber, position: FeedPosition): void {
    if (subscriber.ended) return;
    subscriber.goLive(position);
    this.joined += 1;
  }

  private leave(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size) return;
    clearInterval(this.poll);
    this.poll = undefined;
    this.head = undefined;
  }

  /** Starts the tail at the current head when it is not running. */
  private async startTail(): Promise<void> {
    if (!this.poll) {
      this.poll = setInterval(() => this.wake(), this.settings.pollMs);
      this.poll.unref();
    }
    if (this.head) return;
    this.starting ??= (async () => {
      try {
        // Listening stays on across idle spells: it costs nothing while nobody subscribes.
        if (!this.unlisten) {
          this.unlisten = await this.options.listen(this.channel, () => this.wake()).catch((err) => {
            this.options.log.warn({ err }, 'cannot LISTEN for outbox commits; live events arrive by polling only');
            return undefined;
          });
        }
        this.head ??= await readFeedHead(this.options.db, this.options.outbox);
      } finally {
        this.starting = undefined;
      }
      // A commit whose notification came while the head was being read is not behind it.
      this.wake();
    })();
    await this.starting;
  }

  /** Notifications arriving while a read runs fold into one more read after it. */
  private wake(): void {
    if (this.closed || !this.head || !this.subscribers.size) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.reading = this.drain();
  }

  private async drain(): Promise<void> {
    const { db, outbox, source, log } = this.options;
    const { pageSize } = this.settings;
    try {
      do {
        this.again = false;
        for (;;) {
          const from = this.head;
          if (!from || !this.subscribers.size || this.closed) return;
          const events = await readFeed(db, outbox, source, { after: encodePosition(from), limit: pageSize });
          // Everyone left (and maybe someone new came) while reading: the tail restarted elsewhere.
          if (this.head !== from) return;
          for (const event of events) {
            const position = decodePosition(event.cursor);
            this.head = position;
            const entry: Positioned = { item: { kind: 'event', cursor: event.cursor, event }, position };
            for (const subscriber of this.subscribers) if (matchesFeed(subscriber.match, event)) subscriber.offer(entry);
          }
          if (events.length < pageSize) break;
        }
        if (!this.again && this.head) this.retryHeldBack(await hasHeldBackEvents(db, outbox, this.head));
      } while (this.again);
    } catch (err) {
      if (!this.closed) log.warn({ err }, 'live feed read failed; the next notification or poll retries');
    } finally {
      this.busy = false;
      // A read that stopped early (tail restarted, error) still owes the wake-ups it absorbed.
      if (this.again) {
        this.again = false;
        queueMicrotask(() => this.wake());
      }
    }
  }

  /** Committed events wait behind an older transaction: look again soon, backing off to the poll period. */
  private retryHeldBack(held: boolean): void {
    if (!held) {
      this.retryMs = 0;
      return;
    }
    if (this.retry || this.closed) return;
    this.retryMs = Math.min(Math.max(this.retryMs * 2, 25), this.settings.pollMs);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.wake();
    }, this.retryMs);
    this.retry.unref();
  }

  /** Ends every subscription and stops listening; the database may close afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    clearTimeout(this.retry);
    this.poll = undefined;
    for (const subscriber of [...this.subscribers]) subscriber.end();
    await this.starting?.catch(() => undefined);
    await this.reading;
    await this.unlisten?.().catch(() => undefined);
  }
}
