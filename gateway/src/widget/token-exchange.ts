import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { HUB_ID, textProblem, type Caller, type Logger } from '@fengqiao/subgraph-kit';
import { sendJson } from '@fengqiao/subgraph-kit/http';
import { AuthenticationFailed, type ClientVerifier } from '../auth/client-auth.js';
import { HUB_AUDIENCE, WIDGET_ISSUER, WIDGET_KEY_ID, WIDGET_TOKEN_ALG } from '../auth/keys.js';
import type { GatewayContext } from '../context.js';
import { fail, readJsonInput } from '../http/json-endpoint.js';

export const DEFAULT_WIDGET_TOKEN_TTL_SECONDS = 600;

// Checked before any look-up: the ids go into the graph and the log, so they must be ids.
const hubId = z
  .string()
  .max(68, 'is too long for a hub id')
  .refine((id) => !textProblem(id), { message: 'contains a control character, a bidirectional control or ill-formed Unicode' })
  .refine((id) => HUB_ID.test(id), { message: 'is not a hub id (like pty_demo_buyer_lina)' });
const body = z.object({ partyId: hubId, orderId: hubId });

// Asked through the gateway's own Apollo server as the platform: the platforms subgraph shows a
// platform only its own stores' orders, and the ids come from the same graph every client reads.
const ORDER = /* GraphQL */ `
  query WidgetTokenOrder($id: ID!) {
    order(id: $id) { id buyer { id } store { platform { id } merchant { id } } }
  }
`;

interface OrderParties {
  order: { id: string; buyer: { id: string } | null; store: { platform: { id: string }; merchant: { id: string } | null } } | null;
}

export interface WidgetTokenExchangeDeps {
  verifier: ClientVerifier;
  apollo: ApolloServer<GatewayContext>;
  widgetPrivateJwk: JWK;
  ttlSeconds: number;
  log: Logger;
}

/**
 * `POST /auth/widget-token`: a platform's backend exchanges its own hub token for a short-lived
 * party token for the E Station widget, for one of its orders' buyer or store merchant.
 * See clients/e-station/README.md.
 */
export function widgetTokenExchange(deps: WidgetTokenExchangeDeps) {
  const key = importJWK(deps.widgetPrivateJwk, WIDGET_TOKEN_ALG);
  // An unusable key is reported on the first request, not as an unhandled rejection.
  key.catch(() => undefined);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, OPTIONS');
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST');
    }
    let caller: Caller;
    try {
      const verified = await deps.verifier.verifyClient(req.headers.authorization);
      if (verified.caller.role === 'anonymous') return fail(res, 401, 'UNAUTHENTICATED', 'A platform token is required: Authorization: Bearer <JWT>');
      if (verified.client || verified.caller.role !== 'platform' || !verified.caller.org) {
        return fail(res, 403, 'FORBIDDEN', 'Only a platform exchanges widget tokens for its own orders');
      }
      caller = verified.caller;
    } catch (err) {
      if (err instanceof AuthenticationFailed) return fail(res, 401, 'UNAUTHENTICATED', err.message);
      throw err;
    }

    const input = await readJsonInput(req, res, body, { limitBytes: 16 * 1024, shape: '{ "partyId", "orderId" }' });
    if (!input) return;
    const { partyId, orderId } = input;

    const response = await deps.apollo.executeOperation({ query: ORDER, variables: { id: orderId } }, { contextValue: { caller } });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    const order = (result?.data as OrderParties | null | undefined)?.order;
    if (!order) {
      // Not found or not this platform's: the same answer, so platforms cannot probe others' orders.
      const codes = (result?.errors ?? []).map((e) => e.extensions?.code);
      if (!result || codes.some((code) => code !== 'FORBIDDEN' && code !== 'NOT_FOUND')) {
        deps.log.warn({ codes, orderId }, 'widget token: the order could not be checked');
        return fail(res, 503, 'SERVICE_UNAVAILABLE', 'The order could not be checked; try again');
      }
      return fail(res, 403, 'FORBIDDEN', 'No such order on this platform');
    }
    if (order.store.platform.id !== caller.org) return fail(res, 403, 'FORBIDDEN', 'No such order on this platform');
    const side = order.buyer?.id === partyId ? 'buyer' : order.store.merchant?.id === partyId ? 'seller' : undefined;
    if (!side) return fail(res, 403, 'FORBIDDEN', 'The party is neither the buyer of this order nor the merchant of its store');

    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + deps.ttlSeconds;
    const token = await new SignJWT({ role: 'party', client: 'e-station', platform: caller.org, order: order.id })
      .setProtectedHeader({ alg: WIDGET_TOKEN_ALG, kid: deps.widgetPrivateJwk.kid ?? WIDGET_KEY_ID, typ: 'JWT' })
      .setIssuer(WIDGET_ISSUER)
      .setAudience(HUB_AUDIENCE)
      .setSubject(partyId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await key);
    deps.log.info({ platform: caller.org, order: order.id, party: partyId, side }, 'widget token issued');
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, { token, expiresAt: new Date(expiresAt * 1000).toISOString(), side });
  };
}
