/**
 * A rule of law the hub encodes, with where it comes from and the test that shows the hub
 * keeps it. Each subgraph lists its own (`SubgraphDefinition.legalRules`), next to the code
 * that applies them; `docs/legal-rules.md` lists them all, and `test/tests/legal-rules.test.ts`
 * fails when a rule has no source, its test is missing, or the document leaves it out.
 */
export interface LegalRule {
  /** Stable and unique across the hub, such as LITIGATION_FEE_PROPERTY_SCALE. */
  id: string;
  /** The instrument, named so it can be found: title (Chinese title), issuer or document number, year. */
  instrument: string;
  /** Article, paragraph and item, such as "art. 13(1)". */
  article: string;
  /** What the hub does because of it, in one or two sentences. */
  hubDoes: string;
  /**
   * Set when the instrument or article was taken from general knowledge or a third-party copy
   * and not checked against the official text: what to verify.
   */
  verify?: string;
  /** The test that fails without the rule: its file from the repository root and its name (or a part of it). */
  test: { file: string; name: string };
}

/** Declares a module's rules; a typed identity, so each list reads as data where it is defined. */
export function legalRules(rules: readonly LegalRule[]): readonly LegalRule[] {
  return rules;
}
