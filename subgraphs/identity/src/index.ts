import { runSubgraph } from '@fengqiao/subgraph-kit';
import { identitySubgraph } from './definition.js';

await runSubgraph(identitySubgraph);
