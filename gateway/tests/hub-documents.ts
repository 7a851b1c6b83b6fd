// The GraphQL documents the hub itself sends or documents, gathered from their sources, so
// the operation limits' defaults can be checked against all of them (operation-limits.test.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type DocumentNode } from 'graphql';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HubDocument {
  /** Where it was found: `file:line`. */
  origin: string;
  source: string;
}

function executable(text: string): boolean {
  try {
    return parse(text).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
}

/** The README's ```graphql blocks and the queries inside its curl examples. */
export function readmeDocuments(): HubDocument[] {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const curls = [...text.matchAll(/"query":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  return [...blocks, ...curls].filter(executable).map((source, i) => ({ origin: `README.md #${i + 1}`, source }));
}

export function trustedDocuments(): HubDocument[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'clients/e-station/trusted-documents.json'), 'utf8')) as Record<string, string>;
  return Object.entries(manifest).map(([id, source]) => ({ origin: `trusted-documents.json ${id.slice(0, 15)}…`, source }));
}

const typescriptFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'artifacts' || name.startsWith('.')) return [];
    if (statSync(file).isDirectory()) return typescriptFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });

/** String values of `const NAME = '…'` and `const NAME = { key: '…', … }` in one file. */
function stringConstants(sourceFile: ts.SourceFile): Map<string, string[]> {
  const constants = new Map<string, string[]>();
  const literal = (node: ts.Node) => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined);
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const single = literal(node.initializer);
      if (single !== undefined) constants.set(node.name.text, [single]);
      if (ts.isObjectLiteralExpression(node.initializer)) {
        const values = node.initializer.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [literal(p.initializer)] : [])).filter((v): v is string => v !== undefined);
        if (values.length) constants.set(node.name.text, values);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return constants;
}

const baseIdentifier = (expression: ts.Expression): string | undefined => {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) return baseIdentifier(expression.expression);
  return undefined;
};

/**
 * Every string or template literal in the TypeScript under `dirs` that parses as an executable
 * GraphQL document. A template's `${…}` becomes each value of the same file's constant it names
 * (the bench's selections), or `__typename`; variants that are not GraphQL are dropped here, and
 * those that do not validate against the schema are dropped by the caller.
 */
export function documentsInTypeScript(dirs: string[]): HubDocument[] {
  const found: HubDocument[] = [];
  for (const file of dirs.flatMap((dir) => typescriptFiles(path.join(ROOT, dir)))) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const constants = stringConstants(sourceFile);
    const add = (node: ts.Node, texts: string[]) => {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      for (const source of new Set(texts)) if (executable(source)) found.push({ origin: `${path.relative(ROOT, file)}:${line}`, source });
    };
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, [node.text]);
      else if (ts.isTemplateExpression(node)) {
        let variants = [node.head.text];
        for (const span of node.templateSpans) {
          const name = baseIdentifier(span.expression);
          const values = (name && constants.get(name)) || ['__typename'];
          variants = variants.flatMap((prefix) => values.map((value) => prefix + value + span.literal.text)).slice(0, 16);
        }
        add(node, variants);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

export const parsed = (doc: HubDocument): DocumentNode => parse(doc.source);
