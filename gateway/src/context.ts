import type { Caller } from '@fengqiao/subgraph-kit';

export interface GatewayContext {
  caller: Caller;
}
