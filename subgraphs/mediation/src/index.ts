import { runSubgraph } from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from './definition.js';

await runSubgraph(mediationSubgraph);
