import { and, desc, eq, lt, or } from 'drizzle-orm';
import { decodeCursor, forbidden, pageSize, requireAuthenticated, toConnection, type Caller } from '@fengqiao/subgraph-kit';
import { personalDataReads, type PersonalDataReadRow } from './db/schema.js';
import type { IdentityDb } from './identity-store.js';
import { isSelf } from './masking.js';

/**
 * "Who has seen my data": the access log of unmasked reads, newest first. The party reads
 * its own, admins anyone's; nobody else, since the log itself says who handles whose case.
 */
export class AccessLog {
  constructor(private readonly db: IdentityDb) {}

  async page(caller: Caller, partyId: string, args: { first?: number | null; after?: string | null }) {
    requireAuthenticated(caller);
    if (!isSelf(caller, partyId) && caller.role !== 'admin') throw forbidden('Only the party itself and admins may read who has seen its data');
    const limit = pageSize(args.first, 50);
    const after = args.after ? decodeCursor(args.after) : null;
    const rows = await this.db
      .select()
      .from(personalDataReads)
      .where(and(
        eq(personalDataReads.partyId, partyId),
        after
          ? or(lt(personalDataReads.readAt, new Date(after.at)), and(eq(personalDataReads.readAt, new Date(after.at)), lt(personalDataReads.id, after.id)))
          : undefined,
      ))
      .orderBy(desc(personalDataReads.readAt), desc(personalDataReads.id))
      .limit(limit + 1);
    const connection = toConnection<PersonalDataReadRow>(rows, limit, (r) => ({ at: r.readAt.toISOString(), id: r.id }));
    return {
      nodes: connection.edges.map(({ node: r }) => ({
        id: r.id, field: r.field, readerRole: r.readerRole, readerId: r.readerId, readerOrganization: r.readerOrg, purpose: r.purpose, readAt: r.readAt,
      })),
      pageInfo: connection.pageInfo,
    };
  }
}
