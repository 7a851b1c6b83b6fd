import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { documentIdsByName } from '../src/documents.js';
import { expectedTrustedDocumentsFile, splitOperations, trustedDocumentsFile } from '../tools/trusted-documents.js';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const manifestText = readFileSync(trustedDocumentsFile(PACKAGE_DIR), 'utf8');
const manifest = JSON.parse(manifestText) as Record<string, string>;

test('trusted-documents.json is generated from the current src/operations.graphql (run the build when this fails)', () => {
  expect(manifestText).toBe(expectedTrustedDocumentsFile(PACKAGE_DIR));
});

test('each id is sha256:<lower hex> of its exact text, and each document holds exactly one operation', () => {
  const names = new Set<string>();
  for (const [id, text] of Object.entries(manifest)) {
    expect(id).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`);
    const operations = parse(text).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    const name = operations[0]!.kind === Kind.OPERATION_DEFINITION ? operations[0]!.name?.value : undefined;
    expect(name).toBeDefined();
    expect(names.has(name!)).toBe(false);
    names.add(name!);
  }
  const source = readFileSync(path.join(PACKAGE_DIR, 'src', 'operations.graphql'), 'utf8');
  expect([...names].sort()).toEqual(splitOperations(source).map((o) => o.operationName).sort());
});

test('every operation validates against schema/supergraph.graphql', () => {
  const sdl = readFileSync(path.resolve(PACKAGE_DIR, '../../schema/supergraph.graphql'), 'utf8');
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  for (const text of Object.values(manifest)) {
    expect({ text, errors: validate(schema, parse(text)).map((e) => e.message) }).toEqual({ text, errors: [] });
  }
});

test('every operation validates against the API schema clients see (no @inaccessible or join__ fields)', () => {
  const sdl = readFileSync(path.resolve(PACKAGE_DIR, '../../schema/supergraph.graphql'), 'utf8');
  const api = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
  for (const text of Object.values(manifest)) {
    expect({ text, errors: validate(api, parse(text)).map((e) => e.message) }).toEqual({ text, errors: [] });
  }
});

test('the widget finds a document id for every operation by name', () => {
  const ids = documentIdsByName(manifest);
  expect(ids.size).toBe(Object.keys(manifest).length);
  for (const [name, id] of ids) expect(manifest[id]).toMatch(new RegExp(`^(query|mutation|subscription) ${name}\\b`));
});
