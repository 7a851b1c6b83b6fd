import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readIdentityEnvironment, registriesFrom } from '../src/environment.js';
import { ask, httpRegistries, registryFor } from '../src/registries/index.js';

/** A registry gateway speaking the documented protocol, with one slow path to test the timeout. */
let server: Server;
let baseUrl: string;
const seen: { path: string; auth: string | undefined; body: any }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      seen.push({ path: req.url!, auth: req.headers.authorization, body });
      const reply = (status: number, value: object) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      if (req.headers.authorization !== 'Bearer s3cret') return reply(401, { error: 'unauthorised' });
      if (body.name === '慢') return void setTimeout(() => reply(200, { outcome: 'MATCH' }), 1_000);
      if (req.url === '/v1/identity/match') return reply(200, { outcome: body.name === '赵磊' ? 'MATCH' : 'MISMATCH' });
      if (req.url === '/v1/identity/contacts') return reply(200, { contacts: [{ kind: 'POSTAL', value: '浙江省义乌市福田街道1号' }, { kind: 'FAX', value: 'x' }] });
      if (req.url === '/v1/telecom/mobiles') return reply(200, { outcome: 'MATCH', mobiles: ['15857926677', 42] });
      reply(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const person = { name: '赵磊', idType: 'RESIDENT_ID' as const, idNumber: '330702197909234511' };

describe('registries over HTTP', () => {
  test('asks the configured gateway with its token, per the documented protocol', async () => {
    const registries = httpRegistries({ baseUrl, token: 's3cret', timeoutMs: 500 });
    const ps = registryFor(registries, 'RESIDENT_ID')!;
    expect(ps.name).toBe('PUBLIC_SECURITY');
    expect(await ps.match(person)).toEqual({ outcome: 'MATCH' });
    expect(await ps.match({ ...person, name: '赵雷' })).toEqual({ outcome: 'MISMATCH' });
    expect(seen.at(-1)).toEqual({ path: '/v1/identity/match', auth: 'Bearer s3cret', body: { registry: 'PUBLIC_SECURITY', ...person, name: '赵雷' } });
    // Answers outside the contract are dropped, not passed on.
    expect(await registryFor(registries, 'UNIFIED_SOCIAL_CREDIT_CODE')!.contactsOf(person)).toEqual([{ kind: 'POSTAL', value: '浙江省义乌市福田街道1号' }]);
    expect(await registries.telecom.mobilesOf(person)).toEqual({ outcome: 'MATCH', mobiles: ['15857926677'] });
    expect(registryFor(registries, 'PASSPORT')).toBeUndefined();
  });

  test('a refused token, an error or a timeout makes the registry UNAVAILABLE, not the request fail', async () => {
    const wrongToken = registryFor(httpRegistries({ baseUrl, token: 'wrong', timeoutMs: 500 }), 'RESIDENT_ID')!;
    expect(await ask(() => wrongToken.match(person), { outcome: 'UNAVAILABLE' as const })).toEqual({ outcome: 'UNAVAILABLE' });
    const slow = registryFor(httpRegistries({ baseUrl, token: 's3cret', timeoutMs: 200 }), 'RESIDENT_ID')!;
    expect(await ask(() => slow.match({ ...person, name: '慢' }), { outcome: 'UNAVAILABLE' as const })).toEqual({ outcome: 'UNAVAILABLE' });
  });
});

describe('configuration', () => {
  test('seeded registries by default', () => {
    const env = readIdentityEnvironment({});
    expect(env).toMatchObject({ registries: 'seeded', repairLimit: 5, repairWindowMinutes: 1440 });
    expect(registriesFrom(env).identity.map((r) => r.name)).toEqual(['PUBLIC_SECURITY', 'MARKET_SUPERVISION']);
  });

  test('http registries are plugged in by configuration', async () => {
    const env = readIdentityEnvironment({ IDENTITY_REGISTRIES: 'http', IDENTITY_REGISTRY_URL: baseUrl, IDENTITY_REGISTRY_TOKEN: 's3cret' });
    expect(await registryFor(registriesFrom(env), 'RESIDENT_ID')!.match(person)).toEqual({ outcome: 'MATCH' });
  });

  test('every problem is reported at once', () => {
    let message = '';
    try {
      readIdentityEnvironment({ IDENTITY_REGISTRIES: 'http', IDENTITY_REPAIR_LIMIT: '0', IDENTITY_RELAY_NUMBER: 'abc' });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['repairLimit', 'relayNumber', 'registryUrl', 'registryToken']) expect(message).toContain(name);
  });
});
