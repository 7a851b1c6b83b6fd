import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWK, type JWTVerifyGetKey, type JWTPayload } from 'jose';
import { ANONYMOUS, isRole, type Caller } from '@fengqiao/subgraph-kit';
import { DEV_ISSUER, DEV_TOKEN_ALG, HUB_AUDIENCE, WIDGET_ISSUER, WIDGET_TOKEN_ALG } from './keys.js';

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

/** A verified caller, and whether its token was an E Station widget token the gateway signed. */
export interface VerifiedClient {
  caller: Caller;
  /** Set for widget tokens only: such a caller may run trusted documents only. */
  client?: 'e-station';
  /** For widget tokens: the platform and order the token was issued for. */
  platform?: string;
  order?: string;
}

export interface ClientVerifier {
  verify(authorization: string | undefined): Promise<Caller>;
  /** As `verify`, and tells widget tokens apart from the identity provider's (or dev) tokens. */
  verifyClient(authorization: string | undefined): Promise<VerifiedClient>;
}

/**
 * `widgetPublicJwk`: the gateway's own widget key. Tokens with issuer `fengqiao-hub-widget`
 * are verified with it alone (in every mode), and must be party tokens for `client: "e-station"`.
 */
export function createClientVerifier(config: ClientAuthConfig, widgetPublicJwk?: JWK): ClientVerifier {
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
  const widgetKeys = widgetPublicJwk ? createLocalJWKSet({ keys: [widgetPublicJwk] }) : undefined;
  const widgetOptions = { issuer: WIDGET_ISSUER, audience: HUB_AUDIENCE, algorithms: [WIDGET_TOKEN_ALG] };

  const check = async (token: string, getKey: JWTVerifyGetKey, verifyOptions: typeof options): Promise<JWTPayload> => {
    try {
      return (await jwtVerify(token, getKey, { ...verifyOptions, requiredClaims: ['exp', 'sub'] })).payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new AuthenticationFailed('The token has expired');
      throw new AuthenticationFailed('The token could not be verified');
    }
  };

  const verifyClient = async (authorization: string | undefined): Promise<VerifiedClient> => {
    if (!authorization) return { caller: ANONYMOUS };
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(authorization.trim());
    if (!match) throw new AuthenticationFailed('The Authorization header must be "Bearer <JWT>"');
    const token = match[1]!;
    let claimed: JWTPayload;
    try {
      // Unverified, only to pick the key set; the chosen one then checks the issuer too.
      claimed = decodeJwt(token);
    } catch {
      throw new AuthenticationFailed('The token could not be verified');
    }
    if (claimed.iss === WIDGET_ISSUER) {
      if (!widgetKeys) throw new AuthenticationFailed('The token could not be verified');
      const payload = await check(token, widgetKeys, widgetOptions);
      if (payload.client !== 'e-station' || payload.role !== 'party' || typeof payload.platform !== 'string' || typeof payload.order !== 'string') {
        throw new AuthenticationFailed('The token could not be verified');
      }
      return { caller: { role: 'party', sub: payload.sub ?? null, org: null }, client: 'e-station', platform: payload.platform, order: payload.order };
    }
    const payload = await check(token, keys, options);
    if (production && payload.iss === DEV_ISSUER) throw new AuthenticationFailed('Development tokens are not accepted here');
    // Only the gateway issues widget tokens; another issuer's token claiming to be one is refused.
    if (payload.client === 'e-station') throw new AuthenticationFailed('Widget tokens are issued by the hub only');
    if (!isRole(payload.role)) throw new AuthenticationFailed('The token carries no known role');
    return { caller: { role: payload.role, sub: payload.sub ?? null, org: typeof payload.org === 'string' ? payload.org : null } };
  };

  return {
    verifyClient,
    async verify(authorization) {
      return (await verifyClient(authorization)).caller;
    },
  };
}
