import { sql } from 'drizzle-orm';
import { DEMO, DISPUTE_PARTICIPANTS_CHANGED, feedEvent, type Caller } from '@fengqiao/subgraph-kit';

/** Test callers and the relations the disputes subgraph would report, shared by the identity suites. */
export const P = DEMO.parties;
export const callers = {
  lina: { role: 'party', sub: P.buyerLiNa, org: null } as Caller,
  zhaoLei: { role: 'party', sub: P.discreditedDebtor, org: null } as Caller,
  yiwuJudge: { role: 'court', sub: 'usr_judge_huang', org: DEMO.courts.yiwu } as Caller,
  yiwuClerk: { role: 'court', sub: 'usr_clerk_wu', org: DEMO.courts.yiwu } as Caller,
  gzJudge: { role: 'court', sub: 'usr_judge_gz', org: DEMO.courts.guangzhouInternet } as Caller,
  yiwuMediator: { role: 'mediator', sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation } as Caller,
  platform: { role: 'platform', sub: 'usr_platform_ops', org: DEMO.platforms.silkRoadMall } as Caller,
  admin: { role: 'admin', sub: 'usr_admin', org: null } as Caller,
  anonymous: { role: 'anonymous', sub: null, org: null } as Caller,
};

let seq = 1000;
/** A DisputeParticipantsChanged event as the disputes subgraph publishes it. */
export function participants(disputeId: string, claimantId: string, respondentId: string, handlingBodies: string[]) {
  return feedEvent('disputes', seq++, DISPUTE_PARTICIPANTS_CHANGED, { claimantId, respondentId, handlingBodies }, { disputeId });
}

/** Rows in a table (optionally matching `where`): how tests show that rejected input stored nothing. */
export async function countRows(db: unknown, table: any, where?: any): Promise<number> {
  const [row] = await (db as any).select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row.n;
}
