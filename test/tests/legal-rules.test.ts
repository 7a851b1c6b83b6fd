import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arbitrationSubgraph } from '@fengqiao/arbitration';
import { courtsSubgraph } from '@fengqiao/courts';
import { creditSubgraph } from '@fengqiao/credit';
import { disputesSubgraph } from '@fengqiao/disputes';
import { identitySubgraph } from '@fengqiao/identity';
import { mediationSubgraph } from '@fengqiao/mediation';
import { platformsSubgraph } from '@fengqiao/platforms';
import { LEGAL_PERIOD_RULES, type LegalRule } from '@fengqiao/subgraph-kit';

/**
 * The register of legal rules is checked, not trusted: every rule the code declares has a
 * source and a test that exists, and docs/legal-rules.md lists it — marked "(verify)" where
 * the code says the source is unchecked. No hub is started here.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(path.join(root, 'docs/legal-rules.md'), 'utf8');

const owners: [string, readonly LegalRule[]][] = [
  ['kit', LEGAL_PERIOD_RULES],
  ...[disputesSubgraph, identitySubgraph, platformsSubgraph, mediationSubgraph, arbitrationSubgraph, courtsSubgraph, creditSubgraph]
    .map((s): [string, readonly LegalRule[]] => [s.name, s.legalRules ?? []]),
];
const rules = owners.flatMap(([owner, list]) => list.map((rule) => ({ owner, rule })));

/** The rows of the document's rule tables: `| \`RULE_ID\` | … |`. */
const docRows = new Map(doc.split('\n').flatMap((line) => {
  const m = /^\| `([A-Z0-9_]+)` \|/.exec(line);
  return m ? [[m[1]!, line] as const] : [];
}));

describe('the register of legal rules', () => {
  test('the subgraphs that apply law declare it', () => {
    const declared = new Set(rules.map((r) => r.owner));
    for (const owner of ['kit', 'disputes', 'identity', 'courts', 'credit']) expect(declared).toContain(owner);
    expect(rules.length).toBeGreaterThan(30);
  });

  test('every id is unique', () => {
    const ids = rules.map((r) => r.rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test.each(rules.map((r) => [r.rule.id, r.owner, r.rule] as const))('%s (%s) names its source, says what the hub does, and has a test that exists', (_, __, rule) => {
    expect(rule.instrument.trim().length).toBeGreaterThan(3);
    expect(rule.article.trim().length).toBeGreaterThan(0);
    expect(rule.hubDoes.trim().length).toBeGreaterThan(10);
    const file = path.join(root, rule.test.file);
    expect({ file: rule.test.file, exists: existsSync(file) }).toEqual({ file: rule.test.file, exists: true });
    expect({ test: rule.test.name, found: readFileSync(file, 'utf8').includes(rule.test.name) }).toEqual({ test: rule.test.name, found: true });
  });

  test.each(rules.map((r) => [r.rule.id, r.rule] as const))('docs/legal-rules.md lists %s, with (verify) when its source is unchecked', (id, rule) => {
    const row = docRows.get(id);
    expect({ id, listed: row !== undefined }).toEqual({ id, listed: true });
    if (rule.verify) expect(row).toContain('(verify)');
    expect(row).toContain(rule.test.file.split('/').at(-1));
  });

  test('the document lists no rule the code does not declare', () => {
    const known = new Set(rules.map((r) => r.rule.id));
    expect([...docRows.keys()].filter((id) => !known.has(id))).toEqual([]);
  });
});
