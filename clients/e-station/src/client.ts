import { createClient, type Client as WsClient } from 'graphql-ws/client';
import { documentIdOf, type OperationName } from './documents.js';
import { HubError, hubErrorFrom, type GraphQLErrorLike } from './errors.js';
import type { Side } from './types.js';

export interface WidgetToken {
  token: string;
  expiresAt: string;
  side?: Side;
}

/** What `POST /auth/step-up` answers for a right code. */
export interface StepUpProof {
  proof: string;
  act: string;
  subjectId: string;
  contentHash: string;
  expiresAt: string;
}

export interface HubClientOptions {
  gateway: string;
  tokenEndpoint: string;
  orderId: string;
  platformId: string;
  side: Side;
  fetch?: typeof fetch;
  /** Called after every new token (the live feed reconnects with it). */
  onToken?: (token: WidgetToken) => void;
  /** Called when a token could not be fetched in the background. */
  onTokenError?: (err: HubError) => void;
  now?: () => number;
}

/** Refresh a minute before expiry, but never sooner than in 5 seconds. */
export function refreshDelayMs(expiresAt: string, now: number): number {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return 60_000;
  return Math.max(5_000, at - now - 60_000);
}

/** ws(s):// of the gateway's URL, relative URLs resolved against the page. */
export function websocketUrl(gateway: string, base?: string): string {
  const url = new URL(gateway, base ?? (typeof document !== 'undefined' ? document.baseURI : undefined));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Talks to the hub for the widget: a short-lived widget token from the platform's own backend
 * (refreshed a minute before expiry), trusted documents over HTTP, and the live feed.
 */
export class HubClient {
  private current: WidgetToken | null = null;
  private pending: Promise<WidgetToken> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: HubClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  /** The side the platform's backend says the user is on (falls back to the element's). */
  get side(): Side {
    return this.current?.side ?? this.options.side;
  }

  /** The current token, fetching one when there is none or it has expired. */
  async token(): Promise<WidgetToken> {
    if (this.current && Date.parse(this.current.expiresAt) - this.now() > 5_000) return this.current;
    return this.refreshToken();
  }

  /** Asks the platform's backend for a new widget token (one request at a time). */
  refreshToken(): Promise<WidgetToken> {
    if (!this.pending) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private async fetchToken(): Promise<WidgetToken> {
    const { tokenEndpoint, orderId, platformId, side } = this.options;
    let response: Response;
    try {
      response = await this.fetchImpl(tokenEndpoint, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ orderId, platformId, side }),
      });
      if (response.status === 405) {
        const url = new URL(tokenEndpoint, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
        url.searchParams.set('order', orderId);
        url.searchParams.set('platform', platformId);
        url.searchParams.set('side', side);
        response = await this.fetchImpl(url.toString(), { method: 'GET', credentials: 'include', headers: { accept: 'application/json' } });
      }
    } catch (err) {
      throw new HubError('NETWORK', `token endpoint unreachable: ${(err as Error).message}`);
    }
    if (response.status === 401) throw new HubError('UNAUTHENTICATED', 'the platform does not know the user (signed out?)');
    if (response.status === 403) throw new HubError('FORBIDDEN', 'the user is neither the buyer nor the seller of this order');
    if (!response.ok) throw new HubError('TOKEN', `token endpoint answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => null)) as Partial<WidgetToken> | null;
    if (!body || typeof body.token !== 'string' || typeof body.expiresAt !== 'string') throw new HubError('TOKEN', 'token endpoint answered without { token, expiresAt }');
    const token: WidgetToken = { token: body.token, expiresAt: body.expiresAt, ...(body.side === 'buyer' || body.side === 'seller' ? { side: body.side } : {}) };
    this.current = token;
    this.schedule(token);
    this.options.onToken?.(token);
    return token;
  }

  private schedule(token: WidgetToken): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.refreshToken().catch((err: unknown) => {
        this.options.onTokenError?.(err instanceof HubError ? err : new HubError('TOKEN', String(err)));
        // Try again shortly; the current token may still be valid for a while.
        if (!this.disposed) this.timer = setTimeout(() => void this.refreshToken().catch(() => undefined), 10_000);
      });
    }, refreshDelayMs(token.expiresAt, this.now()));
  }

  /**
   * Runs one of the widget's operations by its trusted document id. UNAUTHENTICATED: new token,
   * one retry. `stepUp`: the party's proof for a legal act (`confirmAct`), sent with this request only.
   */
  async request<T>(operationName: OperationName, variables: Record<string, unknown> = {}, options: { stepUp?: string } = {}): Promise<T> {
    try {
      return await this.send<T>(operationName, variables, await this.token(), options.stepUp);
    } catch (err) {
      if (err instanceof HubError && err.code === 'UNAUTHENTICATED') {
        return this.send<T>(operationName, variables, await this.refreshToken(), options.stepUp);
      }
      throw err;
    }
  }

  /**
   * `POST /auth/step-up`, a plain fetch like the token exchange: the code the party typed for
   * a challenge becomes the proof its act is sent with. Refusals come back as HubError with
   * the hub's code (BAD_USER_INPUT with attemptsLeft for a wrong code, INVALID_TRANSITION for a
   * used, expired or locked one).
   */
  async confirmAct(challengeId: string, code: string): Promise<StepUpProof> {
    const token = await this.token();
    let response: Response;
    try {
      response = await this.fetchImpl(new URL('/auth/step-up', new URL(this.options.gateway, typeof document !== 'undefined' ? document.baseURI : undefined)).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token.token}` },
        body: JSON.stringify({ challengeId, code }),
      });
    } catch (err) {
      throw new HubError('NETWORK', (err as Error).message);
    }
    const body = (await response.json().catch(() => null)) as (Partial<StepUpProof> & { errors?: GraphQLErrorLike[] }) | null;
    if (response.ok && body && typeof body.proof === 'string') return body as StepUpProof;
    if (body?.errors?.length) throw hubErrorFrom(body.errors);
    throw new HubError(response.status >= 500 ? 'NETWORK' : 'INTERNAL_SERVER_ERROR', `HTTP ${response.status}`);
  }

  private async send<T>(operationName: OperationName, variables: Record<string, unknown>, token: WidgetToken, stepUp?: string): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.gateway, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token.token}`,
          ...(stepUp ? { 'fengqiao-step-up': stepUp } : {}),
        },
        body: JSON.stringify({ documentId: documentIdOf(operationName), operationName, variables }),
      });
    } catch (err) {
      throw new HubError('NETWORK', (err as Error).message);
    }
    const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLErrorLike[] } | null;
    if (!body) {
      if (response.status === 401) throw new HubError('UNAUTHENTICATED', `HTTP ${response.status}`);
      throw new HubError(response.status >= 500 ? 'NETWORK' : 'INTERNAL_SERVER_ERROR', `HTTP ${response.status}`);
    }
    const errors = body.errors ?? [];
    const data = body.data ?? null;
    // Partial data (another subgraph down) is still worth showing; an error without data is not.
    if (errors.length > 0) {
      const fatal = !data || Object.values(data as Record<string, unknown>).some((v) => v === null) || operationName.match(/^EStation(File|Submit|Route|Confirm|Sign|Rate|Respond|Request)/);
      if (fatal) throw hubErrorFrom(errors);
    }
    if (!data) throw new HubError(response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR', `HTTP ${response.status} without data`);
    return data;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get gateway(): string {
    return this.options.gateway;
  }
}

export interface FeedHandlers<T> {
  next: (value: T) => void;
  /** A GraphQL error the feed cannot recover from (FORBIDDEN, NOT_FOUND…). */
  error: (err: HubError) => void;
  /** true while connected, false while reconnecting. */
  connection?: (live: boolean) => void;
}

/**
 * One subscription over graphql-ws that survives token refreshes and dropped sockets: it
 * reconnects with the newest token and resumes `after` the last cursor it delivered.
 */
export class LiveFeed<T extends { cursor: string }> {
  private ws: WsClient | null = null;
  private unsubscribe: (() => void) | null = null;
  private cursor: string | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly hub: HubClient,
    private readonly operationName: OperationName,
    private readonly variables: Record<string, unknown>,
    private readonly handlers: FeedHandlers<T>,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Reconnect now (after a new token). */
  restart(): void {
    if (this.stopped) return;
    this.teardown();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.teardown();
  }

  private teardown(): void {
    const unsubscribe = this.unsubscribe;
    const ws = this.ws;
    this.unsubscribe = null;
    this.ws = null;
    try {
      unsubscribe?.();
    } catch {
      /* already closed */
    }
    void ws?.dispose();
  }

  private retry(refreshToken: boolean): void {
    if (this.stopped) return;
    this.handlers.connection?.(false);
    this.teardown();
    const delay = Math.min(30_000, 500 * 2 ** this.attempts);
    this.attempts += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      (refreshToken ? this.hub.refreshToken() : Promise.resolve(null)).then(
        () => this.connect(),
        () => this.retry(false),
      );
    }, delay);
  }

  private connect(): void {
    if (this.stopped) return;
    const hub = this.hub;
    const ws = createClient({
      url: websocketUrl(hub.gateway),
      lazy: true,
      retryAttempts: 0,
      connectionParams: async () => ({ authorization: `Bearer ${(await hub.token()).token}` }),
      on: {
        connected: () => {
          this.attempts = 0;
          this.handlers.connection?.(true);
        },
      },
    });
    this.ws = ws;
    const variables = { ...this.variables, after: this.cursor };
    this.unsubscribe = ws.subscribe<T>(
      { query: '', operationName: this.operationName, variables, extensions: { documentId: documentIdOf(this.operationName) } },
      {
        next: (result) => {
          if (result.errors && result.errors.length > 0 && !result.data) {
            const err = hubErrorFrom(result.errors as GraphQLErrorLike[]);
            if (err.code === 'UNAUTHENTICATED') return this.retry(true);
            if (['CONFLICT', 'SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'INTERNAL_SERVER_ERROR'].includes(err.code)) return this.retry(false);
            this.stopped = true;
            this.teardown();
            this.handlers.error(err);
            return;
          }
          const value = result.data ? (Object.values(result.data)[0] as T | undefined) : undefined;
          if (value) {
            if (value.cursor) this.cursor = value.cursor;
            this.handlers.next(value);
          }
        },
        error: (err: unknown) => {
          if (ws !== this.ws) return; // a socket we closed ourselves
          if (Array.isArray(err)) {
            const hubErr = hubErrorFrom(err as GraphQLErrorLike[]);
            if (hubErr.code === 'UNAUTHENTICATED') return this.retry(true);
            if (['FORBIDDEN', 'NOT_FOUND', 'TRUSTED_DOCUMENT_REQUIRED', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_USER_INPUT'].includes(hubErr.code)) {
              this.stopped = true;
              this.teardown();
              this.handlers.error(hubErr);
              return;
            }
            return this.retry(false);
          }
          const code = (err as { code?: number } | null)?.code;
          this.retry(code === 4401 || code === 4403);
        },
        complete: () => {
          if (ws !== this.ws) return;
          this.retry(false);
        },
      },
    );
  }
}
