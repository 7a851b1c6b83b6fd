import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { DisputeLoaders } from './loaders.js';
import type { DisputeServices } from './services.js';

export type Context = SubgraphContext<DisputeServices, DisputeLoaders>;
