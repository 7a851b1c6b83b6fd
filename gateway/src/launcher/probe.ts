import { request } from 'node:http';

export interface ProbeResult {
  status: number;
  body: string;
}

/**
 * One GET of a readiness endpoint with `node:http`, not `fetch`: fetch refuses the Fetch
 * standard's blocked ports before connecting, which would make a process that listens look
 * down. Resolves with the status and body; rejects when nothing answers within `timeoutMs`.
 */
export function probe(url: string, timeoutMs = 1_000): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        // A readiness answer is small; anything long is not one.
        if (body.length < 64 * 1024) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Whether `url` answers 2xx now. */
export async function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const { status } = await probe(url, timeoutMs);
    return status >= 200 && status < 300;
  } catch {
    return false;
  }
}
