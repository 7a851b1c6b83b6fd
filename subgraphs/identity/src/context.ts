import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { IdentityLoaders } from './loaders.js';
import type { IdentityServices } from './services.js';

export type Context = SubgraphContext<IdentityServices, IdentityLoaders>;
