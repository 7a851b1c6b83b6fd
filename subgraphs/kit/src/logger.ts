import pino, { type Logger } from 'pino';

/** Structured JSON logs, one line per event, with the component named on each line. */
export function createLogger(component: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: component, level, base: { component } });
}
export type { Logger };
