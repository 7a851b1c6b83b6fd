import { runSubgraph } from '@fengqiao/subgraph-kit';
import { disputesSubgraph } from './definition.js';

await runSubgraph(disputesSubgraph);
