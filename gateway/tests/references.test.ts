import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { getNamedType, isEnumType, isInputObjectType, parse, type GraphQLArgument, type GraphQLInputField, type OperationDefinitionNode } from 'graphql';
import { supergraphPath } from '@fengqiao/schema';
import { LOCAL, REFERENCES, typesOf } from '../src/references/declared.js';
import { referencesIn } from '../src/references/check.js';
import { readOwnership } from '../src/references/owners.js';

const sdl = readFileSync(supergraphPath, 'utf8');
const ownership = readOwnership(sdl);
const api = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
const mutations = api.getMutationType()!.getFields();

/** Every argument path of a mutation that holds an id: ID-typed, or named `…Id`/`…Ids`. */
function idPaths(args: readonly (GraphQLArgument | GraphQLInputField)[], prefix = '', seen: readonly string[] = []): string[] {
  return args.flatMap((arg) => {
    const path = prefix ? `${prefix}.${arg.name}` : arg.name;
    const named = getNamedType(arg.type);
    if (isInputObjectType(named)) return seen.includes(named.name) ? [] : idPaths(Object.values(named.getFields()), path, [...seen, named.name]);
    return named.name === 'ID' || /Ids?$/.test(arg.name) ? [path] : [];
  });
}

/** Every path of the arguments, ids or not, to prove a declared one exists. */
function allPaths(args: readonly (GraphQLArgument | GraphQLInputField)[], prefix = '', seen: readonly string[] = []): string[] {
  return args.flatMap((arg) => {
    const path = prefix ? `${prefix}.${arg.name}` : arg.name;
    const named = getNamedType(arg.type);
    return [path, ...(isInputObjectType(named) && !seen.includes(named.name) ? allPaths(Object.values(named.getFields()), path, [...seen, named.name]) : [])];
  });
}

function argumentAt(args: readonly (GraphQLArgument | GraphQLInputField)[], path: string): GraphQLArgument | GraphQLInputField | undefined {
  const [name, ...rest] = path.split('.');
  const arg = args.find((a) => a.name === name);
  if (!arg || !rest.length) return arg;
  const named = getNamedType(arg.type);
  return isInputObjectType(named) ? argumentAt(Object.values(named.getFields()), rest.join('.')) : undefined;
}

describe('the declaration of cross-subgraph references', () => {
  it('covers every id argument of every mutation, as a reference or as local, never both', () => {
    const undeclared: string[] = [];
    const both: string[] = [];
    for (const [name, field] of Object.entries(mutations)) {
      for (const path of idPaths(field.args)) {
        const asReference = path in (REFERENCES[name] ?? {});
        const asLocal = path in (LOCAL[name] ?? {});
        if (!asReference && !asLocal) undeclared.push(`${name}(${path})`);
        if (asReference && asLocal) both.push(`${name}(${path})`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(both).toEqual([]);
  });

  it('names only mutations and argument paths the supergraph has', () => {
    const unknown: string[] = [];
    for (const declaration of [REFERENCES, LOCAL]) {
      for (const [name, paths] of Object.entries(declaration)) {
        const field = mutations[name];
        const existing = field ? allPaths(field.args) : [];
        for (const path of Object.keys(paths)) if (!existing.includes(path)) unknown.push(`${name}(${path})`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('declares as references only entities another subgraph owns', () => {
    const wrong: string[] = [];
    for (const [name, paths] of Object.entries(REFERENCES)) {
      const mutationOwner = ownership.mutations.get(name);
      for (const [path, reference] of Object.entries(paths)) {
        for (const type of typesOf(reference)) {
          const owner = ownership.types.get(type);
          if (!ownership.entities.has(type)) wrong.push(`${name}(${path}): ${type} is not an entity`);
          else if (!owner) wrong.push(`${name}(${path}): ${type} has no single owner`);
          else if (owner === mutationOwner) wrong.push(`${name}(${path}): ${type} is ${owner}'s, like ${name}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares as local only types the mutation\'s own subgraph owns', () => {
    const wrong: string[] = [];
    for (const [name, paths] of Object.entries(LOCAL)) {
      const mutationOwner = ownership.mutations.get(name);
      for (const [path, type] of Object.entries(paths)) {
        const owner = ownership.types.get(type);
        if (!owner || owner !== mutationOwner) wrong.push(`${name}(${path}): ${type} is ${owner ?? 'nobody'}'s, ${name} is ${mutationOwner}'s`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('chooses a type by the value of an argument that exists, from the values it can take', () => {
    for (const [name, paths] of Object.entries(REFERENCES)) {
      for (const reference of Object.values(paths)) {
        if (typeof reference === 'string' || 'anyOf' in reference) continue;
        const by = argumentAt(mutations[name]!.args, reference.by);
        const type = by && getNamedType(by.type);
        expect(isEnumType(type) && type.getValues().map((v) => v.name)).toEqual(expect.arrayContaining(Object.keys(reference.types)));
      }
    }
  });
});

describe('ownership read from the supergraph', () => {
  it('gives each type to the subgraph that stores it, not to those that extend it', () => {
    expect(Object.fromEntries(['Dispute', 'Party', 'Order', 'Store', 'Platform', 'Court', 'MediationOrganization', 'MediationCase', 'ArbitrationInstitution', 'CreditConsent']
      .map((t) => [t, ownership.types.get(t)]))).toEqual({
      Dispute: 'disputes', Party: 'identity', Order: 'platforms', Store: 'platforms', Platform: 'platforms', Court: 'courts',
      MediationOrganization: 'mediation', MediationCase: 'mediation', ArbitrationInstitution: 'arbitration', CreditConsent: 'credit',
    });
    expect(ownership.mutations.get('fileDispute')).toBe('disputes');
    expect(ownership.mutations.get('grantCreditConsent')).toBe('credit');
    expect(ownership.entities.has('CreditConsent')).toBe(false);
  });
});

describe('the ids an operation names', () => {
  const uses = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    return referencesIn(api, document, operation, variables);
  };
  const key = ', idempotencyKey: "k"';

  it('reads literals and variables, with the path as the client wrote it', () => {
    expect(uses(`mutation($c: ID!) { fileDispute(input: { title: "t", description: "d", category: OTHER, claimantId: $c, respondentId: "pty_r" }${key}) { id } }`, { c: 'pty_c' }))
      .toEqual([
        { responseKey: 'fileDispute', field: 'input.claimantId', id: 'pty_c', types: ['Party'] },
        { responseKey: 'fileDispute', field: 'input.respondentId', id: 'pty_r', types: ['Party'] },
      ]);
    expect(uses(`mutation($input: FileDisputeInput!) { fileDispute(input: $input${key}) { id } }`, {
      input: { title: 't', description: 'd', category: 'OTHER', claimantId: 'pty_c', respondentId: 'pty_r', originOrderId: 'ord_o' },
    })?.map((u) => [u.field, u.id])).toEqual([['input.claimantId', 'pty_c'], ['input.respondentId', 'pty_r'], ['input.originOrderId', 'ord_o']]);
  });

  it('names each element of a list by its index', () => {
    expect(uses(`mutation { recordArbitrationAgreement(input: { partyIds: ["pty_a", "pty_b"], institutionId: "arb_x", source: PLATFORM_TERMS, clauseText: "c", signedAt: "2026-01-01T00:00:00Z" }${key}) { id } }`)
      ?.map((u) => [u.field, u.id])).toEqual([['input.partyIds.0', 'pty_a'], ['input.partyIds.1', 'pty_b']]);
  });

  it('follows aliases and fragments, and leaves out fields @skip removes', () => {
    const found = uses(`
      mutation($skip: Boolean!) {
        first: grantCreditConsent(input: { recipientId: "plt_a", purpose: "p", expiresAt: "2030-01-01T00:00:00Z" }${key}) { id }
        ...More
        skipped: grantCreditConsent(input: { recipientId: "plt_c", purpose: "p", expiresAt: "2030-01-01T00:00:00Z" }${key}) @skip(if: $skip) { id }
      }
      fragment More on Mutation { second: grantCreditConsent(input: { recipientId: "plt_b", purpose: "p", expiresAt: "2030-01-01T00:00:00Z" }${key}) { id } }
    `, { skip: true });
    expect(found?.map((u) => [u.responseKey, u.id])).toEqual([['first', 'plt_a'], ['second', 'plt_b']]);
    expect(found?.[0]?.types).toEqual(['Party', 'Platform', 'MediationOrganization', 'ArbitrationInstitution', 'Court']);
  });

  it('chooses the type a route\'s body names by its track, and checks none for negotiation', () => {
    const route = (track: string) => uses(`mutation { routeDispute(disputeId: "dsp_1", track: ${track}, destination: { bodyId: "x_1" }${key}) { id } }`);
    expect(route('LITIGATION')?.map((u) => u.types)).toEqual([['Court']]);
    expect(route('MEDIATION')?.map((u) => u.types)).toEqual([['MediationOrganization']]);
    expect(route('ARBITRATION')?.map((u) => u.types)).toEqual([['ArbitrationInstitution']]);
    expect(route('NEGOTIATION')).toEqual([]);
  });

  it('leaves blank and absent ids to the mutation\'s own subgraph, and ignores queries', () => {
    expect(uses(`mutation { grantCreditConsent(input: { recipientId: " ", purpose: "p", expiresAt: "2030-01-01T00:00:00Z" }${key}) { id } }`)).toEqual([]);
    expect(uses(`mutation { fileDispute(input: { title: "t", description: "d", category: OTHER, claimantId: "pty_c", respondentId: "pty_r", originOrderId: null }${key}) { id } }`)
      ?.map((u) => u.field)).toEqual(['input.claimantId', 'input.respondentId']);
    expect(uses('query { dispute(id: "dsp_x") { id } }')).toEqual([]);
  });

  it('gives up on variables that do not coerce: the gateway refuses them before anything runs', () => {
    expect(uses(`mutation($input: FileDisputeInput!) { fileDispute(input: $input${key}) { id } }`, { input: { title: 1 } })).toBeUndefined();
  });
});
