import { EventEmitter } from 'node:events';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { AsyncQueue } from './async-queue.js';
import { Backoff, sleep, type BackoffOptions } from './backoff.js';
import { isAfter } from './cursor.js';
import { CursorStore } from './cursor-store.js';
import {
  authAdvice,
  describeGraphQLErrors,
  errorCodes,
  FatalError,
  isFatalGraphQLErrors,
  messageOf,
  StoppedError,
  TransientError,
  type GraphQLErrorLike,
} from './errors.js';
import { postGraphQL, type HttpGraphQLOptions } from './graphql-http.js';
import {
  ACKNOWLEDGE_REFERRAL,
  OPEN_REFERRALS,
  REFERRAL_CREATED,
  type Referral,
  type ReferralEvent,
  type ReferralLine,
} from './queries.js';
import { withRetry } from './retry.js';
import { postToWebhook } from './webhook.js';

export interface ReferralListenerOptions {
  /** The gateway's HTTP endpoint, e.g. http://localhost:4000/graphql; the WebSocket is the same URL as ws(s)://. */
  gatewayUrl: string;
  /** The client JWT (without "Bearer "). */
  token: string;
  organizationId: string;
  cursorFile: string;
  /** When set, each referral is POSTed here as JSON before it is acknowledged. */
  webhookUrl?: string;
  /** Call acknowledgeReferral for each referral (default true). */
  acknowledge?: boolean;
  /** Receives each output line (one JSON object, no newline). Default: stdout. */
  print?: (line: string) => void;
  /** Receives diagnostics. Default: stderr. */
  log?: (message: string) => void;
  /** Delays between reconnections. */
  reconnectBackoff?: Partial<BackoffOptions>;
  /** Delays between retries of a webhook POST, an acknowledgement or an openReferrals read. */
  retryBackoff?: Partial<BackoffOptions>;
  /** graphql-ws ping interval in ms (0 turns pings off). Default 15 s. */
  keepAliveMs?: number;
  /** A ping not answered within this many ms drops the connection. Default 10 s. */
  pongTimeoutMs?: number;
  /** How long to wait for the server's connection_ack. Default 10 s. */
  connectionAckTimeoutMs?: number;
  /** Timeout of each HTTP request (gateway and webhook). Default 15 s. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ResyncInfo {
  cursor: string;
  replayLimit: number;
  reason: string;
  /** How many open referrals were re-read and printed. */
  count: number;
}

export interface ReferralListenerEvents {
  /** The WebSocket is up and the subscription was sent (with `after` = the saved cursor). */
  connected: [after: string | null];
  /** The connection ended; the listener reconnects after a pause. */
  disconnected: [reason: string];
  /** A referral was printed (before it is forwarded and acknowledged). */
  referral: [line: ReferralLine];
  resync: [info: ResyncInfo];
  /** An event at or before the saved cursor was dropped. */
  skipped: [cursor: string];
  /** The cursor was saved to disk. */
  cursor: [cursor: string];
  fatal: [error: FatalError];
  /** The listener ended (stopped or fatal). */
  stopped: [];
}

const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4400: 'Bad Request',
  4401: 'Unauthorized',
  4403: 'Forbidden',
  4406: 'Subprotocol not acceptable',
};

interface CloseLike {
  code: number;
  reason?: string;
}

function isCloseLike(value: unknown): value is CloseLike {
  return typeof value === 'object' && value !== null && typeof (value as CloseLike).code === 'number' && 'reason' in value;
}

type NextResult = FormattedExecutionResult<{ referralCreated?: ReferralEvent | null }, unknown>;

type Item =
  | { kind: 'next'; result: NextResult }
  | { kind: 'error'; error: unknown }
  | { kind: 'closed'; event: unknown }
  | { kind: 'complete' };

export function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}

const defaultPrint = (line: string) => {
  process.stdout.write(`${line}\n`);
};
const defaultLog = (message: string) => {
  process.stderr.write(`${new Date().toISOString()} referral-listener: ${message}\n`);
};

/**
 * Subscribes to one organisation's referrals and, for each event in order: prints it, forwards
 * it to the webhook, acknowledges it, then saves its cursor. Reconnects on its own (with the
 * latest saved cursor as `after`) until stopped or refused.
 */
export class ReferralListener extends EventEmitter<ReferralListenerEvents> {
  /** Resolves when the listener stopped; rejects with a FatalError when it gave up. */
  readonly done: Promise<void>;
  private readonly options: ReferralListenerOptions;
  private readonly store: CursorStore;
  private readonly print: (line: string) => void;
  private readonly log: (message: string) => void;
  private readonly http: HttpGraphQLOptions;
  private readonly reconnect: Backoff;
  private readonly stopController = new AbortController();
  private stopping = false;
  private savedCursor: string | null = null;

  constructor(options: ReferralListenerOptions) {
    super();
    this.options = options;
    this.store = new CursorStore(options.cursorFile);
    this.print = options.print ?? defaultPrint;
    this.log = options.log ?? defaultLog;
    this.http = { url: options.gatewayUrl, token: options.token, timeoutMs: options.requestTimeoutMs, fetch: options.fetch };
    this.reconnect = new Backoff(options.reconnectBackoff);
    this.done = Promise.resolve().then(() => this.run());
    this.done.catch(() => undefined); // reported through `done` and the 'fatal' event
  }

  /** The last cursor saved to disk (null before the first). */
  get cursor(): string | null {
    return this.savedCursor;
  }

  /**
   * Stops: the event being handled is finished (a retry wait is cut short, leaving its cursor
   * unsaved), the connection is closed. Resolves when the listener has ended, whatever the reason.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    await this.done.catch(() => undefined);
  }

  private get signal(): AbortSignal {
    return this.stopController.signal;
  }

  private async run(): Promise<void> {
    try {
      this.savedCursor = await this.store.read();
      this.log(
        `listening to referrals for organisation ${this.options.organizationId} at ${toWebSocketUrl(this.options.gatewayUrl)}; ` +
          (this.savedCursor ? `resuming after ${this.savedCursor}` : 'no saved cursor, starting with new referrals') +
          ` (cursor file ${this.store.file})`,
      );
      while (!this.stopping) {
        const reason = await this.connectOnce();
        if (reason === undefined || this.stopping) break;
        this.reconnect.markDown();
        this.emit('disconnected', reason);
        const delay = this.reconnect.next();
        this.log(`disconnected: ${reason}; reconnecting in ${delay} ms (after ${this.savedCursor ?? 'no cursor'})`);
        await sleep(delay, this.signal);
      }
    } catch (err) {
      if (err instanceof StoppedError) return;
      const fatal = err instanceof FatalError ? err : new FatalError(messageOf(err), { cause: err });
      this.log(`fatal: ${fatal.message}`);
      this.emit('fatal', fatal);
      throw fatal;
    } finally {
      this.log(`stopped${this.savedCursor ? `; cursor ${this.savedCursor}` : ''}`);
      this.emit('stopped');
    }
  }

  /** One connection: returns why it ended (to reconnect), undefined when stopped; throws FatalError. */
  private async connectOnce(): Promise<string | undefined> {
    const queue = new AsyncQueue<Item>();
    const after = this.savedCursor;
    let ended = false;
    let socket: WebSocket | undefined;
    let socketError: string | undefined;
    let pongTimer: NodeJS.Timeout | undefined;
    const clearPongTimer = () => {
      if (pongTimer) clearTimeout(pongTimer);
      pongTimer = undefined;
    };
    let client: Client | undefined;
    const end = (item: Item) => {
      if (ended) return;
      ended = true;
      clearPongTimer();
      queue.push(item);
      // Disposing here, inside the 'closed' listener, keeps graphql-ws from resubscribing on its own
      // with the old `after`: the listener reconnects itself with the latest saved cursor.
      if (client) void Promise.resolve(client.dispose()).catch(() => undefined);
    };
    const pongTimeoutMs = this.options.pongTimeoutMs ?? 10_000;
    client = createClient({
      url: toWebSocketUrl(this.options.gatewayUrl),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.options.token}` },
      lazy: true,
      retryAttempts: 0,
      shouldRetry: () => false,
      keepAlive: this.options.keepAliveMs ?? 15_000,
      connectionAckWaitTimeout: this.options.connectionAckTimeoutMs ?? 10_000,
      on: {
        opened: (s) => {
          socket = s as WebSocket;
        },
        connected: () => {
          this.reconnect.markUp();
          this.log(`connected; subscribed${after ? ` after ${after}` : ''}`);
          this.emit('connected', after);
        },
        ping: (received) => {
          if (received || pongTimeoutMs <= 0) return;
          clearPongTimer();
          pongTimer = setTimeout(() => {
            this.log(`no pong within ${pongTimeoutMs} ms; dropping the connection`);
            client?.terminate();
            socket?.terminate();
          }, pongTimeoutMs);
        },
        pong: (received) => {
          if (received) clearPongTimer();
        },
        error: (err) => {
          socketError = messageOf((err as { error?: unknown })?.error ?? (err as { message?: unknown })?.message ?? err);
        },
        closed: (event) => end({ kind: 'closed', event }),
      },
    });
    client.subscribe(
      { query: REFERRAL_CREATED, variables: { organizationId: this.options.organizationId, after } },
      {
        next: (result) => {
          if (!ended) queue.push({ kind: 'next', result: result as NextResult });
        },
        error: (error) => end({ kind: 'error', error }),
        complete: () => end({ kind: 'complete' }),
      },
    );

    try {
      for (;;) {
        const item = await queue.take(this.signal);
        if (item === undefined) return undefined;
        switch (item.kind) {
          case 'next':
            await this.handleResult(item.result);
            if (this.stopping) return undefined;
            break;
          case 'closed':
            return this.judgeClose(item.event, socketError);
          case 'error':
            return this.judgeError(item.error, socketError);
          case 'complete':
            return 'the gateway ended the subscription';
        }
      }
    } catch (err) {
      if (err instanceof TransientError) return messageOf(err);
      throw err;
    } finally {
      ended = true;
      clearPongTimer();
      await Promise.resolve(client.dispose()).catch(() => undefined);
    }
  }

  private judgeClose(event: unknown, socketError: string | undefined): string {
    if (!isCloseLike(event)) return `connection lost${socketError ? `: ${socketError}` : ''}`;
    const fatal = FATAL_CLOSE_CODES[event.code];
    const reason = event.reason && event.reason !== FATAL_CLOSE_CODES[event.code] ? `: ${event.reason}` : '';
    if (fatal) {
      const advice = event.code === 4401 || event.code === 4403 ? `; ${authAdvice(this.options.organizationId)}` : '';
      throw new FatalError(`the gateway closed the connection with ${event.code} ${fatal}${reason}${advice}`);
    }
    return `connection closed (${event.code}${reason || (socketError ? `: ${socketError}` : '')})`;
  }

  private judgeError(error: unknown, socketError: string | undefined): string {
    if (Array.isArray(error)) {
      const errors = error as GraphQLErrorLike[];
      if (isFatalGraphQLErrors(errors)) {
        const auth = errorCodes(errors).some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED');
        throw new FatalError(`the hub refused the subscription: ${describeGraphQLErrors(errors)}${auth ? `; ${authAdvice(this.options.organizationId)}` : ''}`);
      }
      return `the subscription failed: ${describeGraphQLErrors(errors) || 'unknown error'}`;
    }
    if (isCloseLike(error)) return this.judgeClose(error, socketError);
    return `connection error: ${messageOf(error)}`;
  }

  private async handleResult(result: NextResult): Promise<void> {
    const errors = result.errors as GraphQLErrorLike[] | undefined;
    const event = result.data?.referralCreated;
    if (!event) {
      if (isFatalGraphQLErrors(errors)) {
        const auth = errorCodes(errors).some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED');
        throw new FatalError(`the hub refused the subscription: ${describeGraphQLErrors(errors)}${auth ? `; ${authAdvice(this.options.organizationId)}` : ''}`);
      }
      throw new TransientError(`the subscription sent no event: ${describeGraphQLErrors(errors) || 'empty result'}`);
    }
    if (errors?.length) this.log(`event ${event.cursor} came with errors (handled with what was returned): ${describeGraphQLErrors(errors)}`);
    if (event.resync) return this.handleResync(event, event.resync);
    if (!isAfter(event.cursor, this.savedCursor)) {
      this.log(`skipping ${event.cursor}: not after the saved cursor ${this.savedCursor}`);
      this.emit('skipped', event.cursor);
      return;
    }
    if (!event.referral) {
      if (errors?.length) throw new TransientError(`the referral at ${event.cursor} could not be read`);
      this.log(`event ${event.cursor} carries neither a referral nor a resync notice; passing over it`);
      await this.saveCursor(event.cursor);
      return;
    }
    const line: ReferralLine = { cursor: event.cursor, occurredAt: event.occurredAt, referral: event.referral, reofferedFrom: event.reofferedFrom ?? null };
    await this.deliver(line, `${this.options.organizationId}:${event.cursor}`);
    await this.saveCursor(event.cursor);
  }

  /** More was missed than the hub replays: re-read the open referrals, then go on from the notice's cursor. */
  private async handleResync(event: ReferralEvent, resync: { replayLimit: number; reason: string }): Promise<void> {
    this.log(`resync at ${event.cursor}: ${resync.reason} (the hub replays at most ${resync.replayLimit}); re-reading openReferrals`);
    const res = await withRetry(
      () => postGraphQL<{ openReferrals: Referral[] }>(this.http, OPEN_REFERRALS, { organizationId: this.options.organizationId }),
      { backoff: this.options.retryBackoff, signal: this.signal, log: this.log, what: 'reading openReferrals' },
    );
    const open = res.data?.openReferrals;
    if (!open) {
      if (isFatalGraphQLErrors(res.errors)) {
        throw new FatalError(`the hub refused openReferrals: ${describeGraphQLErrors(res.errors)}; ${authAdvice(this.options.organizationId)}`);
      }
      throw new TransientError(`openReferrals failed: ${describeGraphQLErrors(res.errors) || 'no data'}`);
    }
    if (res.errors?.length) this.log(`openReferrals came with errors (handled with what was returned): ${describeGraphQLErrors(res.errors)}`);
    for (const referral of open) {
      const line: ReferralLine = { cursor: event.cursor, occurredAt: event.occurredAt, resync: true, referral };
      await this.deliver(line, `${this.options.organizationId}:${event.cursor}:${referral.id}`);
    }
    this.emit('resync', { cursor: event.cursor, replayLimit: resync.replayLimit, reason: resync.reason, count: open.length });
    if (isAfter(event.cursor, this.savedCursor)) await this.saveCursor(event.cursor);
  }

  /** Print, forward, acknowledge: everything but saving the cursor. */
  private async deliver(line: ReferralLine, idempotencyKey: string): Promise<void> {
    this.print(JSON.stringify(line));
    this.emit('referral', line);
    if (this.options.webhookUrl) {
      const outcome = await postToWebhook(
        { url: this.options.webhookUrl, backoff: this.options.retryBackoff, signal: this.signal, log: this.log, timeoutMs: this.options.requestTimeoutMs, fetch: this.options.fetch },
        line,
        idempotencyKey,
      );
      if (!outcome.delivered) {
        this.log(`the webhook refused referral ${line.referral.id} at ${line.cursor} with HTTP ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}; not retried, going on`);
      }
    }
    const alreadyAcknowledged = line.resync && line.referral.acknowledgedAt;
    if (this.options.acknowledge !== false && !alreadyAcknowledged) await this.acknowledge(line.referral.id);
  }

  private async acknowledge(caseId: string): Promise<void> {
    const res = await withRetry(
      () => postGraphQL<{ acknowledgeReferral: { id: string; acknowledgedAt: string | null } }>(this.http, ACKNOWLEDGE_REFERRAL, { caseId }),
      { backoff: this.options.retryBackoff, signal: this.signal, log: this.log, what: `acknowledging ${caseId}` },
    );
    if (res.data?.acknowledgeReferral) return;
    if (errorCodes(res.errors).includes('UNAUTHENTICATED')) {
      throw new FatalError(`the hub refused to acknowledge ${caseId}: ${describeGraphQLErrors(res.errors)}; ${authAdvice(this.options.organizationId)}`);
    }
    // The case may have moved on (re-offered elsewhere, withdrawn): nothing to retry.
    this.log(`could not acknowledge ${caseId}: ${describeGraphQLErrors(res.errors) || 'no data'}; going on`);
  }

  private async saveCursor(cursor: string): Promise<void> {
    try {
      await this.store.write(cursor);
    } catch (err) {
      throw new FatalError(`cannot save the cursor to ${this.store.file}: ${messageOf(err)}`, { cause: err });
    }
    this.savedCursor = cursor;
    this.emit('cursor', cursor);
  }
}

/** Starts listening at once; see ReferralListener. */
export function startReferralListener(options: ReferralListenerOptions): ReferralListener {
  return new ReferralListener(options);
}
