import type { HubClient } from './client.js';
import type { DisputeSummary, Order, Side } from './types.js';

/** The signed-in party's disputes, newest pages first, at most five pages. */
export async function loadDisputes(hub: HubClient): Promise<DisputeSummary[]> {
  const all: DisputeSummary[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page += 1) {
    const data: { disputes: { edges: Array<{ node: DisputeSummary }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await hub.request('EStationDisputes', { after });
    all.push(...data.disputes.edges.map((e) => e.node));
    if (!data.disputes.pageInfo.hasNextPage || !data.disputes.pageInfo.endCursor) break;
    after = data.disputes.pageInfo.endCursor;
  }
  return all;
}

/** The disputes that arose from this order with this side as the party, newest first. */
export function disputesAboutOrder(all: DisputeSummary[], order: Order, side: Side): DisputeSummary[] {
  const newestFirst = (a: DisputeSummary, b: DisputeSummary) => Date.parse(b.filedAt) - Date.parse(a.filedAt);
  const fromOrder = all.filter((d) => d.origin?.id === order.id);
  if (side === 'seller') {
    const merchantId = order.store.merchant?.id;
    return fromOrder.filter((d) => !merchantId || d.respondent?.id === merchantId).sort(newestFirst);
  }
  const buyerId = order.buyer?.id;
  return fromOrder.filter((d) => !buyerId || d.claimant?.id === buyerId).sort(newestFirst);
}
