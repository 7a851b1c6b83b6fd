import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@fengqiao/subgraph-kit/http';

const ALLOW_METHODS = 'POST, GET, OPTIONS';
// fengqiao-step-up: the party's proof for a legal act (step-up/proof.ts).
const ALLOW_HEADERS = 'content-type, authorization, fengqiao-step-up';

/**
 * CORS for the browser endpoints (`/graphql`, `/auth/widget-token`, `/auth/step-up`): the E Station runs on a
 * platform's page and calls the gateway from that origin. Only the listed origins get CORS
 * headers; with none listed, none are sent (same-origin and server-to-server callers only).
 * Returns true when it answered the request itself (a preflight).
 */
export function corsHandler(origins: readonly string[]) {
  const allowed = new Set(origins.map((o) => o.trim().replace(/\/$/, '')).filter(Boolean));
  return function cors(req: IncomingMessage, res: ServerResponse): boolean {
    if (!allowed.size) return false;
    const origin = req.headers.origin;
    res.setHeader('vary', 'Origin');
    const ok = typeof origin === 'string' && allowed.has(origin);
    if (ok) res.setHeader('access-control-allow-origin', origin);
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) return false;
    if (!ok) {
      sendJson(res, 403, { errors: [{ message: 'This origin may not call the gateway from a browser', extensions: { code: 'FORBIDDEN' } }] });
      return true;
    }
    res.writeHead(204, {
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '600',
      'content-length': '0',
    });
    res.end();
    return true;
  };
}
