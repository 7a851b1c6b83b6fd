import {
  GraphQLError, Kind, OperationTypeNode, getNamedType, getOperationAST, getArgumentValues, getVariableValues, isNonNullType,
  isObjectType, print, validate, visit,
  type ASTNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import type { SubscriptionOwner } from './ownership.js';
import { withoutSuggestions } from '../security/field-suggestions.js';
import { checkOperationCost, checkOperationShape, OperationLimitExceeded, parseWithinLimits, type OperationLimits } from '../security/operation-limits.js';
import { findInputProblem, inputRefused } from '@fengqiao/subgraph-kit';

/** Variable names the gateway adds to documents it writes; clients' own names stay as they are. */
export const AFTER_VARIABLE = 'fengqiaoAfter';
export const LOOKUP_ID_VARIABLE = 'fengqiaoLookupId';
/** The client's response keys are prefixed upstream so they never meet the gateway's own fields. */
export const upstreamKey = (key: string) => `f_${key}`;

export type PlannedField =
  | { key: string; kind: 'typename'; typename: string }
  /** Selected upstream exactly as the client asked: the owning subgraph resolves it whole. */
  | { key: string; kind: 'forwarded' }
  /** Only the id comes from upstream; the client's selection is resolved through the whole graph. */
  | { key: string; kind: 'lookup'; query: string; variables: Record<string, unknown> };

export interface SubscriptionPlan {
  /** The client's document, parsed once. */
  document: DocumentNode;
  rootKey: string;
  fieldName: string;
  owner: SubscriptionOwner;
  /** Where the client asked to start; null for "from now". */
  clientAfter: string | null;
  upstreamQuery: string;
  /** Without the `after` variable, which changes on every reconnect. */
  upstreamVariables: Record<string, unknown>;
  fields: PlannedField[];
}

/** For each object type, the Query field that fetches one by id (`dispute(id: ID!)`), if any. */
export function entityLookups(schema: GraphQLSchema): Map<string, string> {
  const lookups = new Map<string, string>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const [arg, ...more] = field.args;
    if (!arg || more.length || arg.name !== 'id') continue;
    if (!isNonNullType(arg.type) || getNamedType(arg.type).name !== 'ID') continue;
    if (isNonNullType(field.type) || !isObjectType(field.type)) continue;
    if (!lookups.has(field.type.name)) lookups.set(field.type.name, field.name);
  }
  return lookups;
}

const refused = (message: string, code: string, extra: { nodes?: readonly ASTNode[] } = {}) =>
  new GraphQLError(message, { nodes: extra.nodes, extensions: { code } });

/** What HTTP operations are held to as well: the operation limits, and whether errors may suggest names. */
export interface OperationPolicy {
  limits: OperationLimits;
  fieldSuggestions: boolean;
}

/** Runs a limit check; a refusal becomes the socket's error (no HTTP status there). */
function withinLimits(check: () => void): GraphQLError[] | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (err instanceof OperationLimitExceeded) return [err.withoutHttp()];
    throw err;
  }
}

/**
 * Checks a client's subscription against the API schema and writes what the gateway sends:
 * the document for the owning subgraph and one lookup query per entity field. Returns the
 * errors to answer with when the operation cannot be served.
 */
export function planSubscription(
  schema: GraphQLSchema,
  owners: ReadonlyMap<string, SubscriptionOwner>,
  lookups: ReadonlyMap<string, string>,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  policy: OperationPolicy,
): SubscriptionPlan | GraphQLError[] {
  const hint = (message: string) => (policy.fieldSuggestions ? message : withoutSuggestions(message));
  let document: DocumentNode;
  try {
    document = parseWithinLimits(payload.query, policy.limits);
  } catch (err) {
    if (err instanceof OperationLimitExceeded) return [err.withoutHttp()];
    const e = err as GraphQLError;
    return [new GraphQLError(e.message, { source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) return [refused('Unable to identify the operation to run', 'BAD_REQUEST')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [refused('Only subscriptions are served over the WebSocket; send queries and mutations over HTTP', 'BAD_REQUEST')];
  }
  const shape = withinLimits(() => checkOperationShape(schema, document, policy.limits));
  if (shape) return shape;
  const invalid = validate(schema, document);
  if (invalid.length) return invalid.map((e) => refused(hint(e.message), 'GRAPHQL_VALIDATION_FAILED', { nodes: e.nodes }));

  // The same ID and String checks as HTTP operations, with the client's own argument paths.
  const problem = findInputProblem({ schema, document, operation, variables: payload.variables });
  if (problem) return [inputRefused(problem)];
  const rawVariables = payload.variables ?? {};
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coercion.errors) return coercion.errors.map((e) => refused(hint(e.message), 'BAD_USER_INPUT', { nodes: e.nodes }));
  const variables = coercion.coerced;
  const cost = withinLimits(() => checkOperationCost(schema, document, payload, policy.limits));
  if (cost) return cost;

  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const subscriptionType = schema.getSubscriptionType()!;
  const root = [...collectFields(schema, fragments, variables, subscriptionType, operation.selectionSet).entries()];
  if (root.length !== 1) return [refused('A subscription selects exactly one root field', 'BAD_REQUEST')];
  const [rootKey, rootNodes] = root[0]!;
  const rootNode = rootNodes[0]!;
  const fieldName = rootNode.name.value;
  const owner = owners.get(fieldName);
  if (!owner) return [refused(`No subgraph serves the subscription "${fieldName}"`, 'BAD_REQUEST', { nodes: [rootNode] })];
  const rootField = subscriptionType.getFields()[fieldName]!;
  const args = getArgumentValues(rootField, rootNode, variables);
  const clientAfter = typeof args.after === 'string' ? args.after : null;

  const eventType = getNamedType(rootField.type);
  if (!isObjectType(eventType)) return [refused(`"${fieldName}" does not return an event object`, 'BAD_REQUEST')];
  const definitions = Object.fromEntries((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d]));
  const valuesOf = (names: Iterable<string>) =>
    Object.fromEntries([...names].filter((n) => rawVariables[n] !== undefined).map((n) => [n, rawVariables[n]]));

  const upstreamSelections: SelectionNode[] = [field('cursor')];
  if (eventType.getFields().occurredAt) upstreamSelections.push(field('occurredAt'));
  const resync = eventType.getFields().resync;
  if (resync && isObjectType(getNamedType(resync.type))) upstreamSelections.push(field('resync', [field('replayLimit'), field('reason')]));

  const fields: PlannedField[] = [];
  for (const [key, nodes] of collectSubfields(schema, fragments, variables, eventType, rootNodes)) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      fields.push({ key, kind: 'typename', typename: eventType.name });
      continue;
    }
    const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
    const named = getNamedType(eventType.getFields()[name]!.type);
    const lookup = isObjectType(named) ? lookups.get(named.name) : undefined;
    const upstream: FieldNode = {
      kind: Kind.FIELD,
      alias: { kind: Kind.NAME, value: upstreamKey(key) },
      name: nodes[0]!.name,
      arguments: nodes[0]!.arguments,
      selectionSet: lookup ? selectionSet([field('id')]) : selections.length ? selectionSet(selections) : undefined,
    };
    upstreamSelections.push(upstream);
    if (!lookup) {
      fields.push({ key, kind: 'forwarded' });
      continue;
    }
    const used = usage(selections, fragments);
    const lookupField: FieldNode = {
      kind: Kind.FIELD,
      alias: { kind: Kind.NAME, value: 'entity' },
      name: { kind: Kind.NAME, value: lookup },
      arguments: [argument('id', LOOKUP_ID_VARIABLE)],
      selectionSet: selectionSet(selections),
    };
    const query = print(operationDocument(
      OperationTypeNode.QUERY,
      [variableDefinition(LOOKUP_ID_VARIABLE, 'ID', true), ...[...used.variables].map((v) => definitions[v]!)],
      [lookupField],
      used.fragments,
    ));
    fields.push({ key, kind: 'lookup', query, variables: valuesOf(used.variables) });
  }

  // The client's `after` is replaced by the gateway's own: on a reconnect it resumes from
  // the last event delivered, not from where the client started.
  const upstreamRoot: FieldNode = {
    kind: Kind.FIELD,
    name: rootNode.name,
    arguments: [...(rootNode.arguments ?? []).filter((a) => a.name.value !== 'after'), argument('after', AFTER_VARIABLE)],
    selectionSet: selectionSet(upstreamSelections),
  };
  const used = usage([upstreamRoot], fragments);
  used.variables.delete(AFTER_VARIABLE);
  const upstreamQuery = print(operationDocument(
    OperationTypeNode.SUBSCRIPTION,
    [...[...used.variables].map((v) => definitions[v]!), variableDefinition(AFTER_VARIABLE, 'String', false)],
    [upstreamRoot],
    used.fragments,
  ));
  return { document, rootKey, fieldName, owner, clientAfter, upstreamQuery, upstreamVariables: valuesOf(used.variables), fields };
}

/** Variables and fragments a selection needs, following fragment spreads into their fragments. */
function usage(nodes: readonly ASTNode[], fragments: Record<string, FragmentDefinitionNode>) {
  const variables = new Set<string>();
  const used = new Map<string, FragmentDefinitionNode>();
  const pending = [...nodes];
  while (pending.length) {
    visit(pending.pop()!, {
      Variable(node) {
        variables.add(node.name.value);
      },
      FragmentSpread(node) {
        const fragment = fragments[node.name.value];
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return { variables, fragments: [...used.values()] };
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const selectionSet = (selections: readonly SelectionNode[]) => ({ kind: Kind.SELECTION_SET, selections }) as const;
const field = (fieldName: string, selections?: readonly SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  selectionSet: selections ? selectionSet(selections) : undefined,
});
const argument = (argName: string, variable: string) =>
  ({ kind: Kind.ARGUMENT, name: name(argName), value: { kind: Kind.VARIABLE, name: name(variable) } }) as const;
const variableDefinition = (variable: string, type: string, nonNull: boolean): VariableDefinitionNode => {
  const named = { kind: Kind.NAMED_TYPE, name: name(type) } as const;
  return { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: name(variable) }, type: nonNull ? { kind: Kind.NON_NULL_TYPE, type: named } : named };
};
const operationDocument = (
  operation: OperationTypeNode,
  variableDefinitions: readonly VariableDefinitionNode[],
  selections: readonly SelectionNode[],
  fragments: readonly FragmentDefinitionNode[],
): DocumentNode => ({
  kind: Kind.DOCUMENT,
  definitions: [{ kind: Kind.OPERATION_DEFINITION, operation, variableDefinitions, selectionSet: selectionSet(selections) }, ...fragments],
});
