import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { stepUpProof, type Caller, type StepUpProof } from '@fengqiao/subgraph-kit';
import { WIDGET_KEY_ID, WIDGET_TOKEN_ALG } from '../auth/keys.js';

/**
 * The step-up proof: a short JWT the gateway signs after identity confirmed a party's
 * one-time code (docs/step-up.md). The client sends it with the act, in this header, over
 * HTTP; the gateway checks it and hands `{ act, subjectId, contentHash, challengeId }` to the
 * subgraphs in its internal token, and the owning subgraph decides (`requireStepUp`).
 *
 * Signed with the widget key, which every gateway of a hub shares, so any gateway accepts a
 * proof another issued. Its own issuer, audience and `typ` keep it from ever passing for an
 * access token (and a widget token from passing for a proof).
 */
export const STEP_UP_HEADER = 'fengqiao-step-up';
export const STEP_UP_ISSUER = 'fengqiao-hub-step-up';
export const STEP_UP_AUDIENCE = 'fengqiao-hub-step-up';
const STEP_UP_TYP = 'fq-step-up+jwt';
export const DEFAULT_STEP_UP_TTL_SECONDS = 300;

export interface SignedProof {
  proof: string;
  expiresAt: Date;
}

export function stepUpSigner(widgetPrivateJwk: JWK, ttlSeconds: number) {
  const key = importJWK(widgetPrivateJwk, WIDGET_TOKEN_ALG);
  key.catch(() => undefined); // reported on first use, not as an unhandled rejection
  return async (partyId: string, confirmed: StepUpProof): Promise<SignedProof> => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const proof = await new SignJWT({ ...confirmed })
      .setProtectedHeader({ alg: WIDGET_TOKEN_ALG, kid: widgetPrivateJwk.kid ?? WIDGET_KEY_ID, typ: STEP_UP_TYP })
      .setIssuer(STEP_UP_ISSUER)
      .setAudience(STEP_UP_AUDIENCE)
      .setSubject(partyId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await key);
    return { proof, expiresAt: new Date(expiresAt * 1000) };
  };
}

/**
 * The proof a request carries, for this caller; undefined when there is none or it does not
 * hold — forged, expired, malformed, or another party's. Such a proof is dropped rather than
 * refused: the act then answers STEP_UP_REQUIRED, which tells the client what to confirm again.
 */
export function stepUpVerifier(widgetPublicJwk: JWK) {
  const keys = createLocalJWKSet({ keys: [widgetPublicJwk] });
  return async (header: string | string[] | undefined, caller: Caller): Promise<StepUpProof | undefined> => {
    if (typeof header !== 'string' || !header || header.length > 4096) return undefined;
    if (caller.role !== 'party' || !caller.sub) return undefined;
    try {
      const { payload } = await jwtVerify(header.trim(), keys, {
        issuer: STEP_UP_ISSUER, audience: STEP_UP_AUDIENCE, algorithms: [WIDGET_TOKEN_ALG], typ: STEP_UP_TYP, requiredClaims: ['exp', 'sub'],
      });
      if (payload.sub !== caller.sub) return undefined;
      const parsed = stepUpProof.safeParse(payload);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
}
