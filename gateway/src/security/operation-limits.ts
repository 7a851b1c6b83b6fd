import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import {
  GraphQLError, Kind, getOperationAST, getVariableValues, validate,
  type DocumentNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLRequestTransform } from '@fengqiao/subgraph-kit/http';
import { costEstimator } from './operation-cost.js';

/**
 * What one operation may ask of the hub, checked before the gateway plans it. Planning grows
 * faster than linearly with the width and depth of an operation (80 aliases took 1.7 s, 200 took
 * 35 s), so an operation outside these bounds is refused for the price of counting it.
 */
export interface OperationLimits {
  /** Aliased fields in one operation (`__typename` is free). */
  maxAliases: number;
  /** Levels of nested selections; fragments do not add a level, introspection's `__schema` is not counted. */
  maxDepth: number;
  /** Lexical tokens in the whole document, counted while parsing, so a huge document stops early. */
  maxTokens: number;
  /** Directives in one operation, counted where they are written. */
  maxDirectives: number;
  /** Field selections at the root of one operation (`__typename` is free). */
  maxRootFields: number;
  /** Estimated cost: one per field, multiplied by the page size of a connection and by `costListSize` for other lists. */
  maxCost: number;
  /** Length assumed for a list without `first`/`last` (a dispute's timeline, a party's addresses). */
  costListSize: number;
}

/**
 * Each default is at least twice what the hub's own operations need (the README's queries, the
 * E Station's trusted documents, the bench, the end-to-end suites and clients), checked in
 * gateway/tests/operation-limits.test.ts; docs/operation-limits.md gives the reasons. The cost
 * also admits one GraphiQL schema introspection (about 50,000, the dearest legitimate operation), not two.
 */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({
  maxAliases: 15,
  maxDepth: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxRootFields: 10,
  maxCost: 80_000,
  costListSize: 10,
});

export type OperationLimit = 'ALIASES' | 'DEPTH' | 'TOKENS' | 'DIRECTIVES' | 'ROOT_FIELDS' | 'COST';

const DESCRIBE: Record<OperationLimit, (max: number, actual?: number) => string> = {
  ALIASES: (max, actual) => `The operation uses ${actual ?? 'more than ' + max} aliases; the hub allows ${max}`,
  DEPTH: (max, actual) => `The operation nests selections ${actual ?? 'more than ' + max} levels deep; the hub allows ${max}`,
  TOKENS: (max) => `The document has more than ${max} tokens; the hub allows ${max}`,
  DIRECTIVES: (max, actual) => `The operation uses ${actual ?? 'more than ' + max} directives; the hub allows ${max}`,
  ROOT_FIELDS: (max, actual) => `The operation selects ${actual ?? 'more than ' + max} root fields; the hub allows ${max}`,
  COST: (max, actual) =>
    `The operation's estimated cost is ${actual ?? 'more than ' + max}; the hub allows ${max} (lists count once per item: ask for smaller pages or fewer nested lists)`,
};

/** A refusal before planning: HTTP 400, `extensions: { code, limit, max, actual? }`. */
export class OperationLimitExceeded extends GraphQLError {
  constructor(readonly limit: OperationLimit, readonly max: number, readonly actual?: number) {
    super(DESCRIBE[limit](max, actual), {
      extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit, max, ...(actual === undefined ? {} : { actual }), http: { status: 400 } },
    });
  }

  /** The same refusal for graphql-ws, where an HTTP status means nothing. */
  withoutHttp(): GraphQLError {
    const { http: _http, ...extensions } = this.extensions;
    return new GraphQLError(this.message, { extensions });
  }
}

export function operationLimits(overrides: Partial<OperationLimits> = {}): OperationLimits {
  const limits = { ...DEFAULT_OPERATION_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof OperationLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

// Armor reports the count it found only in its message ("…, found 16."); without it the refusal has no `actual`.
const found = (message: string) => {
  const match = /found (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
};
// Armor's own error is thrown away: ours carries the code and figures clients branch on.
const refuseAs = (limit: OperationLimit, max: number) => [(_context: unknown, error: GraphQLError) => {
  throw new OperationLimitExceeded(limit, max, found(error.message));
}];

/** Counts field selections at the root, through fragments (each fragment once). */
function rootFields(selectionSet: SelectionSetNode, context: ValidationContext, seen: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFields(selection.selectionSet, context, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += rootFields(fragment.selectionSet, context, seen);
    }
  }
  return count;
}

/** No library counts root fields; a wide root is as costly to plan as many aliases. */
const maxRootFieldsRule = (max: number): ValidationRule => (context) => ({
  OperationDefinition(operation) {
    const count = rootFields(operation.selectionSet, context, new Set());
    if (count > max) throw new OperationLimitExceeded('ROOT_FIELDS', max, count);
  },
});

/**
 * The shape limits as validation rules. They throw on the first limit exceeded, which aborts
 * `validate` there: nothing else walks an oversized document.
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: refuseAs('ALIASES', limits.maxAliases) }),
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: refuseAs('DEPTH', limits.maxDepth) }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: refuseAs('DIRECTIVES', limits.maxDirectives) }),
    maxRootFieldsRule(limits.maxRootFields),
  ] as ValidationRule[];
}

/** Parses a client's document, counting tokens as it goes; throws TOKENS past the limit, or the syntax error. */
export function parseWithinLimits(source: string, limits: OperationLimits): DocumentNode {
  const parser = new MaxTokensParserWLexer(source, {
    n: limits.maxTokens,
    propagateOnRejection: false,
    onReject: [() => {
      throw new OperationLimitExceeded('TOKENS', limits.maxTokens);
    }],
  });
  return parser.parseDocument();
}

/** Throws the first shape limit the document exceeds; runs only the limit rules, so it costs a walk of the document. */
export function checkOperationShape(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): void {
  validate(schema, document, operationLimitRules(limits));
}

/**
 * Throws COST when the operation's estimate exceeds the limit. Needs the variables (`first: $n`),
 * so it runs once the operation is resolved, still before planning. Variables that do not
 * coerce are left to the normal refusal (BAD_USER_INPUT), which also comes before planning.
 */
export function checkOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
  limits: OperationLimits,
): void {
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) return;
  const variables = request.variables ?? {};
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: [costEstimator(limits.costListSize)],
      // Fragments spread into fragments expand a small document into a huge one; one may not
      // expand to more selections than it may have tokens.
      maxQueryNodes: limits.maxTokens,
    });
  } catch {
    // The only error left is that bound on the selections visited: too costly even to estimate.
    throw new OperationLimitExceeded('COST', limits.maxCost);
  }
  if (cost > limits.maxCost) throw new OperationLimitExceeded('COST', limits.maxCost, cost);
}

/** The texts an HTTP request asks to run: `query` of a GET, of a JSON body, or of each operation in a batch. */
function queriesOf(request: { method: string; search: string; body: unknown }): string[] {
  if (request.method === 'GET') return [new URLSearchParams(request.search).get('query') ?? ''];
  const operations = Array.isArray(request.body) ? request.body : [request.body];
  return operations.map((op) => (op && typeof op === 'object' ? (op as { query?: unknown }).query : undefined)).filter((q): q is string => typeof q === 'string');
}

/**
 * Tokens and shape of each operation arriving over HTTP, before Apollo Server sees it: the
 * parser stops at the token limit, and a document over a shape limit is answered 400 before
 * Apollo parses, validates or the gateway plans it. Apollo Server would turn an error thrown
 * from its own parse or validation hooks into a 500, hence here. Syntax errors are left to
 * Apollo's usual answer. `schema` is the API schema once the gateway has loaded it.
 */
export function operationLimitsTransform(limits: OperationLimits, schema: () => GraphQLSchema | undefined): GraphQLRequestTransform {
  return async (request) => {
    for (const query of queriesOf(request)) {
      try {
        const served = schema();
        const document = parseWithinLimits(query, limits);
        if (served) checkOperationShape(served, document, limits);
      } catch (err) {
        if (err instanceof OperationLimitExceeded) return { status: 400, json: { errors: [err.withoutHttp().toJSON()] } };
        if (!(err instanceof GraphQLError)) throw err;
      }
    }
    return { search: request.search, body: request.body };
  };
}

/**
 * The cost in Apollo Server's pipeline, once the operation and its variables are known and
 * before the gateway plans it (a refusal thrown there is answered with its own status).
 * Operations the gateway runs in-process (subscription look-ups written from an already
 * checked subscription, the widget's order check) carry no HTTP request and are not counted again.
 */
export function operationCostPlugin<TContext extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return {};
      return {
        async didResolveOperation({ schema, document, request: { operationName, variables } }) {
          checkOperationCost(schema, document, { operationName, variables }, limits);
        },
      };
    },
  };
}
