import { runSubgraph } from '@fengqiao/subgraph-kit';
import { arbitrationSubgraph } from './definition.js';

await runSubgraph(arbitrationSubgraph);
