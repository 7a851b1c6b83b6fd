import { HubError } from '@fengqiao/subgraph-kit';

export interface WindowLimit {
  limit: number;
  windowMinutes: number;
}

/**
 * A sliding window over what the requester already did: `used.n` requests since the window
 * began, the oldest at `used.oldest`. At the limit the request is RATE_LIMITED, with the
 * seconds until the oldest one leaves the window. The caller counts under a lock, so two
 * requests at once are counted one after the other.
 */
export function checkWindowLimit(used: { n: number; oldest: Date | null }, { limit, windowMinutes }: WindowLimit, now: Date, what: string): void {
  if (used.n < limit) return;
  const windowMs = windowMinutes * 60_000;
  const retryAfterSeconds = Math.max(1, Math.ceil(((used.oldest ?? now).getTime() + windowMs - now.getTime()) / 1000));
  throw new HubError(
    'RATE_LIMITED',
    `You have made ${used.n} ${what} in the last ${windowMinutes} minutes, the most allowed; try again in ${retryAfterSeconds} seconds`,
    { limit, windowMinutes, retryAfterSeconds },
  );
}
