import { ApolloServer } from '@apollo/server';
import { buildASTSchema, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { findInputProblem, inputChecksPlugin, textProblem } from '../src/index.js';

// The gateway walks its API schema, where custom scalars are bare names: the kit's own
// definitions must be applied to them, so this schema leaves them unparsed too.
const SDL = `
  scalar DateTime
  scalar Decimal
  scalar JSON
  enum Kind { A B }
  input InstalmentInput { amount: Decimal! dueDate: String! }
  input DraftInput { terms: String! instalments: [InstalmentInput!] = [] kind: Kind count: Int at: DateTime }
  type Case { id: ID! note(lang: String): String }
  type Query { case(id: ID!): Case cases(ids: [ID!]!, tag: String = "x"): [Case!]! echo(value: JSON): String }
  type Mutation { draft(caseId: ID!, input: DraftInput!): Case }
`;
const schema: GraphQLSchema = buildASTSchema(parse(SDL));

function problemIn(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = getOperationAST(document, operationName)!;
  return findInputProblem({ schema, document, operation, variables });
}

const DRAFT = 'mutation($id: ID!, $input: DraftInput!) { draft(caseId: $id, input: $input) { id } }';
const good = { terms: 'Pay in two parts', instalments: [{ amount: '100.00', dueDate: '2026-09-30' }], kind: 'A', count: 2, at: '2026-03-01T10:00:00Z' };

describe('text the hub refuses', () => {
  it.each([
    ['NUL', 'a\u0000b', 'CONTROL_CHARACTER', 'U+0000'],
    ['a C0 control (ESC)', 'a\u001bb', 'CONTROL_CHARACTER', 'U+001B'],
    ['DEL', 'a\u007fb', 'CONTROL_CHARACTER', 'U+007F'],
    ['a C1 control (NEL)', 'a\u0085b', 'CONTROL_CHARACTER', 'U+0085'],
    ['a lone high surrogate', 'a\ud800b', 'ILL_FORMED_UNICODE', 'surrogate'],
    ['a lone low surrogate at the end', 'ab\udc00', 'ILL_FORMED_UNICODE', 'surrogate'],
    ['a right-to-left override', '陈大文\u202Egnp.exe', 'BIDI_CONTROL', 'U+202E'],
    ['a first-strong isolate', 'a\u2068b', 'BIDI_CONTROL', 'U+2068'],
  ])('%s', (_, text, rule, named) => {
    const found = textProblem(text);
    expect(found?.rule).toBe(rule);
    expect(found?.message).toContain(named);
  });

  it.each([
    ['tab, line feed and carriage return', 'line one\r\n\tline two'],
    ['Chinese, emoji (surrogate pairs) and a zero-width joiner', '陈大文 👩‍⚖️ 義烏'],
    ['Arabic with the right-to-left mark', 'مرحبا\u200F 123'],
    ['the empty string', ''],
  ])('allows %s', (_, text) => {
    expect(textProblem(text)).toBeUndefined();
  });
});

describe('findInputProblem walks the operation with its types', () => {
  it('finds nothing in good input', () => {
    expect(problemIn(DRAFT, { id: 'mca_1', input: good })).toBeUndefined();
  });

  it('names the argument path, not the variable, for a variable nested in an input object', () => {
    expect(problemIn(DRAFT, { id: 'mca_1', input: { ...good, terms: 'x\u0000' } })).toMatchObject({ field: 'input.terms', rule: 'CONTROL_CHARACTER' });
    expect(problemIn('mutation($t: String!) { draft(caseId: "mca_1", input: { terms: $t }) { id } }', { t: '\ud800' }))
      .toMatchObject({ field: 'input.terms', rule: 'ILL_FORMED_UNICODE' });
  });

  it('indexes list items, in variables and in literals', () => {
    const input = { ...good, instalments: [good.instalments[0], { amount: '1.00', dueDate: '2026-10-31\u0085' }] };
    expect(problemIn(DRAFT, { id: 'mca_1', input })).toMatchObject({ field: 'input.instalments.1.dueDate' });
    expect(problemIn('{ cases(ids: ["dsp_1", "dsp_\\u0000"]) { id } }')).toMatchObject({ field: 'ids.1', rule: 'CONTROL_CHARACTER' });
  });

  it('checks literals, IDs and a single value given for a list', () => {
    expect(problemIn('{ case(id: "dsp\\u0007") { id } }')).toMatchObject({ field: 'id', rule: 'CONTROL_CHARACTER' });
    expect(problemIn('query($i: [ID!]!) { cases(ids: $i) { id } }', { i: 'dsp_\u009f' })).toMatchObject({ field: 'ids' });
  });

  it('checks arguments of nested fields and of fields in fragments, inline and named', () => {
    expect(problemIn('{ case(id: "dsp_1") { note(lang: "\\u202e") } }')).toMatchObject({ field: 'lang', rule: 'BIDI_CONTROL' });
    expect(problemIn('query($l: String) { ...F } fragment F on Query { case(id: "c") { ... on Case { note(lang: $l) } } }', { l: 'a\u0000' }))
      .toMatchObject({ field: 'lang' });
  });

  it('checks the defaults the operation declares, used when a variable is not sent', () => {
    expect(problemIn('query($t: String = "a\\u0000") { cases(ids: [], tag: $t) { id } }')).toMatchObject({ field: 'tag' });
    expect(problemIn('query($t: String = "a\\u0000") { cases(ids: [], tag: $t) { id } }', { t: 'fine' })).toBeUndefined();
  });

  it('looks only at the operation that runs and the fragments it spreads', () => {
    const doc = 'query Good { case(id: "ok") { id } } query Bad { case(id: "\\u0000") { id } }';
    expect(problemIn(doc, {}, 'Good')).toBeUndefined();
    expect(problemIn(doc, {}, 'Bad')).toMatchObject({ field: 'id' });
  });

  it('parses Decimal and DateTime with the kit scalars even where the schema does not', () => {
    for (const amount of ['1.234', 'NaN', 'Infinity', '1e3', '12,00', '', 1.234, Number.NaN, true]) {
      const input = { ...good, instalments: [{ amount, dueDate: '2026-09-30' }] };
      expect(problemIn(DRAFT, { id: 'mca_1', input })).toMatchObject({ field: 'input.instalments.0.amount', rule: 'DECIMAL_FORMAT' });
    }
    for (const at of ['2026-13-45T00:00:00Z', '2026-02-30T10:00:00Z', 'next year', '2026-03-01', 1_700_000_000_000]) {
      expect(problemIn(DRAFT, { id: 'mca_1', input: { ...good, at } })).toMatchObject({ field: 'input.at', rule: 'DATE_TIME_FORMAT' });
    }
    expect(problemIn('mutation { draft(caseId: "m", input: { terms: "t", instalments: [{ amount: 1e3, dueDate: "d" }] }) { id } }'))
      .toMatchObject({ field: 'input.instalments.0.amount', rule: 'DECIMAL_FORMAT' });
    expect(problemIn('mutation { draft(caseId: "m", input: { terms: "t", at: "2026-02-29T00:00:00Z" }) { id } }'))
      .toMatchObject({ field: 'input.at', rule: 'DATE_TIME_FORMAT' });
    expect(problemIn('mutation { draft(caseId: "m", input: { terms: "t", at: "2028-02-29T00:00:00Z" }) { id } }')).toBeUndefined();
  });

  it('looks into every string of a scalar it does not know', () => {
    expect(problemIn('query($v: JSON) { echo(value: $v) }', { v: { a: ['ok', 'b\u0000'] } })).toMatchObject({ field: 'value.a.1', rule: 'CONTROL_CHARACTER' });
    expect(problemIn('{ echo(value: { a: "\\u0000" }) }')).toMatchObject({ field: 'value' });
  });

  it('leaves enums, numbers, booleans and shapes graphql-js refuses to graphql-js', () => {
    expect(problemIn(DRAFT, { id: 'mca_1', input: { ...good, count: '\u0000', kind: '\u0000' } })).toBeUndefined();
    expect(problemIn(DRAFT, { id: 'mca_1', input: 'not an object' })).toBeUndefined();
  });
});

describe('inputChecksPlugin in a real Apollo Server', () => {
  const server = new ApolloServer({
    schema,
    plugins: [inputChecksPlugin()],
  });
  let resolved = 0;
  beforeAll(async () => {
    // Counts executions: a refused operation must not run at all.
    (schema.getMutationType()!.getFields().draft!).resolve = () => ({ id: String(++resolved) });
    await server.start();
  });
  afterAll(() => server.stop());

  it('refuses before execution with BAD_USER_INPUT, field and rule, HTTP 400', async () => {
    const response = await server.executeOperation({ query: DRAFT, variables: { id: 'mca_1', input: { ...good, terms: 'a\u0000' } } });
    expect(response.http.status).toBe(400);
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(result?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.terms', rule: 'CONTROL_CHARACTER' });
    expect(result?.errors?.[0]?.message).toBe('input.terms contains the control character U+0000');
    expect(resolved).toBe(0);
  });

  it('lets good input through', async () => {
    const response = await server.executeOperation({ query: DRAFT, variables: { id: 'mca_1', input: good } });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(result?.errors).toBeUndefined();
    expect(resolved).toBe(1);
  });
});
