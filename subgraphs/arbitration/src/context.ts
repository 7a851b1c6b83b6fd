import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { ArbitrationLoaders } from './loaders.js';
import type { ArbitrationServices } from './services.js';

export type Context = SubgraphContext<ArbitrationServices, ArbitrationLoaders>;
