import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWK, type JWTVerifyGetKey, type JWTPayload } from 'jose';
import { ANONYMOUS, isRole, type Caller } from '@fengqiao/subgraph-kit';
import { DEV_ISSUER, DEV_TOKEN_ALG, HUB_AUDIENCE } from './keys.js';

/**
 * Verifies client bearer tokens. In production the keys come from the identity provider's
 * JWKS; on a developer's machine from the local dev key. The two never mix: once a JWKS is
 * configured, tokens from the dev issuer are refused even if someone copied the dev key.
 */
export type ClientAuthConfig =
  | { mode: 'jwks'; jwksUrl: string; issuer: string; audience: string; algorithms: string[] }
  | { mode: 'dev'; devPublicJwk: JWK }
  | { mode: 'local-jwks'; jwks: { keys: JWK[] }; issuer: string; audience: string; algorithms: string[] };

export class AuthenticationFailed extends Error {}

export interface ClientVerifier {
  verify(authorization: string | undefined): Promise<Caller>;
}

export function createClientVerifier(config: ClientAuthConfig): ClientVerifier {
  let keys: JWTVerifyGetKey;
  let options: { issuer: string; audience: string; algorithms: string[] };
  if (config.mode === 'dev') {
    keys = createLocalJWKSet({ keys: [config.devPublicJwk] });
    options = { issuer: DEV_ISSUER, audience: HUB_AUDIENCE, algorithms: [DEV_TOKEN_ALG] };
  } else if (config.mode === 'jwks') {
    keys = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    options = { issuer: config.issuer, audience: config.audience, algorithms: config.algorithms };
  } else {
    keys = createLocalJWKSet(config.jwks);
    options = { issuer: config.issuer, audience: config.audience, algorithms: config.algorithms };
  }
  const production = config.mode !== 'dev';

  return {
    async verify(authorization) {
      if (!authorization) return ANONYMOUS;
      const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(authorization.trim());
      if (!match) throw new AuthenticationFailed('The Authorization header must be "Bearer <JWT>"');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(match[1]!, keys, { ...options, requiredClaims: ['exp', 'sub'] }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new AuthenticationFailed('The token has expired');
        throw new AuthenticationFailed('The token could not be verified');
      }
      if (production && payload.iss === DEV_ISSUER) throw new AuthenticationFailed('Development tokens are not accepted here');
      if (!isRole(payload.role)) throw new AuthenticationFailed('The token carries no known role');
      return { role: payload.role, sub: payload.sub ?? null, org: typeof payload.org === 'string' ? payload.org : null };
    },
  };
}
