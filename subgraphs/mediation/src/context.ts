import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { MediationLoaders } from './loaders.js';
import type { MediationServices } from './services.js';

export type Context = SubgraphContext<MediationServices, MediationLoaders>;
