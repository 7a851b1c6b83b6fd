import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { defaultSubgraphUrl, SUBGRAPHS, subgraphTypeDefs, supergraphPath } from './subgraphs.js';

export interface ComposeOutcome {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/**
 * Composes the checked-in subgraph SDL in-process. The URLs written into the supergraph
 * are the local defaults; the gateway overrides them from its configuration.
 */
export function composeSupergraph(): ComposeOutcome {
  const result = composeServices(
    SUBGRAPHS.map(({ name }) => ({ name, url: defaultSubgraphUrl(name), typeDefs: subgraphTypeDefs(name) })),
  );
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints: [] };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints: result.hints.map((h) => h.toString()) };
}

export function readCheckedInSupergraph(): string {
  return readFileSync(supergraphPath, 'utf8');
}
