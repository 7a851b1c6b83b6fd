import { SignJWT, jwtVerify, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { ANONYMOUS, isRole, type Caller } from './roles.js';

/**
 * The gateway signs one short-lived token per subgraph call; subgraphs accept nothing else.
 * The key pair is asymmetric so that a compromised subgraph cannot mint calls to the others.
 */
export const INTERNAL_ISSUER = 'fengqiao-gateway';
export const INTERNAL_ALG = 'ES256';
export const INTERNAL_TTL_SECONDS = 60;

export const internalAudience = (subgraph: string) => `fengqiao-subgraph:${subgraph}`;

export interface InternalKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateInternalKeyPair(): Promise<InternalKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(INTERNAL_ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

export async function importInternalKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, INTERNAL_ALG)) as CryptoKey;
}

export async function signInternalToken(key: CryptoKey, subgraph: string, caller: Caller): Promise<string> {
  return new SignJWT({ role: caller.role, org: caller.org ?? undefined })
    .setProtectedHeader({ alg: INTERNAL_ALG, typ: 'JWT' })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(internalAudience(subgraph))
    .setSubject(caller.sub ?? 'anonymous')
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_TTL_SECONDS}s`)
    .sign(key);
}

/** Throws when the token is missing, forged, expired, or meant for another subgraph. */
export async function verifyInternalToken(key: CryptoKey, subgraph: string, token: string): Promise<Caller> {
  const { payload } = await jwtVerify(token, key, {
    algorithms: [INTERNAL_ALG],
    issuer: INTERNAL_ISSUER,
    audience: internalAudience(subgraph),
    requiredClaims: ['exp', 'sub'],
  });
  if (payload.role === 'anonymous') return ANONYMOUS;
  if (!isRole(payload.role)) throw new Error(`unknown role ${String(payload.role)}`);
  return { role: payload.role, sub: payload.sub ?? null, org: typeof payload.org === 'string' ? payload.org : null };
}
