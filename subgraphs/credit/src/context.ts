import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { CreditLoaders } from './loaders.js';
import type { CreditServices } from './services.js';

export type Context = SubgraphContext<CreditServices, CreditLoaders>;
