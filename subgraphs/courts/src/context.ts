import type { SubgraphContext } from '@fengqiao/subgraph-kit';
import type { CourtLoaders } from './loaders.js';
import type { CourtServices } from './services.js';

export type Context = SubgraphContext<CourtServices, CourtLoaders>;
