import type { Context } from '../context.js';
import type { CaseTransferRow, LitigationCaseRow } from '../db/schema.js';
import { categoryFeeEstimate } from '../litigation-fee.js';
import { visibleGroup } from './test-case-group.js';

export const LitigationCase = {
  /** Filtered by the caller's visibility in SQL: a case the caller may not see resolves to null. */
  __resolveReference(ref: { id: string }, ctx: Context) {
    return ctx.loaders.litigationCase.load(ref.id);
  },
  court: (c: LitigationCaseRow, _: unknown, ctx: Context) => ctx.loaders.court.load(c.courtId),
  dispute: (c: LitigationCaseRow) => ({ __typename: 'Dispute', id: c.disputeId }),
  transfers: (c: LitigationCaseRow, _: unknown, ctx: Context) => ctx.loaders.transfersOfCase.load(c.id),
  events: (c: LitigationCaseRow, _: unknown, ctx: Context) => ctx.loaders.eventsOf.load(c.id),
  /** The stored fee is the estimate's lower bound; the range and its basis are recomputed from the case, as they were at filing. */
  feeEstimate: (c: LitigationCaseRow) => categoryFeeEstimate(c.category, c.claimAmount, {
    procedure: c.procedure, endedBy: c.status === 'MEDIATED' || c.status === 'WITHDRAWN' ? c.status : null,
  }),
  testCaseGroup: (c: LitigationCaseRow, _: unknown, ctx: Context) => (c.testCaseGroupId ? visibleGroup(c.testCaseGroupId, ctx) : null),
  /**
   * The hearing record is for the bench and the litigants: courts, admins and parties. A
   * party reaches this case only when it is its own or the test case of a group one of its
   * cases is in (filtered in SQL), so a party that sees the case may read the record.
   * Mediators and arbitrators who may see the case do not get the record.
   */
  hearingRecord: (c: LitigationCaseRow, _: unknown, ctx: Context) =>
    ['court', 'admin', 'party'].includes(ctx.caller.role) ? c.hearingRecord : null,
};

export const CaseTransfer = {
  from: (t: CaseTransferRow, _: unknown, ctx: Context) => ctx.loaders.court.load(t.fromCourtId),
  to: (t: CaseTransferRow, _: unknown, ctx: Context) => ctx.loaders.court.load(t.toCourtId),
};
