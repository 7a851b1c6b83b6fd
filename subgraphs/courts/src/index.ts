import { runSubgraph } from '@fengqiao/subgraph-kit';
import { courtsSubgraph } from './definition.js';

await runSubgraph(courtsSubgraph);
