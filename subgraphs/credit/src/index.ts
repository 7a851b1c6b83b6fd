import { runSubgraph } from '@fengqiao/subgraph-kit';
import { creditSubgraph } from './definition.js';

await runSubgraph(creditSubgraph);
