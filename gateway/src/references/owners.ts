import { Kind, parse, type ConstArgumentNode, type ConstDirectiveNode, type FieldDefinitionNode } from 'graphql';

/**
 * Who owns what, read from the supergraph's join directives: the one place that knows which
 * subgraph stores a type and which resolves a mutation. The reference check asks the owner of
 * a type whether an id exists; the declaration's test proves a reference crosses subgraphs.
 */
export interface Ownership {
  /** The subgraph (its `join__graph` name, e.g. `disputes`) resolving each Mutation field. */
  mutations: ReadonlyMap<string, string>;
  /** The subgraph storing each object type: see `ownerOf`. Absent when no single one does. */
  types: ReadonlyMap<string, string>;
  /** Object types that other subgraphs can resolve by key (`_entities`). */
  entities: ReadonlySet<string>;
  /** Each subgraph's URL as the supergraph writes it. */
  urls: ReadonlyMap<string, string>;
}

const argument = (d: ConstDirectiveNode, name: string): ConstArgumentNode['value'] | undefined =>
  d.arguments?.find((a) => a.name.value === name)?.value;

const stringArgument = (d: ConstDirectiveNode, name: string): string | undefined => {
  const v = argument(d, name);
  return v?.kind === Kind.STRING || v?.kind === Kind.ENUM ? v.value : undefined;
};

const booleanArgument = (d: ConstDirectiveNode, name: string): boolean | undefined => {
  const v = argument(d, name);
  return v?.kind === Kind.BOOLEAN ? v.value : undefined;
};

const directives = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  (node.directives ?? []).filter((d) => d.name.value === name);

/**
 * A field's subgraphs: those its `@join__field`s name without `external`, or every subgraph
 * joining the type when it has none (a key field such as `id`).
 */
function resolvingGraphs(field: FieldDefinitionNode, typeGraphs: readonly string[]): string[] {
  const joins = directives(field, 'join__field');
  if (!joins.length) return [...typeGraphs];
  return joins.filter((d) => booleanArgument(d, 'external') !== true).map((d) => stringArgument(d, 'graph')).filter((g): g is string => !!g);
}

/**
 * The owner of a type is the subgraph that stores it: of the subgraphs that can resolve it
 * by key, the one resolving most of its fields (`Dispute` is extended by all seven subgraphs,
 * but only `disputes` has its title, status and parties). A type no other subgraph joins
 * (`CreditConsent`) is owned by its only subgraph. A tie leaves the type without an owner.
 */
export function readOwnership(supergraphSdl: string): Ownership {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const urls = new Map<string, string>();
  const mutations = new Map<string, string>();
  const types = new Map<string, string>();
  const entities = new Set<string>();

  for (const def of document.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
      for (const value of def.values ?? []) {
        const graph = directives(value, 'join__graph')[0];
        const name = graph && stringArgument(graph, 'name');
        if (name) graphNames.set(value.name.value, name);
        const url = graph && stringArgument(graph, 'url');
        if (name && url) urls.set(name, url);
      }
    }
  }
  const nameOf = (graph: string) => graphNames.get(graph) ?? graph.toLowerCase();

  for (const def of document.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const joins = directives(def, 'join__type');
    const typeGraphs = joins.map((d) => stringArgument(d, 'graph')).filter((g): g is string => !!g);
    if (def.name.value === 'Mutation') {
      for (const field of def.fields ?? []) {
        const [graph, ...more] = resolvingGraphs(field, typeGraphs);
        if (graph && !more.length) mutations.set(field.name.value, nameOf(graph));
      }
      continue;
    }
    const keyed = joins
      .filter((d) => argument(d, 'key') && booleanArgument(d, 'resolvable') !== false)
      .map((d) => stringArgument(d, 'graph'))
      .filter((g): g is string => !!g);
    if (keyed.length) entities.add(def.name.value);
    const candidates = keyed.length ? keyed : typeGraphs;
    const fieldCount = new Map(candidates.map((g) => [g, 0]));
    for (const field of def.fields ?? []) {
      for (const g of resolvingGraphs(field, typeGraphs)) if (fieldCount.has(g)) fieldCount.set(g, fieldCount.get(g)! + 1);
    }
    const ranked = [...fieldCount].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (first && (!second || second[1] < first[1])) types.set(def.name.value, nameOf(first[0]));
  }
  return { mutations, types, entities, urls };
}
