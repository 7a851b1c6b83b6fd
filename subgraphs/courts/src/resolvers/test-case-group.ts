import type { Context } from '../context.js';
import type { MediationOfferRow, TestCaseGroupRow } from '../db/schema.js';

/**
 * A group is visible to whoever may see cases at all; a party sees it only when one of its
 * cases is in it (members are filtered by the same rules as any case).
 */
export async function visibleGroup(id: string, ctx: Context): Promise<TestCaseGroupRow | null> {
  const v = ctx.services.manager.visibilityFor(ctx.caller);
  if (v.none) return null;
  const group = await ctx.loaders.testCaseGroup.load(id);
  if (!group) return null;
  if (v.partyId && (await ctx.loaders.groupMembers.load(id)).length === 0) return null;
  return group;
}

export const TestCaseGroup = {
  court: (g: TestCaseGroupRow, _: unknown, ctx: Context) => ctx.loaders.court.load(g.courtId),
  testCase: (g: TestCaseGroupRow, _: unknown, ctx: Context) => ctx.loaders.litigationCase.load(g.testCaseId),
  members: (g: TestCaseGroupRow, _: unknown, ctx: Context) => ctx.loaders.groupMembers.load(g.id),
  offers: (g: TestCaseGroupRow, _: unknown, ctx: Context) => ctx.loaders.groupOffers.load(g.id),
};

export const CaseGuidedMediationOffer = {
  case: (o: MediationOfferRow, _: unknown, ctx: Context) => ctx.loaders.litigationCase.load(o.caseId),
};
