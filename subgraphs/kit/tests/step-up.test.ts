import { createHash } from 'node:crypto';
import {
  canonicalHash, canonicalJson, createInternalTokenSigner, createInternalTokenVerifier, generateInternalKeyPair, HubError, importInternalKey,
  requireStepUp, signInternalToken, verifyInternalToken, withStepUp, type Caller,
} from '../src/index.js';

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const party: Caller = { role: 'party', sub: 'pty_a', org: null };

function refusal(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HubError);
    return (err as HubError).extensions;
  }
  throw new Error('expected a refusal');
}

describe('canonical JSON and its hash', () => {
  test('sorts keys at every depth, keeps array order, drops undefined, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 'x', y: undefined, c: null }, 2], 'é': '中' })).toBe('{"a":[{"c":null,"z":"x"},2],"b":1,"é":"中"}');
  });

  test('writes dates as ISO 8601 UTC, as JSON.stringify would', () => {
    expect(canonicalJson({ at: new Date('2026-05-01T08:00:00+08:00') })).toBe('{"at":"2026-05-01T00:00:00.000Z"}');
  });

  test('the hash is SHA-256 of the UTF-8 canonical form, whatever the key order given', () => {
    const expected = createHash('sha256').update('{"acceptedStatement":"我确认","addresses":[{"address":"13800138000","channel":"MOBILE"}]}', 'utf8').digest('hex');
    expect(canonicalHash({ addresses: [{ channel: 'MOBILE', address: '13800138000' }], acceptedStatement: '我确认' })).toBe(expected);
  });
});

describe('requireStepUp', () => {
  test('a party without a proof is refused STEP_UP_REQUIRED, told what to confirm', () => {
    expect(refusal(() => requireStepUp(party, 'SIGN_SETTLEMENT', 'mcs_1', HASH))).toEqual({
      code: 'STEP_UP_REQUIRED', act: 'SIGN_SETTLEMENT', subjectId: 'mcs_1', contentHash: HASH,
    });
  });

  test('a proof for exactly this act, subject and content passes and is answered for the record', () => {
    const caller = withStepUp(party, 'SIGN_SETTLEMENT', 'mcs_1', HASH, 'acc_1');
    expect(requireStepUp(caller, 'SIGN_SETTLEMENT', 'mcs_1', HASH)).toMatchObject({ challengeId: 'acc_1', act: 'SIGN_SETTLEMENT' });
  });

  test.each([
    ['another act', withStepUp(party, 'CONFIRM_SERVICE_ADDRESSES', 'mcs_1', HASH)],
    ['another subject', withStepUp(party, 'SIGN_SETTLEMENT', 'mcs_2', HASH)],
    ['another content', withStepUp(party, 'SIGN_SETTLEMENT', 'mcs_1', OTHER_HASH)],
  ])('a proof for %s is refused', (_, caller) => {
    expect(refusal(() => requireStepUp(caller, 'SIGN_SETTLEMENT', 'mcs_1', HASH)).code).toBe('STEP_UP_REQUIRED');
  });

  test('courts and admins act on their own authority: no proof needed, none recorded', () => {
    expect(requireStepUp({ role: 'court', sub: 'judge', org: 'crt_1' }, 'APPLY_FOR_JUDICIAL_CONFIRMATION', 'stl_1', HASH)).toBeNull();
    expect(requireStepUp({ role: 'admin', sub: 'root', org: null }, 'SIGN_SETTLEMENT', 'mcs_1', HASH)).toBeNull();
  });
});

describe('the proof in the internal token', () => {
  test('travels from the gateway to the subgraph intact', async () => {
    const keys = await generateInternalKeyPair();
    const caller = withStepUp(party, 'APPLY_FOR_JUDICIAL_CONFIRMATION', 'stl_1', HASH, 'acc_9');
    const token = await signInternalToken(await importInternalKey(keys.privateJwk), 'courts', caller);
    expect(await verifyInternalToken(await importInternalKey(keys.publicJwk), 'courts', token)).toEqual(caller);
    const plain = await signInternalToken(await importInternalKey(keys.privateJwk), 'courts', party);
    expect((await verifyInternalToken(await importInternalKey(keys.publicJwk), 'courts', plain)).stepUp).toBeUndefined();
  });

  test('the signer never reuses a token across proofs, nor a proof-less token for a proof', async () => {
    const keys = await generateInternalKeyPair();
    const sign = createInternalTokenSigner(await importInternalKey(keys.privateJwk));
    const verify = createInternalTokenVerifier(await importInternalKey(keys.publicJwk), 'mediation');
    const plain = await sign('mediation', party);
    const first = await sign('mediation', withStepUp(party, 'SIGN_SETTLEMENT', 'mcs_1', HASH, 'acc_1'));
    const second = await sign('mediation', withStepUp(party, 'SIGN_SETTLEMENT', 'mcs_1', HASH, 'acc_2'));
    expect(new Set([plain, first, second]).size).toBe(3);
    expect((await verify(first)).stepUp?.challengeId).toBe('acc_1');
    expect((await verify(second)).stepUp?.challengeId).toBe('acc_2');
    expect((await verify(plain)).stepUp).toBeUndefined();
  });

  test('a malformed proof claim makes the token invalid', async () => {
    const keys = await generateInternalKeyPair();
    const forged = await signInternalToken(await importInternalKey(keys.privateJwk), 'courts', {
      ...party, stepUp: { act: 'PAY_EVERYTHING', subjectId: 'x', contentHash: 'nothex', challengeId: 'c', confirmedAt: 'soon' } as never,
    });
    await expect(verifyInternalToken(await importInternalKey(keys.publicJwk), 'courts', forged)).rejects.toThrow();
  });
});
