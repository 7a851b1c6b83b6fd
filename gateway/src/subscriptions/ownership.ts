import { Supergraph } from '@apollo/federation-internals';

export interface SubscriptionOwner {
  subgraph: string;
  /** The URL written in the supergraph; configured URLs take precedence. */
  url: string;
}

/** Which subgraph resolves each Subscription root field, as the supergraph declares it. */
export function subscriptionOwners(supergraphSdl: string): Map<string, SubscriptionOwner> {
  const owners = new Map<string, SubscriptionOwner>();
  for (const subgraph of Supergraph.build(supergraphSdl).subgraphs().values()) {
    const root = subgraph.schema.schemaDefinition.rootType('subscription');
    if (!root) continue;
    for (const field of root.fields()) owners.set(field.name, { subgraph: subgraph.name, url: subgraph.url });
  }
  return owners;
}
