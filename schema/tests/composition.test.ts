import { composeSupergraph, readCheckedInSupergraph } from '../src/index.js';

describe('the supergraph', () => {
  const outcome = composeSupergraph();

  it('composes without errors', () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.supergraphSdl).toBeDefined();
  });

  it('is checked in as composed (run `npm run compose` after changing any subgraph SDL)', () => {
    expect(readCheckedInSupergraph()).toBe(outcome.supergraphSdl);
  });

  it('joins the fields clients rely on across all seven subgraphs', () => {
    const sdl = outcome.supergraphSdl ?? '';
    for (const graph of ['DISPUTES', 'IDENTITY', 'PLATFORMS', 'MEDIATION', 'ARBITRATION', 'COURTS', 'CREDIT']) {
      expect(sdl).toContain(`${graph} @join__graph`);
    }
    expect(sdl).toMatch(/mediation: MediationCase @join__field\(graph: MEDIATION\)/);
    expect(sdl).toMatch(/credit: CreditProfile @join__field\(graph: CREDIT\)/);
    expect(sdl).toMatch(/judicialConfirmation: JudicialConfirmation @join__field\(graph: COURTS\)/);
  });
});
