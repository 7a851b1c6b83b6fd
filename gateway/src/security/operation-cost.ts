import { getNamedType, getNullableType, isCompositeType, isListType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '@fengqiao/subgraph-kit';

const PAGE_ARGUMENTS = ['first', 'last'];

/**
 * The hub's cost model for graphql-query-complexity: every field costs one, and what a field
 * selects counts once per item it can return. A field with `first`/`last` returns that many
 * (its schema default when absent, at most the kit's MAX_PAGE_SIZE, which subgraphs enforce);
 * a connection's `edges`/`nodes` are already counted by that page size; any other list of
 * objects is assumed to hold `listSize` items. Lists of scalars cost one, like a scalar.
 */
export function costEstimator(listSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.args.some((a) => PAGE_ARGUMENTS.includes(a.name))) {
      const asked = [args.first, args.last].find((n): n is number => typeof n === 'number');
      // An explicit null falls back to a subgraph's own default, which is never above the maximum.
      const size = Math.min(Math.max(asked ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
      return 1 + size * childComplexity;
    }
    const listOfObjects = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
    if (!listOfObjects || type.name.endsWith('Connection')) return 1 + childComplexity;
    return 1 + listSize * childComplexity;
  };
}
