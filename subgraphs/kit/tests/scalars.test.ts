import { GraphQLError, Kind } from 'graphql';
import { DateTime, Decimal, parseTimestamp } from '../src/index.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof GraphQLError ? err.extensions : { notAGraphQLError: String(err) };
  }
  return undefined;
};

describe('DateTime: ISO 8601 with a real calendar date, a time and a zone', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T18:00+08:00', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T04:30:00-05:30', '2026-03-01T10:00:00.000Z'],
    ['2026-01-05T02:00:00.123456789Z', '2026-01-05T02:00:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, instant) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(instant);
    expect((DateTime.parseValue(text) as Date).toISOString()).toBe(instant);
    expect((DateTime.parseLiteral({ kind: Kind.STRING, value: text }, undefined) as Date).toISOString()).toBe(instant);
  });

  it.each([
    '2026-02-30T10:00:00Z', // Date.parse rolls it over to 2 March
    '2026-02-29T10:00:00Z', // not a leap year
    '2026-13-45T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60:00Z',
    '2026-03-01T10:00:60Z',
    '2026-03-01T10:00:00', // no zone: which day it is depends on the reader's clock
    '2026-03-01T10:00:00+0800',
    '2026-03-01', // a date is not an instant
    '2026-03-01 10:00:00Z',
    'March 1, 2026',
    'next year',
    '0000-01-01T00:00:00Z',
    '+022026-03-01T10:00:00Z',
    '2026-03-01T10:00:00Z\u0000',
    '',
  ])('refuses %j with BAD_USER_INPUT and rule DATE_TIME_FORMAT', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
    expect(refusal(() => DateTime.parseValue(text))).toEqual({ code: 'BAD_USER_INPUT', rule: 'DATE_TIME_FORMAT' });
    expect(refusal(() => DateTime.parseLiteral({ kind: Kind.STRING, value: text }, undefined))).toEqual({ code: 'BAD_USER_INPUT', rule: 'DATE_TIME_FORMAT' });
  });

  it('refuses what is not a string, such as epoch milliseconds', () => {
    expect(refusal(() => DateTime.parseValue(1_772_359_200_000))).toEqual({ code: 'BAD_USER_INPUT', rule: 'DATE_TIME_FORMAT' });
    expect(refusal(() => DateTime.parseLiteral({ kind: Kind.INT, value: '1772359200000' }, undefined))).toMatchObject({ rule: 'DATE_TIME_FORMAT' });
  });
});

describe('Decimal: yuan with at most two decimals', () => {
  it.each([
    ['1299', '1299.00'],
    ['1299.5', '1299.50'],
    ['0.01', '0.01'],
    ['-5', '-5.00'],
    ['9999999999999.99', '9999999999999.99'],
    [12.5, '12.50'],
  ])('reads %j as %s', (value, text) => {
    expect(Decimal.parseValue(value)).toBe(text);
  });

  it.each(['1.234', 'NaN', 'Infinity', '-Infinity', '1e3', '1E+3', '12,00', '1 000', '0x10', '.5', '5.', '', ' 5', '10000000000000',
    Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1 + 0.2, 1.234, true, null, {}])('refuses %j with rule DECIMAL_FORMAT', (value) => {
    expect(refusal(() => Decimal.parseValue(value))).toEqual({ code: 'BAD_USER_INPUT', rule: 'DECIMAL_FORMAT' });
  });

  it('refuses a literal with an exponent or too many decimals, reads a plain one', () => {
    expect(refusal(() => Decimal.parseLiteral({ kind: Kind.FLOAT, value: '1e3' }, undefined))).toMatchObject({ rule: 'DECIMAL_FORMAT' });
    expect(refusal(() => Decimal.parseLiteral({ kind: Kind.STRING, value: '1.234' }, undefined))).toMatchObject({ rule: 'DECIMAL_FORMAT' });
    expect(refusal(() => Decimal.parseLiteral({ kind: Kind.BOOLEAN, value: true }, undefined))).toMatchObject({ rule: 'DECIMAL_FORMAT' });
    expect(Decimal.parseLiteral({ kind: Kind.INT, value: '42' }, undefined)).toBe('42.00');
  });
});
