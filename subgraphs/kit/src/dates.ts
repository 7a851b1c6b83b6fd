/**
 * Calendar dates as Chinese courts and parties count them: in China Standard Time (UTC+8,
 * no daylight saving), whatever the server's time zone. A due date "2026-09-30" is missed
 * from 2026-10-01 00:00 in Beijing.
 */
/** Where a subgraph reads the time for deadlines and expiries; tests put in one they move. */
export interface Clock {
  now(): Date;
}

export const systemClock = (): Clock => ({ now: () => new Date() });

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** True once `dueDate` (YYYY-MM-DD) has passed in China. */
export function isPastDue(dueDate: string, at: Date = new Date()): boolean {
  return chinaDate(at) > dueDate;
}
