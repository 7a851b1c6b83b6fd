import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { PlatformLoaders } from './loaders.js';
import type { PlatformServices } from './services.js';

export type Context = SubgraphContext<PlatformServices, PlatformLoaders>;
