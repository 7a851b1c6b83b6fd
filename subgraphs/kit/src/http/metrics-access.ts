import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIPv4 } from 'node:net';
import { sendJson } from './graphql-handler.js';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

// A reverse proxy on the same machine makes every caller look local; the headers it adds give it away.
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

/** The socket's peer address, with IPv4 written as IPv4 even on a dual-stack socket (`::ffff:1.2.3.4`). */
export function peerAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * Whether the request came from this machine: the socket's own address, never a header a
 * client can write. A request carrying forwarding headers passed through a proxy and does
 * not count as local, wherever the proxy runs.
 */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = peerAddress(req);
  const local = isIPv4(address) ? LOOPBACK.check(address, 'ipv4') : address !== '' && LOOPBACK.check(address, 'ipv6');
  return local && !FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Guard of `/metrics`: served to callers on this machine, and to others only with
 * `Authorization: Bearer <METRICS_TOKEN>`. Anyone else gets a 403 that says nothing about
 * the metrics or whether a token is configured. Returns false when it has answered.
 */
export function metricsAccess(token: string | undefined) {
  // Compared as digests so the comparison takes the same time whatever the length guessed.
  const expected = token ? digest(token) : undefined;
  return function allowed(req: IncomingMessage, res: ServerResponse): boolean {
    if (fromLoopback(req)) return true;
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (expected && given && timingSafeEqual(digest(given), expected)) return true;
    sendJson(res, 403, {
      errors: [{ message: 'Metrics are served to this machine, or with the metrics token', extensions: { code: 'FORBIDDEN' } }],
    });
    return false;
  };
}
