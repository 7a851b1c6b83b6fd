import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  GraphQLError, Kind, OperationTypeNode, getArgumentValues, getVariableValues,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { collectFields } from 'graphql/execution/collectFields.js';
import type { Caller } from '@fengqiao/subgraph-kit';
import type { GatewayContext } from '../context.js';
import { SubgraphDataSource } from '../subgraph-data-source.js';
import { REFERENCES, typesOf, type Reference, type ReferenceDeclaration } from './declared.js';
import { readOwnership } from './owners.js';

/**
 * A mutation that names another subgraph's entity (a dispute's parties, an order, a court…)
 * would otherwise store an id nobody has: subgraphs never call each other. Before a mutation
 * runs, the gateway asks each owning subgraph, once per request, which of the named ids exist,
 * and refuses the whole operation when one does not. See docs/references.md.
 */

/** One id a mutation names, where the client wrote it. */
export interface ReferenceUse {
  /** The mutation's response key (its alias, if any). */
  responseKey: string;
  /** The argument path as the client wrote it; a list element carries its index (`input.partyIds.1`). */
  field: string;
  id: string;
  /** It exists when one of these has the id (one type, except for `anyOf`). */
  types: readonly string[];
}

// Asks the owner as the system, not the client: an entity the client may not see still exists,
// and whether the client may use it is the mutation's own subgraph's decision. Admin is the
// role every subgraph lets see every row; `__typename` alone reads no personal data, so no
// access is logged.
const CHECK_CALLER: Caller = Object.freeze({ role: 'admin', sub: 'reference-check', org: null });

// The subgraphs bound their own lists far below this (an agreement binds at most 20 parties);
// the bound only keeps one request from making the check itself expensive.
const MAX_IDS_PER_OPERATION = 200;

type IncomingOperation = Extract<GraphQLDataSourceProcessOptions<GatewayContext>, { incomingRequestContext: unknown }>;
// @apollo/gateway declares this enum member but does not export the enum.
const INCOMING_OPERATION = 'incoming operation' as IncomingOperation['kind'];

const ENTITIES = /* GraphQL */ `
  query FengqiaoReferenceCheck($representations: [_Any!]!) {
    _entities(representations: $representations) { __typename }
  }
`;

function valuesAt(value: unknown, segments: readonly string[], at: string, out: { field: string; value: unknown }[]): void {
  if (Array.isArray(value)) {
    value.forEach((element, i) => valuesAt(element, segments, `${at}.${i}`, out));
    return;
  }
  if (!segments.length) {
    out.push({ field: at, value });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const [name, ...rest] = segments as [string, ...string[]];
  valuesAt((value as Record<string, unknown>)[name], rest, at ? `${at}.${name}` : name, out);
}

/** The types an argument names here: `by` reads the discriminating argument's value. */
function typesHere(reference: Reference, args: Record<string, unknown>): readonly string[] {
  if (typeof reference === 'string' || 'anyOf' in reference) return typesOf(reference);
  const found: { field: string; value: unknown }[] = [];
  valuesAt(args, reference.by.split('.'), '', found);
  const chosen = found.length === 1 && typeof found[0]!.value === 'string' ? reference.types[found[0]!.value] : undefined;
  return chosen ? [chosen] : [];
}

/**
 * The ids an operation's mutation fields name, from literals and variables alike, through
 * fragments and aliases, skipping fields `@skip`/`@include` leave out. Undefined when the
 * variables do not coerce: the gateway refuses such an operation before anything runs.
 */
export function referencesIn(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
  declared: ReferenceDeclaration = REFERENCES,
): ReferenceUse[] | undefined {
  const mutationType = schema.getMutationType();
  if (operation.operation !== OperationTypeNode.MUTATION || !mutationType) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;

  const uses: ReferenceUse[] = [];
  for (const [responseKey, nodes] of collectFields(schema, fragments, coerced.coerced, mutationType, operation.selectionSet)) {
    const node = nodes[0]!;
    const declaration = declared[node.name.value];
    const definition = mutationType.getFields()[node.name.value];
    if (!declaration || !definition) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, coerced.coerced);
    } catch {
      // Arguments that do not coerce fail the same way in execution, before any subgraph call.
      return undefined;
    }
    for (const [path, reference] of Object.entries(declaration)) {
      const types = typesHere(reference, args);
      if (!types.length) continue;
      const found: { field: string; value: unknown }[] = [];
      valuesAt(args, path.split('.'), '', found);
      for (const { field, value } of found) {
        // A blank id is the mutation's own subgraph's to refuse, naming its rule (…_REQUIRED).
        if (typeof value === 'string' && value.trim()) uses.push({ responseKey, field, id: value, types });
      }
    }
  }
  return uses;
}

export interface ReferenceCheckOptions {
  supergraphSdl: string;
  /** Where each subgraph listens; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  sign: (subgraph: string, caller: Caller) => Promise<string>;
  timeoutMs: number;
  declared?: ReferenceDeclaration;
}

interface EntitiesResult {
  data?: { _entities?: ({ __typename: string } | null)[] } | null;
  errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Failures of the check answer before execution, so they carry their own HTTP status. */
const refusal = (message: string, extensions: Record<string, unknown>, status: number, path?: readonly string[]) =>
  new GraphQLError(message, { path, extensions: { ...extensions, http: { status } } });

const unavailable = (subgraph: string, code = 'SUBGRAPH_UNAVAILABLE') =>
  refusal(`Subgraph "${subgraph}" could not check the ids this mutation names; nothing was written`, { code, serviceName: subgraph }, 503);

export function referenceCheck(options: ReferenceCheckOptions): ApolloServerPlugin<GatewayContext> {
  const declared = options.declared ?? REFERENCES;
  const ownership = readOwnership(options.supergraphSdl);
  const sources = new Map<string, SubgraphDataSource>();
  for (const type of new Set(Object.values(declared).flatMap((paths) => Object.values(paths).flatMap(typesOf)))) {
    const owner = ownership.types.get(type);
    if (!owner || !ownership.entities.has(type)) throw new Error(`reference check: ${type} is not an entity with one owning subgraph in the supergraph`);
    const url = options.subgraphUrls[owner] ?? ownership.urls.get(owner);
    if (!url) throw new Error(`reference check: no URL configured for subgraph ${owner}`);
    if (!sources.has(owner)) sources.set(owner, new SubgraphDataSource(owner, url, options.sign, options.timeoutMs));
  }

  /** Asks one owner which of these exist; an owner that cannot say is an error, never a "no". */
  async function ask(owner: string, representations: readonly { __typename: string; id: string }[], incoming: GatewayGraphQLRequestContext<GatewayContext>): Promise<string[]> {
    let result: EntitiesResult;
    try {
      result = await sources.get(owner)!.process({
        kind: INCOMING_OPERATION,
        request: { query: ENTITIES, variables: { representations } },
        incomingRequestContext: incoming,
        context: { caller: CHECK_CALLER },
      }) as EntitiesResult;
    } catch (err) {
      const code = err instanceof GraphQLError && typeof err.extensions.code === 'string' ? err.extensions.code : undefined;
      throw unavailable(owner, code?.startsWith('SUBGRAPH_') ? code : undefined);
    }
    const unexpected = (result.errors ?? []).some((e) => e.extensions?.code !== 'NOT_FOUND' || e.path?.[0] !== '_entities');
    const entities = result.data?._entities;
    if (unexpected || !Array.isArray(entities) || entities.length !== representations.length) throw unavailable(owner, 'SUBGRAPH_BAD_RESPONSE');
    return representations.filter((asked, i) => entities[i]?.__typename === asked.__typename).map((asked) => `${asked.__typename}\u0000${asked.id}`);
  }

  /**
   * The (type, id) pairs that exist, asking each owner once for all of its types, and the
   * owners that could not say: an id any other owner has (a credit recipient) still passes.
   */
  async function existing(uses: readonly ReferenceUse[], incoming: GatewayGraphQLRequestContext<GatewayContext>) {
    const byOwner = new Map<string, Map<string, { __typename: string; id: string }>>();
    for (const use of uses) {
      for (const type of use.types) {
        const owner = ownership.types.get(type)!;
        const wanted = byOwner.get(owner) ?? new Map();
        wanted.set(`${type}\u0000${use.id}`, { __typename: type, id: use.id });
        byOwner.set(owner, wanted);
      }
    }
    const found = new Set<string>();
    const failed = new Map<string, GraphQLError>();
    await Promise.all([...byOwner].map(([owner, wanted]) => ask(owner, [...wanted.values()], incoming).then(
      (keys) => keys.forEach((key) => found.add(key)),
      (err: GraphQLError) => void failed.set(owner, err),
    )));
    return { found, failed };
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context: GraphQLRequestContextDidResolveOperation<GatewayContext>) {
          const operation = context.operation;
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          // Every mutation naming another subgraph's entity needs a signed-in caller (the
          // security-references suite checks it): anonymous ones are refused by the subgraph,
          // without the gateway making calls on their behalf.
          if (context.contextValue.caller.role === 'anonymous') return;
          const uses = referencesIn(context.schema, context.document, operation, context.request.variables ?? {}, declared);
          if (!uses?.length) return;
          if (new Set(uses.map((u) => u.id)).size > MAX_IDS_PER_OPERATION) {
            throw refusal(`One operation may name at most ${MAX_IDS_PER_OPERATION} ids of other subgraphs' entities`, {
              code: 'BAD_USER_INPUT', field: uses[0]!.field, rule: 'TOO_MANY_REFERENCES',
            }, 400);
          }
          const { found, failed } = await existing(uses, context as unknown as GatewayGraphQLRequestContext<GatewayContext>);
          const unresolved = uses.filter((use) => !use.types.some((type) => found.has(`${type}\u0000${use.id}`)));
          // Nothing is written unchecked: an id whose owner could not say refuses the operation.
          for (const use of unresolved) {
            const error = use.types.map((type) => failed.get(ownership.types.get(type)!)).find(Boolean);
            if (error) throw error;
          }
          const missing = unresolved[0];
          if (missing) {
            const entity = missing.types.join(' | ');
            throw refusal(`${missing.field} names ${entity} ${missing.id}, which does not exist; nothing was written`, {
              code: 'NOT_FOUND', field: missing.field, id: missing.id, entity,
            }, 404, [missing.responseKey]);
          }
        },
      };
    },
  };
}
