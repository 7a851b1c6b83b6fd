import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

// No import.meta here: jest runs this module as CommonJS. Callers pass the package root.
export const operationsFile = (packageDir: string) => path.join(packageDir, 'src', 'operations.graphql');
export const trustedDocumentsFile = (packageDir: string) => path.join(packageDir, 'trusted-documents.json');

/** `"sha256:<lower hex>"` → the exact document text. */
export type TrustedDocuments = Record<string, string>;

export function documentId(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

function fragmentSpreads(node: DefinitionNode): string[] {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/**
 * One document per named operation: the operation first, then every fragment it uses
 * (transitively), sorted by name, printed by graphql-js so the text is canonical.
 */
export function splitOperations(source: string): Array<{ operationName: string; text: string }> {
  const doc = parse(source, { noLocation: true });
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      if (fragments.has(def.name.value)) throw new Error(`fragment ${def.name.value} is defined twice`);
      fragments.set(def.name.value, def);
    } else if (def.kind === Kind.OPERATION_DEFINITION) {
      if (!def.name) throw new Error('every operation in operations.graphql must be named');
      operations.push(def);
    } else {
      throw new Error(`operations.graphql may hold only operations and fragments, not ${def.kind}`);
    }
  }
  const names = new Set<string>();
  return operations.map((op) => {
    const name = op.name!.value;
    if (names.has(name)) throw new Error(`operation ${name} is defined twice`);
    names.add(name);
    const used = new Set<string>();
    const queue = fragmentSpreads(op);
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (used.has(next)) continue;
      const fragment = fragments.get(next);
      if (!fragment) throw new Error(`operation ${name} uses unknown fragment ${next}`);
      used.add(next);
      queue.push(...fragmentSpreads(fragment));
    }
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [op, ...[...used].sort().map((f) => fragments.get(f)!)],
    };
    return { operationName: name, text: print(document) };
  });
}

/** The trusted documents for an operations file's content, keyed by their id. */
export function trustedDocumentsFor(source: string): TrustedDocuments {
  const out: TrustedDocuments = {};
  for (const { text } of splitOperations(source)) out[documentId(text)] = text;
  return out;
}

/** The file content, exactly as the build writes it. */
export function serializeTrustedDocuments(docs: TrustedDocuments): string {
  return `${JSON.stringify(docs, null, 2)}\n`;
}

/** What trusted-documents.json must contain for the package's current operations.graphql. */
export function expectedTrustedDocumentsFile(packageDir: string): string {
  return serializeTrustedDocuments(trustedDocumentsFor(readFileSync(operationsFile(packageDir), 'utf8')));
}
