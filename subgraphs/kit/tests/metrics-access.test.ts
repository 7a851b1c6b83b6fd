import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fromLoopback, metricsAccess, peerAddress } from '../src/http/metrics-access.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** A non-loopback address of this machine, so a request really arrives from elsewhere than 127.0.0.1. */
const outside = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let server: Server;
let port: number;
beforeAll(async () => {
  const allowed = metricsAccess(TOKEN);
  server = createServer((req, res) => {
    if (!allowed(req, res)) return;
    res.end(`metrics for ${peerAddress(req)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (host: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host, port, path: '/metrics', headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

test('this machine reads /metrics without a token', async () => {
  expect(await get('127.0.0.1')).toEqual({ status: 200, body: 'metrics for 127.0.0.1' });
});

test('a request through a proxy on this machine is not local: forwarding headers need the token', async () => {
  for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
    expect((await get('127.0.0.1', { [header]: '127.0.0.1' })).status).toBe(403);
  }
  expect((await get('127.0.0.1', { 'x-forwarded-for': '127.0.0.1', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
});

describe('from another address', () => {
  if (!outside) throw new Error('this machine has no non-loopback IPv4 address to test from');

  test('refused with a typed 403 that names nothing, with a wrong token or none', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { 'x-forwarded-for': '127.0.0.1' }];
    for (const headers of attempts) {
      const res = await get(outside, headers);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  test('served with the token', async () => {
    expect(await get(outside, { authorization: `Bearer ${TOKEN}` })).toEqual({ status: 200, body: `metrics for ${outside}` });
  });
});

test('without a configured token, nothing but this machine is let in', async () => {
  const allowed = metricsAccess(undefined);
  const res = { writeHead: jest.fn(), end: jest.fn() };
  const req = (remoteAddress: string, headers = {}) => ({ socket: { remoteAddress }, headers }) as never;
  expect(allowed(req('::1'), res as never)).toBe(true);
  expect(allowed(req('::ffff:127.0.0.1'), res as never)).toBe(true);
  expect(allowed(req('192.0.2.9', { authorization: 'Bearer ' }), res as never)).toBe(false);
  expect(fromLoopback(req('::ffff:10.0.0.1'))).toBe(false);
  expect(res.writeHead).toHaveBeenCalledWith(403, expect.anything());
});
