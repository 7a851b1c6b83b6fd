import { importJWK, SignJWT } from 'jose';
import type { Caller, StepUpProof } from '@fengqiao/subgraph-kit';
import { createClientVerifier } from '../src/auth/client-auth.js';
import { generateWidgetKeyPair, WIDGET_ISSUER, HUB_AUDIENCE } from '../src/auth/keys.js';
import { stepUpSigner, stepUpVerifier, STEP_UP_AUDIENCE, STEP_UP_ISSUER } from '../src/step-up/proof.js';

const confirmed: StepUpProof = {
  act: 'SIGN_SETTLEMENT', subjectId: 'mcs_1', contentHash: 'a'.repeat(64), challengeId: 'acc_1', confirmedAt: new Date().toISOString(),
};
const lina: Caller = { role: 'party', sub: 'pty_lina', org: null };

describe('the step-up proof', () => {
  let keys: Awaited<ReturnType<typeof generateWidgetKeyPair>>;
  beforeAll(async () => {
    keys = await generateWidgetKeyPair();
  });

  test('holds for the party it was issued to, and carries exactly what was confirmed', async () => {
    const { proof, expiresAt } = await stepUpSigner(keys.privateJwk, 300)('pty_lina', confirmed);
    expect(await stepUpVerifier(keys.publicJwk)(proof, lina)).toEqual(confirmed);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(290_000);
  });

  test('is dropped for another party, a non-party, when expired, forged or malformed', async () => {
    const verify = stepUpVerifier(keys.publicJwk);
    const { proof } = await stepUpSigner(keys.privateJwk, 300)('pty_lina', confirmed);
    expect(await verify(proof, { role: 'party', sub: 'pty_zhang', org: null })).toBeUndefined();
    expect(await verify(proof, { role: 'court', sub: 'pty_lina', org: 'crt_1' })).toBeUndefined();
    const other = await generateWidgetKeyPair();
    expect(await verify((await stepUpSigner(other.privateJwk, 300)('pty_lina', confirmed)).proof, lina)).toBeUndefined();
    const key = await importJWK(keys.privateJwk, 'ES256');
    const expired = await new SignJWT({ ...confirmed }).setProtectedHeader({ alg: 'ES256', typ: 'fq-step-up+jwt' }).setIssuer(STEP_UP_ISSUER)
      .setAudience(STEP_UP_AUDIENCE).setSubject('pty_lina').setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 300).sign(key);
    expect(await verify(expired, lina)).toBeUndefined();
    const malformed = await new SignJWT({ ...confirmed, contentHash: 'short' }).setProtectedHeader({ alg: 'ES256', typ: 'fq-step-up+jwt' }).setIssuer(STEP_UP_ISSUER)
      .setAudience(STEP_UP_AUDIENCE).setSubject('pty_lina').setIssuedAt().setExpirationTime('5m').sign(key);
    expect(await verify(malformed, lina)).toBeUndefined();
    expect(await verify('not.a.jwt', lina)).toBeUndefined();
    expect(await verify(['a', 'b'], lina)).toBeUndefined();
  });

  test('a widget token is no proof, and a proof is no access token', async () => {
    const key = await importJWK(keys.privateJwk, 'ES256');
    const widgetToken = await new SignJWT({ role: 'party', client: 'e-station', platform: 'plt_1', order: 'ord_1', ...confirmed })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).setIssuer(WIDGET_ISSUER).setAudience(HUB_AUDIENCE).setSubject('pty_lina').setIssuedAt().setExpirationTime('5m').sign(key);
    expect(await stepUpVerifier(keys.publicJwk)(widgetToken, lina)).toBeUndefined();
    const { proof } = await stepUpSigner(keys.privateJwk, 300)('pty_lina', confirmed);
    const clients = createClientVerifier({ mode: 'dev', devPublicJwk: keys.publicJwk }, keys.publicJwk);
    await expect(clients.verify(`Bearer ${proof}`)).rejects.toThrow();
  });
});
