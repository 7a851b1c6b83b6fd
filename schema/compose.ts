// `npm run compose`: writes schema/supergraph.graphql from the seven subgraph SDL files.
import { writeFileSync } from 'node:fs';
import { composeSupergraph, supergraphPath } from './src/index.js';

const outcome = composeSupergraph();
if (!outcome.supergraphSdl) {
  console.error(`Composition failed:\n${outcome.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
for (const hint of outcome.hints) console.warn(`hint: ${hint}`);
writeFileSync(supergraphPath, outcome.supergraphSdl);
console.log(`wrote ${supergraphPath}`);
