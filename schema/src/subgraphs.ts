import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

/** The seven subgraphs, in the order the hub starts them, with their default local ports. */
export const SUBGRAPHS = [
  { name: 'disputes', port: 4001 },
  { name: 'identity', port: 4002 },
  { name: 'platforms', port: 4003 },
  { name: 'mediation', port: 4004 },
  { name: 'arbitration', port: 4005 },
  { name: 'courts', port: 4006 },
  { name: 'credit', port: 4007 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const supergraphPath = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(fileURLToPath(new URL(`../${name}.graphql`, import.meta.url)), 'utf8');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}

export function defaultSubgraphUrl(name: SubgraphName): string {
  const entry = SUBGRAPHS.find((s) => s.name === name);
  return `http://127.0.0.1:${entry?.port}/graphql`;
}
