import pino, { type DestinationStream, type Logger } from 'pino';
import { loggableError, REDACTED_LOG_PATHS } from './log-safety.js';

let destination: DestinationStream | undefined;

/**
 * Where loggers created from now on write (default: stdout). For tests that read what the
 * hub logs, e.g. to prove no input value reaches a log line; `undefined` restores stdout.
 */
export function sendLogsTo(stream: DestinationStream | undefined): void {
  destination = stream;
}

/**
 * Structured JSON logs, one line per event, with the component named on each line. Errors
 * are logged in their loggable form (log-safety.ts: no SQL parameters, no quoted values), and
 * keys that name personal data are censored wherever they turn up.
 */
export function createLogger(component: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options: pino.LoggerOptions = {
    name: component,
    level,
    base: { component },
    serializers: { err: (err: unknown) => (err instanceof Error ? loggableError(err) : err) },
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
