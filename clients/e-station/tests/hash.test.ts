import { webcrypto } from 'node:crypto';
import { canonicalHash } from '@fengqiao/subgraph-kit';
import { canonicalJson, canonicalSha256, formatBytes, hashPrefix, mediaTypeOf, newIdempotencyKey, parseAmount, sha256Hex, sha256OfBlob } from '../src/hash.js';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

test('SHA-256 in lower-case hex, as the hub stores it (known vectors)', async () => {
  expect(await sha256Hex(new Uint8Array(0), subtle)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  expect(await sha256Hex(new TextEncoder().encode('abc'), subtle)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('a Blob is hashed the same as its bytes, with the global webcrypto too', async () => {
  const blob = new Blob(['灯笼 photo bytes']);
  const expected = await sha256Hex(new TextEncoder().encode('灯笼 photo bytes'), subtle);
  expect(await sha256OfBlob(blob, subtle)).toBe(expected);
  expect(await sha256OfBlob(blob)).toBe(expected);
  expect(hashPrefix(expected)).toHaveLength(12);
});

test('sizes, media types, amounts and idempotency keys', () => {
  expect(formatBytes(512, 'en')).toBe('512 B');
  expect(formatBytes(1536, 'en')).toBe('1.5 KB');
  expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
  expect(mediaTypeOf({ name: 'photo.JPG' })).toBe('image/jpeg');
  expect(mediaTypeOf({ name: 'x', type: 'image/png' })).toBe('image/png');
  expect(mediaTypeOf({ name: 'noext' })).toBe('application/octet-stream');
  expect(parseAmount('86')).toBe('86.00');
  expect(parseAmount(' ¥1,299.5 ')).toBe('1299.50');
  expect(parseAmount('86.123')).toBeNull();
  expect(parseAmount('-5')).toBeNull();
  expect(parseAmount('abc')).toBeNull();
  const a = newIdempotencyKey();
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(newIdempotencyKey()).not.toBe(a);
});

test('the canonical hash of a confirmation is the hub\'s, byte for byte (keys sorted, Chinese text, escapes)', async () => {
  const input = {
    addresses: [{ channel: 'MOBILE', address: '138 0013 8000' }, { channel: 'POSTAL', address: '浙江省义乌市稠城街道 "工人北路" 1号\n' }],
    acceptedStatement: '本人确认以上地址为法律文书送达地址。\nI confirm.',
  };
  expect(canonicalJson({ b: [2, { d: 1, c: undefined }], a: null })).toBe('{"a":null,"b":[2,{"d":1}]}');
  expect(await canonicalSha256(input, subtle)).toBe(canonicalHash(input));
});
