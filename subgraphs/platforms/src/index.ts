import { runSubgraph } from '@fengqiao/subgraph-kit';
import { platformsSubgraph } from './definition.js';

await runSubgraph(platformsSubgraph);
