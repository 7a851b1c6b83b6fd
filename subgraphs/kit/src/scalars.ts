import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** ISO 8601 timestamps, always emitted in UTC. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime must be an ISO 8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(Date.parse(ast.value))) {
      throw new GraphQLError('DateTime must be an ISO 8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return new Date(ast.value);
  },
});

const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;

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
    const s = typeof value === 'number' ? String(value) : value;
    if (typeof s !== 'string' || !DECIMAL.test(s)) {
      throw new GraphQLError('Decimal must be a number with at most two decimals, like "1299.00"', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return Number(s).toFixed(2);
  },
  parseLiteral(ast) {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT) && DECIMAL.test(ast.value)) {
      return Number(ast.value).toFixed(2);
    }
    throw new GraphQLError('Decimal must be a number with at most two decimals, like "1299.00"', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
