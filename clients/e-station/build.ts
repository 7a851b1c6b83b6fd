/**
 * Builds the E Station: regenerates trusted-documents.json from src/operations.graphql, then
 * bundles the widget into one self-registering file, dist/e-station.js.
 *
 *   npm run build --workspace @fengqiao/e-station
 *
 * The demo server imports `buildEStation` to build at start when dist/ is missing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { expectedTrustedDocumentsFile, trustedDocumentsFile } from './tools/trusted-documents.js';

export const PACKAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const BUNDLE_FILE = path.join(PACKAGE_DIR, 'dist', 'e-station.js');
export const TRUSTED_DOCUMENTS_FILE = trustedDocumentsFile(PACKAGE_DIR);

/** Writes trusted-documents.json when its content changed; returns its path. */
export function writeTrustedDocuments(): string {
  const expected = expectedTrustedDocumentsFile(PACKAGE_DIR);
  let current: string | null = null;
  try {
    current = readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8');
  } catch {
    current = null;
  }
  if (current !== expected) writeFileSync(TRUSTED_DOCUMENTS_FILE, expected);
  return TRUSTED_DOCUMENTS_FILE;
}

/**
 * The widget needs only each trusted document's id and operation name, not its text: the
 * bundle gets `{ id: "query Name" }` (what src/documents.ts reads) instead of the whole file.
 */
const documentIdsOnly: Plugin = {
  name: 'trusted-document-ids-only',
  setup(b) {
    b.onLoad({ filter: /trusted-documents\.json$/ }, (args) => {
      const manifest = JSON.parse(readFileSync(args.path, 'utf8')) as Record<string, string>;
      const heads: Record<string, string> = {};
      for (const [id, text] of Object.entries(manifest)) heads[id] = text.slice(0, text.search(/[({]/)).trim();
      return { contents: JSON.stringify(heads), loader: 'json' };
    });
  },
};

export interface BuildOptions {
  /** Minify the bundle (default true). */
  minify?: boolean;
}

/** Regenerates the trusted documents and bundles dist/e-station.js; returns the bundle's path. */
export async function buildEStation(options: BuildOptions = {}): Promise<string> {
  writeTrustedDocuments();
  mkdirSync(path.dirname(BUNDLE_FILE), { recursive: true });
  await build({
    entryPoints: [path.join(PACKAGE_DIR, 'src', 'index.ts')],
    outfile: BUNDLE_FILE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
    absWorkingDir: PACKAGE_DIR,
    plugins: [documentIdsOnly],
  });
  return BUNDLE_FILE;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  buildEStation().then(
    (file) => console.log(`built ${path.relative(process.cwd(), file)} and ${path.relative(process.cwd(), TRUSTED_DOCUMENTS_FILE)}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
