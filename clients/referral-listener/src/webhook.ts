import type { BackoffOptions } from './backoff.js';
import { TransientError } from './errors.js';
import { timeoutSignal, withRetry } from './retry.js';

export interface WebhookOptions {
  url: string;
  backoff?: Partial<BackoffOptions>;
  /** Stops the retries (StoppedError); a request under way is allowed to finish. */
  signal?: AbortSignal;
  log: (message: string) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type WebhookOutcome = { delivered: true; status: number } | { delivered: false; status: number; reason: string };

/**
 * POSTs `body` as JSON. 2xx/3xx: delivered. Network errors, timeouts, 5xx, 408 and 429 are retried
 * with backoff until they succeed or the listener stops. Any other 4xx: the receiver refused
 * this event; it is not retried (the caller logs it and moves on).
 * `idempotencyKey` goes in the `Idempotency-Key` header so the receiver can drop a re-delivery.
 */
export async function postToWebhook(options: WebhookOptions, body: unknown, idempotencyKey: string): Promise<WebhookOutcome> {
  const doFetch = options.fetch ?? fetch;
  const payload = JSON.stringify(body);
  return withRetry(async () => {
    let res: Response;
    try {
      res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: payload,
        signal: timeoutSignal(options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new TransientError(`cannot reach the webhook ${options.url}`, { cause: err });
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new TransientError(`the webhook answered HTTP ${res.status}`);
    }
    if (res.status >= 400) {
      return { delivered: false, status: res.status, reason: text.trim().replace(/\s+/g, ' ').slice(0, 200) };
    }
    return { delivered: true, status: res.status };
  }, { backoff: options.backoff, signal: options.signal, log: options.log, what: `POST to the webhook (${idempotencyKey})` });
}
