import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNullableType, GraphQLError, isInputObjectType, isListType, isScalarType, Kind, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLInputType, type GraphQLScalarType, type GraphQLSchema,
  type OperationDefinitionNode, type ValueNode,
} from 'graphql';
import { DateTime, Decimal } from './scalars.js';

/**
 * The ID and String checks every subgraph and the gateway run on an operation's input before
 * anything executes: text the hub never stores, and custom scalars parsed with the kit's own
 * definitions (the gateway's API schema knows their names only).
 *
 * Refused text, with its rule:
 * - CONTROL_CHARACTER: C0 controls except tab, LF and CR; DEL; C1 controls. PostgreSQL cannot
 *   store NUL at all, and the others are invisible in every screen that shows a case.
 * - ILL_FORMED_UNICODE: a lone surrogate, which has no UTF-8 form and would be stored as
 *   U+FFFD (or fail) depending on the driver.
 * - BIDI_CONTROL: explicit embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 *   They reorder what a court or mediator reads ("Trojan Source"): a party's name or a
 *   settlement's terms could show something other than what is stored. Mixed Chinese and
 *   Arabic or Hebrew text renders right without them; the marks LRM, RLM and ALM stay allowed.
 */
export type TextRule = 'CONTROL_CHARACTER' | 'ILL_FORMED_UNICODE' | 'BIDI_CONTROL';

export interface InputProblem {
  /** The argument path as the client wrote it: `input.title`, `caseId`, `input.instalments.0.amount`. */
  field: string;
  rule: string;
  message: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` may not be stored, or undefined. The message never repeats the text. */
export function textProblem(text: string): { rule: TextRule; message: string } | undefined {
  const control = CONTROL.exec(text);
  if (control) return { rule: 'CONTROL_CHARACTER', message: `contains the control character ${codePoint(control[0])}` };
  if (LONE_SURROGATE.test(text)) return { rule: 'ILL_FORMED_UNICODE', message: 'is not well-formed Unicode (a lone surrogate)' };
  const bidi = BIDI.exec(text);
  if (bidi) return { rule: 'BIDI_CONTROL', message: `contains the bidirectional control ${codePoint(bidi[0])}, which can make text display differently from what is stored` };
  return undefined;
}

/** Custom scalars parsed with the kit's definitions wherever they appear, whatever the schema's own parsing. */
const KIT_SCALARS: Record<string, GraphQLScalarType> = { DateTime, Decimal };
const OTHER_BUILT_IN = new Set(['Int', 'Float', 'Boolean']);

type Path = readonly (string | number)[];
const fieldOf = (path: Path) => path.join('.');

/** A problem found; thrown through the walk and caught once at its top. */
class Refused extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.message);
  }
}

const refuseText = (path: Path, text: string) => {
  const found = textProblem(text);
  if (found) throw new Refused({ field: fieldOf(path), rule: found.rule, message: `${fieldOf(path)} ${found.message}` });
};

function scalarFailure(path: Path, scalar: GraphQLScalarType, err: unknown): never {
  const rule = err instanceof GraphQLError && typeof err.extensions.rule === 'string' ? err.extensions.rule : 'SCALAR_FORMAT';
  const reason = err instanceof GraphQLError ? err.message : `not a valid ${scalar.name}`;
  throw new Refused({ field: fieldOf(path), rule, message: `${fieldOf(path)}: ${reason}` });
}

/** Every string inside a value of a scalar the hub does not know (JSON-like ones carry objects). */
function refuseTextDeep(path: Path, value: unknown): void {
  if (typeof value === 'string') refuseText(path, value);
  else if (Array.isArray(value)) value.forEach((item, i) => refuseTextDeep([...path, i], item));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) refuseTextDeep([...path, key], item);
}

function checkScalarValue(scalar: GraphQLScalarType, value: unknown, path: Path): void {
  if (OTHER_BUILT_IN.has(scalar.name)) return;
  refuseTextDeep(path, value);
  const kit = KIT_SCALARS[scalar.name];
  if (!kit) return;
  try {
    kit.parseValue(value);
  } catch (err) {
    scalarFailure(path, kit, err);
  }
}

/** A variable's value as sent (JSON), at the type of the argument or field it fills. */
function checkValue(type: GraphQLInputType, value: unknown, path: Path): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    // A single value where a list is expected is coerced to a list of one.
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(nullable.ofType, item, [...path, i]));
    else checkValue(nullable.ofType, value, path);
  } else if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return; // graphql-js refuses the shape
    const fields = nullable.getFields();
    for (const [name, item] of Object.entries(value)) {
      const field = fields[name];
      if (field) checkValue(field.type, item, [...path, name]);
    }
  } else if (isScalarType(nullable)) {
    checkScalarValue(nullable, value, path);
  }
}

interface Variables {
  values: Record<string, unknown>;
  defaults: Map<string, ValueNode>;
}

/** A literal in the document, at its type; a variable inside it is checked by its value. */
function checkLiteral(type: GraphQLInputType, node: ValueNode, path: Path, variables: Variables): void {
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (Object.hasOwn(variables.values, name)) return checkValue(type, variables.values[name], path);
    const fallback = variables.defaults.get(name);
    if (fallback) checkLiteral(type, fallback, path, variables);
    return;
  }
  if (node.kind === Kind.NULL) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (node.kind === Kind.LIST) node.values.forEach((item, i) => checkLiteral(nullable.ofType, item, [...path, i], variables));
    else checkLiteral(nullable.ofType, node, path, variables);
  } else if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = nullable.getFields();
    for (const item of node.fields) {
      const field = fields[item.name.value];
      if (field) checkLiteral(field.type, item.value, [...path, item.name.value], variables);
    }
  } else if (isScalarType(nullable) && !OTHER_BUILT_IN.has(nullable.name)) {
    // Every string in the literal: a JSON-like scalar may nest them in objects and lists.
    visit(node, { StringValue: (s) => refuseText(path, s.value) });
    const kit = KIT_SCALARS[nullable.name];
    if (!kit) return;
    try {
      kit.parseLiteral(node, undefined);
    } catch (err) {
      scalarFailure(path, kit, err);
    }
  }
}

/** The operation and the fragments it spreads, directly or through other fragments. */
function reachable(document: DocumentNode, operation: OperationDefinitionNode) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Map<string, FragmentDefinitionNode>();
  const queue: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  for (let next = queue.pop(); next; next = queue.pop()) {
    visit(next, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.set(fragment.name.value, fragment);
          queue.push(fragment);
        }
      },
    });
  }
  return [operation, ...seen.values()];
}

/**
 * The first problem in the input of `operation`: every argument of every field and directive
 * it selects (through its fragments too), literal or variable, walked with its schema type.
 * Run after validation: an argument the schema does not know is not looked at.
 */
export function findInputProblem(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | null;
}): InputProblem | undefined {
  const variables: Variables = {
    values: options.variables ?? {},
    defaults: new Map(
      (options.operation.variableDefinitions ?? []).flatMap((v) => (v.defaultValue ? [[v.variable.name.value, v.defaultValue] as const] : [])),
    ),
  };
  const typeInfo = new TypeInfo(options.schema);
  try {
    for (const definition of reachable(options.document, options.operation)) {
      visit(definition, visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const argument = typeInfo.getArgument();
          if (argument) checkLiteral(argument.type, node.value, [node.name.value], variables);
          return false;
        },
      }));
    }
  } catch (err) {
    if (err instanceof Refused) return err.problem;
    throw err;
  }
  return undefined;
}

/** The client's error for a problem: BAD_USER_INPUT naming `field` and `rule`, answered with HTTP 400 when nothing ran. */
export function inputRefused(problem: InputProblem, httpStatus?: number): GraphQLError {
  return new GraphQLError(problem.message, {
    extensions: { code: 'BAD_USER_INPUT', field: problem.field, rule: problem.rule, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

/**
 * The checks as an Apollo Server plugin: after validation, before execution (and, at the
 * gateway, before query planning), so refused input never reaches a resolver or a subgraph.
 */
export function inputChecksPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problem = findInputProblem({ schema, document, operation, variables: request.variables });
          if (problem) throw inputRefused(problem, 400);
        },
      };
    },
  };
}
