/**
 * Which organisation gets a dispute routed to mediation without a destination. Pure, so the
 * rule can be explained and tested on its own.
 *
 * 1. Only organisations with at least one mediator: a case sent to an organisation with
 *    nobody to assign would just wait.
 * 2. Prefer those with a mediator experienced in the dispute's category; when none has one,
 *    any organisation with mediators (a mediator can take a case outside their listed
 *    expertise, and refusing the route would leave the dispute nowhere).
 * 3. Cross-border centres last: the route does not say where the parties are from, and a
 *    Hong Kong / Macao centre is for disputes that have a party from there.
 * 4. Fewest open cases (REFERRED … IN_SESSION) first; then more mediators covering the
 *    category; then by id, so the choice is stable.
 */

export interface OrganizationCandidate {
  id: string;
  name: string;
  kind: string;
}

export interface CandidateMediator {
  organizationId: string;
  expertise: readonly string[];
}

export interface OrganizationChoice<O extends OrganizationCandidate> {
  organization: O;
  reason: string;
}

const norm = (s: string) => s.trim().toLowerCase();

export function chooseOrganization<O extends OrganizationCandidate>(
  organizations: readonly O[],
  mediators: readonly CandidateMediator[],
  openCases: ReadonlyMap<string, number>,
  category: string,
): OrganizationChoice<O> | null {
  const scored = organizations
    .map((organization) => {
      const own = mediators.filter((m) => m.organizationId === organization.id);
      const covering = own.filter((m) => m.expertise.some((e) => norm(e) === norm(category))).length;
      return { organization, mediators: own.length, covering, crossBorder: organization.kind === 'CROSS_BORDER', open: openCases.get(organization.id) ?? 0 };
    })
    .filter((c) => c.mediators > 0);
  if (!scored.length) return null;
  const anyCovers = scored.some((c) => c.covering > 0);
  const pool = anyCovers ? scored.filter((c) => c.covering > 0) : scored;
  pool.sort(
    (a, b) =>
      Number(a.crossBorder) - Number(b.crossBorder) ||
      a.open - b.open ||
      b.covering - a.covering ||
      (a.organization.id < b.organization.id ? -1 : a.organization.id > b.organization.id ? 1 : 0),
  );
  const best = pool[0]!;
  const expertise = anyCovers ? `has ${best.covering} mediator${best.covering === 1 ? '' : 's'} experienced in ${category} disputes` : `no organisation lists ${category} expertise; it has mediators`;
  return { organization: best.organization, reason: `${expertise}, ${best.open} open case${best.open === 1 ? '' : 's'}` };
}
