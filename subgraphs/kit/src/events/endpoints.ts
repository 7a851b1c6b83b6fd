import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Caller } from '../auth/roles.js';
import type { HubDatabase } from '../db/database.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/faults.js';
import type { OutboxTable } from '../db/outbox.js';
import { readBody, sendJson } from '../http/graphql-handler.js';
import type { Logger } from '../logger.js';
import { UnknownSource, type EventConsumer } from './consumer.js';
import { decodePosition, encodePosition, feedEventSchema, readFeed, readFeedHead } from './feed.js';

/** Internal tokens for the event endpoints carry their own audience: a GraphQL call's token cannot be replayed here. */
export const eventsAudienceOf = (subgraph: string) => `${subgraph}:events`;

export const MAX_FEED_PAGE = 500;

const deliverySchema = z.object({ source: z.string().min(1), events: z.array(feedEventSchema).max(MAX_FEED_PAGE) });

export interface EventEndpointsOptions {
  name: string;
  db: HubDatabase<any>;
  outbox?: OutboxTable;
  consumer?: EventConsumer<unknown>;
  verify(token: string): Promise<Caller>;
  log: Logger;
}

/**
 * The two sides of event delivery, over plain HTTP for the hub's event relay:
 * `GET /events` reads this subgraph's outbox, `GET /events/head` tells where it ends now (the
 * gateway pins a subscription without `after` there); `GET|POST /events/consumer` tells the relay what
 * this subgraph listens to and takes deliveries. Returns false for any other path.
 */
export function eventEndpoints(options: EventEndpointsOptions) {
  return (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (path !== '/events' && path !== '/events/head' && path !== '/events/consumer') return false;
    handle(req, res, path).catch((err) => {
      // The relay retries with a back-off either way; a lost database connection is no bug.
      if (isDatabaseUnavailable(err)) {
        options.log.warn('event endpoint: the database is unavailable');
        if (!res.headersSent) sendJson(res, 503, { error: 'database unavailable', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
        return;
      }
      options.log.error({ err }, 'event endpoint failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
    return true;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const header = req.headers.authorization ?? '';
    try {
      const caller = await options.verify(header.startsWith('Bearer ') ? header.slice(7) : '');
      if (caller.role !== 'admin') throw new Error('the event endpoints are for the hub relay');
    } catch {
      return sendJson(res, 401, { error: 'a relay token for this subgraph is required' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (path === '/events/head') {
      if (!options.outbox) return sendJson(res, 404, { error: `${options.name} publishes no events` });
      return sendJson(res, 200, { cursor: encodePosition(await readFeedHead(options.db, options.outbox)) });
    }

    if (path === '/events') {
      if (!options.outbox) return sendJson(res, 404, { error: `${options.name} publishes no events` });
      const after = url.searchParams.get('after');
      try {
        decodePosition(after);
      } catch {
        return sendJson(res, 400, { error: 'after must be an event cursor' });
      }
      const types = url.searchParams.get('types')?.split(',').filter(Boolean) ?? null;
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 100) || 100, 1), MAX_FEED_PAGE);
      const events = await readFeed(options.db, options.outbox, options.name, { after, types, limit });
      return sendJson(res, 200, { events });
    }

    if (!options.consumer) return sendJson(res, 404, { error: `${options.name} consumes no events` });
    if (req.method === 'GET') return sendJson(res, 200, { subscriptions: await options.consumer.plan() });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'GET or POST' });
    let delivery: z.infer<typeof deliverySchema>;
    try {
      delivery = deliverySchema.parse(JSON.parse(await readBody(req, 8 * 1024 * 1024)));
    } catch {
      return sendJson(res, 400, { error: 'expected { source, events[] }' });
    }
    try {
      return sendJson(res, 200, await options.consumer.deliver(delivery.source, delivery.events));
    } catch (err) {
      if (err instanceof UnknownSource) return sendJson(res, 400, { error: err.message });
      throw err;
    }
  }
}
