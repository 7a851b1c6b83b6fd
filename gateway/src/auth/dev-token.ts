import { importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from '@fengqiao/subgraph-kit';
import { DEV_ISSUER, DEV_TOKEN_ALG, HUB_AUDIENCE } from './keys.js';

/** Signs a client token with the local dev key, as a real identity provider would. */
export async function signDevToken(
  devPrivateJwk: JWK,
  claims: { role: Role; sub: string; org?: string | null },
  ttl: string = '8h',
): Promise<string> {
  const key = await importJWK(devPrivateJwk, DEV_TOKEN_ALG);
  return new SignJWT({ role: claims.role, ...(claims.org ? { org: claims.org } : {}) })
    .setProtectedHeader({ alg: DEV_TOKEN_ALG, kid: devPrivateJwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(HUB_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}
