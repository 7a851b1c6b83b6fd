import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.js';

/**
 * An ISO 8601 timestamp with a time and a zone: `2026-03-01T10:00:00Z`, `2026-03-01T18:00+08:00`,
 * up to nine decimals of seconds. Stricter than `Date.parse`, which takes `2026-02-30` and
 * `March 1` and rolls impossible dates over: here the date must exist in the calendar.
 */
const TIMESTAMP = /^([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The instant `text` names, or undefined when it is not a real ISO 8601 timestamp. */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)] as const;
  const [offsetHours, offsetMinutes] = [part(9), part(10)] as const;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000);
}

const notATimestamp = () =>
  badInput('DateTime must be an ISO 8601 timestamp with a real date, a time and a zone, like "2026-03-01T10:00:00Z"', { rule: 'DATE_TIME_FORMAT' });

/** ISO 8601 timestamps, always emitted in UTC. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    const date = typeof value === 'string' ? parseTimestamp(value) : undefined;
    if (!date) throw notATimestamp();
    return date;
  },
  parseLiteral(ast) {
    const date = ast.kind === Kind.STRING ? parseTimestamp(ast.value) : undefined;
    if (!date) throw notATimestamp();
    return date;
  },
});

/** Yuan: at most 13 digits before the point and two after; no exponent, NaN or Infinity. */
const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;

const notADecimal = () =>
  badInput('Decimal must be a number with at most two decimals, like "1299.00"', { rule: 'DECIMAL_FORMAT' });

/**
 * Money in yuan as a decimal string ("1299.00"): never a float, so no fen is lost on the
 * way between subgraphs and clients.
 */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  serialize(value) {
    const n = typeof value === 'number' ? value.toFixed(2) : String(value);
    if (!DECIMAL.test(n)) throw new GraphQLError(`Decimal cannot represent ${n}`);
    return Number(n).toFixed(2);
  },
  parseValue(value) {
    // A JSON number is read as written; 1e21 and 0.1 + 0.2 print as what they are and are refused.
    const s = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof s !== 'string' || !DECIMAL.test(s)) throw notADecimal();
    return Number(s).toFixed(2);
  },
  parseLiteral(ast) {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT) && DECIMAL.test(ast.value)) {
      return Number(ast.value).toFixed(2);
    }
    throw notADecimal();
  },
});
