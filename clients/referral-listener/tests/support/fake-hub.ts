import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql, GraphQLError, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/**
 * A throw-away stand-in for the gateway: just enough schema for the listener (the selection
 * the listener sends must validate against it), over graphql-ws and plain HTTP, with an
 * in-memory feed that survives a "restart" of the server. Not the hub: the end-to-end test
 * against the real hub lives in /test.
 */
const SDL = /* GraphQL */ `
  type Query { openReferrals(organizationId: ID!): [MediationCase!]! }
  type Mutation { acknowledgeReferral(caseId: ID!): MediationCase! }
  type Subscription { referralCreated(organizationId: ID!, after: String): ReferralEvent! }
  type FeedResync { replayLimit: Int! reason: String! }
  type ReferralEvent {
    cursor: String!
    occurredAt: String!
    resync: FeedResync
    referral: MediationCase
    reofferedFrom: MediationOrganization
  }
  type MediationOrganization { id: ID! name: String! }
  type Party { id: ID! name: String! kind: String! }
  type Dispute { id: ID! title: String! category: String! claimAmount: String filedAt: String! }
  type MediationCase {
    id: ID!
    status: String!
    category: String!
    referredAt: String!
    acknowledgeBy: String
    acknowledgedAt: String
    reofferCount: Int!
    language: String
    organization: MediationOrganization!
    dispute: Dispute
    claimant: Party
    respondent: Party
  }
`;

export interface FakeCase {
  id: string;
  status: string;
  category: string;
  referredAt: string;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  reofferCount: number;
  language: string | null;
  organization: { id: string; name: string };
  dispute: { id: string; title: string; category: string; claimAmount: string | null; filedAt: string };
  claimant: { id: string; name: string; kind: string };
  respondent: { id: string; name: string; kind: string };
}

export interface FeedEntry {
  cursor: string;
  occurredAt: string;
  caseId: string;
}

export interface FakeHubOptions {
  token?: string;
  organizationId?: string;
  /** With more missed than this, a subscription starts with a resync notice (default: replay everything). */
  replayLimit?: number;
  /** First transaction id: the default crosses a digit boundary (98, 99, 100 …) so text comparison would fail. */
  firstTxId?: bigint;
}

export class FakeHub {
  readonly token: string;
  readonly organizationId: string;
  readonly cases = new Map<string, FakeCase>();
  readonly feed: FeedEntry[] = [];
  /** `after` of each subscription, in the order they were made. */
  readonly subscriptions: (string | null)[] = [];
  /** Case ids, in the order acknowledgeReferral was called. */
  readonly acknowledgements: string[] = [];
  /** openReferrals calls. */
  openReferralReads = 0;
  /** Ignore `after` and replay the whole feed (a misbehaving server: the client must drop what it saw). */
  replayEverything = false;
  /** Answer the next N acknowledgeReferral requests with HTTP 503. */
  failAcknowledgements = 0;
  /** Refuse subscriptions with a FORBIDDEN error. */
  forbidSubscriptions = false;
  replayLimit: number | undefined;
  port = 0;

  private readonly schema: GraphQLSchema;
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private disposeWs: (() => Promise<void> | void) | undefined;
  private readonly waiters = new Set<() => void>();
  private txId: bigint;

  constructor(options: FakeHubOptions = {}) {
    this.token = options.token ?? 'good-token';
    this.organizationId = options.organizationId ?? 'org_test';
    this.replayLimit = options.replayLimit;
    this.txId = options.firstTxId ?? 98n;
    this.schema = buildSchema(SDL);
    this.wireResolvers();
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Listens (again, on the same port after a stop). */
  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.handleHttp(req, res));
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const { dispose } = useServer(
      {
        schema: this.schema,
        onConnect: (ctx) => ctx.connectionParams?.authorization === `Bearer ${this.token}`,
      },
      wss,
    );
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    this.wss = wss;
    this.disposeWs = dispose;
  }

  /** Drops every connection abruptly, as a crash would. */
  async stop(): Promise<void> {
    const { server, wss } = this;
    this.server = undefined;
    this.wss = undefined;
    if (!server || !wss) return;
    for (const client of wss.clients) client.terminate();
    await this.disposeWs?.();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Wake the generators of the dropped subscriptions so they end.
    this.notify();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Closes every open connection with `code` (e.g. 4403, as the gateway does for a revoked token). */
  closeConnections(code: number, reason: string): void {
    for (const client of this.wss?.clients ?? []) client.close(code, reason);
  }

  get connectionCount(): number {
    return this.wss?.clients.size ?? 0;
  }

  /** Commits one referral to the organisation: a case and its feed entry. */
  refer(title: string, extra: Partial<FakeCase> = {}): FeedEntry {
    const n = this.cases.size + 1;
    const now = new Date().toISOString();
    const c: FakeCase = {
      id: `med_case_${n}`,
      status: 'REFERRED',
      category: 'CONSUMER_PURCHASE',
      referredAt: now,
      acknowledgeBy: new Date(Date.now() + 48 * 3600_000).toISOString(),
      acknowledgedAt: null,
      reofferCount: 0,
      language: 'Mandarin',
      organization: { id: this.organizationId, name: 'Test Mediation Centre' },
      dispute: { id: `dsp_${n}`, title, category: 'CONSUMER_PURCHASE', claimAmount: '300.00', filedAt: now },
      claimant: { id: 'pty_claimant', name: '王芳', kind: 'NATURAL_PERSON' },
      respondent: { id: 'pty_respondent', name: '义乌市巧手工艺品有限公司', kind: 'ORGANIZATION' },
      ...extra,
    };
    this.cases.set(c.id, c);
    const entry: FeedEntry = { cursor: `${this.txId}.0`, occurredAt: now, caseId: c.id };
    this.txId += 1n;
    this.feed.push(entry);
    this.notify();
    return entry;
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  private wireResolvers(): void {
    const hub = this;
    const subscriptionType = this.schema.getSubscriptionType()!;
    const referralCreated = subscriptionType.getFields().referralCreated! as unknown as GraphQLFieldConfig<unknown, unknown>;
    referralCreated.subscribe = (_root, args: { organizationId: string; after?: string | null }) => {
      if (hub.forbidSubscriptions || args.organizationId !== hub.organizationId) {
        throw new GraphQLError('Not allowed to listen to this organisation', { extensions: { code: 'FORBIDDEN' } });
      }
      const after = args.after ?? null;
      // Where the replay starts is fixed when the subscription is made, as a real feed does.
      const start = hub.replayEverything ? 0 : after === null ? hub.feed.length : hub.feed.findIndex((e) => e.cursor === after) + 1;
      hub.subscriptions.push(after);
      return hub.events(after, start);
    };
    referralCreated.resolve = (event) => event;

    const query = this.schema.getQueryType()!.getFields();
    (query.openReferrals as unknown as GraphQLFieldConfig<unknown, unknown>).resolve = () => {
      hub.openReferralReads += 1;
      return [...hub.cases.values()].filter((c) => c.status === 'REFERRED');
    };
    const mutation = this.schema.getMutationType()!.getFields();
    (mutation.acknowledgeReferral as unknown as GraphQLFieldConfig<unknown, unknown>).resolve = (_root, args: { caseId: string }) => {
      const c = hub.cases.get(args.caseId);
      if (!c) throw new GraphQLError(`No mediation case ${args.caseId}`, { extensions: { code: 'NOT_FOUND' } });
      hub.acknowledgements.push(c.id);
      c.acknowledgedAt ??= new Date().toISOString();
      return c;
    };
  }

  /** The feed after `after` (replayed), then live. */
  private async *events(after: string | null, start: number): AsyncGenerator<unknown> {
    const server = this.server;
    let next = start;
    const missed = this.feed.length - next;
    if (after !== null && this.replayLimit !== undefined && missed > this.replayLimit) {
      const last = this.feed[this.feed.length - 1]!;
      yield { cursor: last.cursor, occurredAt: new Date().toISOString(), resync: { replayLimit: this.replayLimit, reason: `${missed} referrals were missed` }, referral: null, reofferedFrom: null };
      next = this.feed.length;
    }
    while (server === this.server) {
      while (next < this.feed.length) {
        const e = this.feed[next++]!;
        yield { cursor: e.cursor, occurredAt: e.occurredAt, resync: null, referral: this.cases.get(e.caseId), reofferedFrom: null };
      }
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/graphql')) return send(404, { error: 'not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return send(401, { errors: [{ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
    if (this.failAcknowledgements > 0 && query.includes('acknowledgeReferral')) {
      this.failAcknowledgements -= 1;
      return send(503, { errors: [{ message: 'mediation subgraph unavailable' }] });
    }
    const result = await graphql({ schema: this.schema, source: query, variableValues: variables });
    send(200, result);
  }
}
