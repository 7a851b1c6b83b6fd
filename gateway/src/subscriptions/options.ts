/** Bounds of the gateway's WebSocket endpoint; every field has a production default. */
export interface SubscriptionOptions {
  /** Open sockets at most; beyond, the upgrade is refused with HTTP 503 (default 1000). */
  maxConnections?: number;
  /** Subscriptions at once on one socket; beyond, that subscribe gets RATE_LIMITED (default 25). */
  maxSubscriptionsPerConnection?: number;
  /** Largest message a client may send; a larger one closes its socket (default 64 KiB). */
  maxPayloadBytes?: number;
  /** Reconnecting to a subgraph whose socket went away. */
  upstreamRetry?: { initialMs?: number; maxMs?: number; giveUpAfterMs?: number };
}

export interface SubscriptionLimits {
  maxConnections: number;
  maxSubscriptionsPerConnection: number;
  maxPayloadBytes: number;
  upstreamRetry: { initialMs: number; maxMs: number; giveUpAfterMs: number };
}

export function subscriptionLimits(options: SubscriptionOptions = {}): SubscriptionLimits {
  return {
    maxConnections: options.maxConnections ?? 1_000,
    maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection ?? 25,
    maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024,
    upstreamRetry: {
      initialMs: options.upstreamRetry?.initialMs ?? 100,
      maxMs: options.upstreamRetry?.maxMs ?? 2_000,
      giveUpAfterMs: options.upstreamRetry?.giveUpAfterMs ?? 60_000,
    },
  };
}
