import { SignJWT, jwtVerify, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { ANONYMOUS, isRole, type Caller } from './roles.js';
import { stepUpProof } from './step-up.js';

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
  return new SignJWT({ role: caller.role, org: caller.org ?? undefined, step_up: caller.stepUp ?? undefined })
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
  const caller: Caller = { role: payload.role, sub: payload.sub ?? null, org: typeof payload.org === 'string' ? payload.org : null };
  if (payload.step_up !== undefined) caller.stepUp = stepUpProof.parse(payload.step_up);
  return caller;
}

const CACHE_LIMIT = 10_000;

/** A small bounded map: when full, the oldest entry goes (Map keeps insertion order). */
function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}

/**
 * Signs internal tokens, reusing one per caller and subgraph for half its lifetime: an ES256
 * signature per subgraph call was the gateway's largest cost after I/O.
 */
export function createInternalTokenSigner(key: CryptoKey): (subgraph: string, caller: Caller) => Promise<string> {
  const cache = new Map<string, { token: Promise<string>; renewAt: number }>();
  return (subgraph, caller) => {
    // A step-up proof is part of who is calling: a token without it must never stand in for one with it, nor the reverse.
    const id = `${subgraph}\u0000${caller.role}\u0000${caller.sub ?? ''}\u0000${caller.org ?? ''}\u0000${caller.stepUp?.challengeId ?? ''}`;
    const now = Date.now();
    const hit = cache.get(id);
    if (hit && hit.renewAt > now) return hit.token;
    const token = signInternalToken(key, subgraph, caller);
    token.catch(() => cache.delete(id));
    return remember(cache, id, { token, renewAt: now + (INTERNAL_TTL_SECONDS * 1000) / 2 }).token;
  };
}

/** Verifies internal tokens, remembering each verified token until it expires. */
export function createInternalTokenVerifier(key: CryptoKey, subgraph: string): (token: string) => Promise<Caller> {
  const cache = new Map<string, { caller: Caller; expiresAt: number }>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.caller;
    const caller = await verifyInternalToken(key, subgraph, token);
    const [, payload] = token.split('.');
    const exp = Number(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')).exp) * 1000;
    return remember(cache, token, { caller, expiresAt: exp }).caller;
  };
}
