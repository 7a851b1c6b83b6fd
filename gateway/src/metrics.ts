import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { metricsAccess } from '@fengqiao/subgraph-kit';
import type { LimitKind } from './security/rate-limits.js';

/** Paths the gateway serves; anything else is counted as `other`, so a scanner cannot grow the label set. */
const ROUTES: Record<string, string> = {
  '/graphql': 'graphql',
  '/': 'graphql',
  '/auth/widget-token': 'widget-token',
  '/healthz': 'healthz',
  '/readyz': 'readyz',
  '/metrics': 'metrics',
};

// Codes are the hub's own (kit, Apollo, operation limits); anything else is folded together.
const codeLabel = (code: unknown) => (typeof code === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'OTHER');

export interface GatewayMetrics {
  /** Counts the response to this request by route and status once it is sent. */
  track(path: string, res: ServerResponse): void;
  rateLimited(limit: LimitKind): void;
  /** Counts GraphQL errors by code: refused operations (validation, limits, authentication) among them. */
  plugin: ApolloServerPlugin;
  /** `GET /metrics`, for this machine or a caller with the metrics token. */
  serve(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own so two gateways in one process
 * (as in tests) do not count into each other.
 */
export function gatewayMetrics(metricsToken: string | undefined): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const responses = new Counter({
    name: 'fengqiao_gateway_http_requests_total',
    help: 'HTTP requests answered by the gateway, by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'fengqiao_gateway_rate_limited_total',
    help: 'Requests, WebSocket connections and subscribes refused by a rate limit, by limit',
    labelNames: ['limit'],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'fengqiao_gateway_graphql_errors_total',
    help: 'GraphQL errors in responses, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const allowed = metricsAccess(metricsToken);

  return {
    track(path, res) {
      const route = ROUTES[path] ?? 'other';
      res.once('finish', () => responses.inc({ route, status: String(res.statusCode) }));
    },
    rateLimited: (limit) => refusals.inc({ limit }),
    plugin: {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors }) {
            for (const error of errors) graphqlErrors.inc({ code: codeLabel(error.extensions?.code) });
          },
        };
      },
    },
    serve(req, res) {
      if (!allowed(req, res)) return;
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
    },
    close: () => registry.clear(),
  };
}
