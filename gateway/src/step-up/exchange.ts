import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { z } from 'zod';
import type { Caller, Logger, StepUpProof } from '@fengqiao/subgraph-kit';
import { sendJson } from '@fengqiao/subgraph-kit/http';
import { AuthenticationFailed, type ClientVerifier } from '../auth/client-auth.js';
import type { GatewayContext } from '../context.js';
import { fail, readJsonInput } from '../http/json-endpoint.js';
import type { SignedProof } from './proof.js';

const body = z.object({
  challengeId: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(20),
});

// Asked through the gateway's own Apollo server as the party: identity checks that the
// challenge is this party's, unexpired, unused, with tries left, and that the code is right.
const CONFIRM = /* GraphQL */ `
  mutation StepUpConfirmAct($challengeId: ID!, $code: String!) {
    confirmAct(challengeId: $challengeId, code: $code) { challengeId act subjectId contentHash confirmedAt }
  }
`;

/** HTTP status of identity's refusals; the body carries identity's code and details. */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID_TRANSITION: 409, RATE_LIMITED: 429,
};

export interface StepUpExchangeDeps {
  verifier: ClientVerifier;
  apollo: ApolloServer<GatewayContext>;
  sign: (partyId: string, confirmed: StepUpProof) => Promise<SignedProof>;
  log: Logger;
}

/**
 * `POST /auth/step-up` `{ challengeId, code }` with the party's own token or its widget token:
 * a right code becomes a step-up proof for the act, subject and content the party asked a code
 * for (docs/step-up.md). Answers `{ proof, act, subjectId, contentHash, expiresAt }`.
 */
export function stepUpExchange(deps: StepUpExchangeDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, OPTIONS');
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST');
    }
    let caller: Caller;
    try {
      caller = await deps.verifier.verify(req.headers.authorization);
    } catch (err) {
      if (err instanceof AuthenticationFailed) return fail(res, 401, 'UNAUTHENTICATED', err.message);
      throw err;
    }
    if (caller.role === 'anonymous') return fail(res, 401, 'UNAUTHENTICATED', 'A party token is required: Authorization: Bearer <JWT>');
    if (caller.role !== 'party' || !caller.sub) return fail(res, 403, 'FORBIDDEN', 'A party confirms its own legal acts');

    const input = await readJsonInput(req, res, body, { limitBytes: 4 * 1024, shape: '{ "challengeId", "code" }' });
    if (!input) return;

    const response = await deps.apollo.executeOperation({ query: CONFIRM, variables: input }, { contextValue: { caller } });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    const confirmed = (result?.data as { confirmAct?: StepUpProof } | null | undefined)?.confirmAct;
    if (!confirmed) {
      const error = result?.errors?.[0];
      const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : undefined;
      if (!error || !code || !(code in STATUS)) {
        deps.log.warn({ codes: result?.errors?.map((e) => e.extensions?.code) }, 'step-up: the code could not be checked');
        return fail(res, 503, 'SERVICE_UNAVAILABLE', 'The code could not be checked; try again');
      }
      return sendJson(res, STATUS[code]!, { errors: [{ message: error.message, extensions: error.extensions }] });
    }
    // The challenge id travels as the proof's: one confirmation, one proof.
    const signed = await deps.sign(caller.sub, { ...confirmed, confirmedAt: new Date(confirmed.confirmedAt).toISOString() });
    deps.log.info({ party: caller.sub, act: confirmed.act, challenge: confirmed.challengeId }, 'step-up proof issued');
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, {
      proof: signed.proof, act: confirmed.act, subjectId: confirmed.subjectId, contentHash: confirmed.contentHash, expiresAt: signed.expiresAt.toISOString(),
    });
  };
}
