import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page and its assets live on the gateway. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

const resolvePackage = createRequire(import.meta.url);
const packageFile = (name: string, file: string) => path.join(path.dirname(resolvePackage.resolve(`${name}/package.json`)), file);
const here = path.dirname(fileURLToPath(import.meta.url));

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * Everything the page loads, from the installed packages (GraphiQL's UMD build and React 18's),
 * so a developer's browser never reaches a CDN: GraphiQL's CSS carries its fonts as data: URLs.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.production.min.js': { file: packageFile('react', 'umd/react.production.min.js'), type: JS },
  'react-dom.production.min.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: JS },
  'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: JS },
  'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: CSS },
  'start.js': { file: path.join(here, 'start.js'), type: JS },
  'hub.css': { file: path.join(here, 'hub.css'), type: CSS },
};

/**
 * Only the gateway's own files run on the page, and it talks only to the gateway. Fonts and
 * icons are data: URLs inside GraphiQL's CSS; React applies styles through the CSSOM, which
 * style-src does not restrict, so no inline style or script is allowed.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-security-policy': GRAPHIQL_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const page = (endpoint: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fengqiao Hub · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.min.css">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}hub.css">
</head>
<body>
<div class="fq-token">
<label for="token">Bearer token</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" placeholder="npm run --silent token -- court">
<small>sent as Authorization; empty = anonymous</small>
</div>
<div id="graphiql" data-endpoint="${endpoint}">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSETS_PATH}react.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}react-dom.production.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}graphiql.min.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}start.js"></script>
</body>
</html>
`;

/** A browser asking for the endpoint itself, not a GraphQL GET request. */
function wantsPage(req: IncomingMessage, search: URLSearchParams): boolean {
  if (req.method !== 'GET' || search.has('query') || search.has('documentId') || search.has('extensions')) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * Development's GraphiQL, served by the hub itself: the page at the GraphQL endpoint for a
 * browser, its assets under /graphiql/. Returns true when it answered the request.
 */
export function graphiqlHandler(endpoint = '/graphql') {
  const cache = new Map<string, Buffer>();
  const html = page(endpoint);
  return function serveGraphiQL(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (pathname.startsWith(GRAPHIQL_ASSETS_PATH)) {
      const asset = ASSETS[pathname.slice(GRAPHIQL_ASSETS_PATH.length)];
      if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      let body = cache.get(asset.file);
      if (!body) {
        body = readFileSync(asset.file);
        cache.set(asset.file, body);
      }
      res.writeHead(200, { ...HEADERS, 'content-type': asset.type, 'content-length': body.length, 'cache-control': 'public, max-age=3600' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (pathname !== endpoint && pathname !== '/') return false;
    if (!wantsPage(req, new URLSearchParams((req.url ?? '').split('?')[1] ?? ''))) return false;
    res.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(html);
    return true;
  };
}
