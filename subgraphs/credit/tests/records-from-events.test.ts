import { eq, sql } from 'drizzle-orm';
import { DEBTOR_DELISTED, DEBTOR_DISCREDITED, feedEvent, OBLIGATION_PERFORMED, startTestSubgraph, type Caller, type FeedEvent } from '@fengqiao/subgraph-kit';
import { creditRecords } from '../src/db/schema.js';
import { creditSubgraph } from '../src/definition.js';

const judge: Caller = { role: 'court', sub: 'usr_judge_huang', org: 'crt_zj_yiwu' };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(creditSubgraph, { seed: false }); });
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
let n = 0;
const uniq = (p: string) => `${p}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
const seqs: Record<string, number> = {};
function from(source: string, type: string, payload: Record<string, unknown>): FeedEvent {
  seqs[source] = (seqs[source] ?? 0) + 1;
  return feedEvent(source, seqs[source]!, type, payload);
}
const recordsOf = async (partyId: string): Promise<any[]> => db().select().from(creditRecords).where(eq(creditRecords.partyId, partyId)).orderBy(creditRecords.listedAt);
const total = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(creditRecords))[0].n as number;

const PROFILE = 'query($id: ID!) { creditProfile(partyId: $id) { discredited records { kind summary sourceCaseNumber sourceReference listedAt removedAt removalReason } } }';

function discredited(debtorId: string, extra: Record<string, unknown> = {}) {
  return {
    listingId: uniq('dsl'), enforcementCaseId: uniq('enf'), caseNumber: '(2026)浙0782执77号', courtId: 'crt_zj_yiwu', debtorId,
    ground: 'REFUSES_DESPITE_ABILITY', statement: 'Keeps 120,000 yuan in the bank and pays nothing.', listedAt: '2026-10-01T02:00:00.000Z', ...extra,
  };
}
const delisted = (listing: ReturnType<typeof discredited>, removedAt = '2026-11-01T02:00:00.000Z') => ({
  listingId: listing.listingId, enforcementCaseId: listing.enforcementCaseId, caseNumber: listing.caseNumber, debtorId: listing.debtorId, reason: 'PERFORMED', removedAt,
});
const performed = (obligation: 'SETTLEMENT' | 'AWARD', debtorId: string, creditorId = uniq('pty_creditor')) => ({
  obligation, obligationId: uniq(obligation === 'SETTLEMENT' ? 'sag' : 'arc'), creditorId, debtorId, totalAmount: '9000.00', performedAt: '2026-11-01T02:00:00.000Z',
});

describe('the courts\' discredited list', () => {
  test('a listing becomes a DISCREDITED_DEBTOR record under its case number; its removal marks it removed and keeps it', async () => {
    const debtor = uniq('pty_debtor');
    const listing = discredited(debtor);
    expect(await sg.deliver('courts', [from('courts', DEBTOR_DISCREDITED, listing)])).toMatchObject({ applied: 1 });
    const listed = await sg.request(PROFILE, { id: debtor }, judge);
    expect(listed.data.creditProfile).toEqual({
      discredited: true,
      records: [{
        kind: 'DISCREDITED_DEBTOR', sourceCaseNumber: '(2026)浙0782执77号', sourceReference: listing.listingId, listedAt: listing.listedAt, removedAt: null, removalReason: null,
        summary: 'Listed as a discredited judgment debtor in (2026)浙0782执77号: able to perform, but refuses to (art. 1(1)). Keeps 120,000 yuan in the bank and pays nothing.',
      }],
    });

    await sg.deliver('courts', [from('courts', DEBTOR_DELISTED, delisted(listing))]);
    const removed = await sg.request(PROFILE, { id: debtor }, judge);
    expect(removed.data.creditProfile.discredited).toBe(false);
    expect(removed.data.creditProfile.records).toEqual([expect.objectContaining({ kind: 'DISCREDITED_DEBTOR', removedAt: '2026-11-01T02:00:00.000Z', removalReason: 'PERFORMED' })]);
  });

  test('a debtor listed in two cases stays discredited until both listings are removed', async () => {
    const debtor = uniq('pty_debtor');
    const [a, b] = [discredited(debtor), discredited(debtor, { caseNumber: '(2026)浙0782执78号', ground: 'VIOLATES_CONSUMPTION_RESTRICTION' })];
    await sg.deliver('courts', [from('courts', DEBTOR_DISCREDITED, a), from('courts', DEBTOR_DISCREDITED, b), from('courts', DEBTOR_DELISTED, delisted(a))]);
    expect((await sg.request(PROFILE, { id: debtor }, judge)).data.creditProfile.discredited).toBe(true);
    await sg.deliver('courts', [from('courts', DEBTOR_DELISTED, delisted(b))]);
    expect((await sg.request(PROFILE, { id: debtor }, judge)).data.creditProfile.discredited).toBe(false);
    expect(await recordsOf(debtor)).toHaveLength(2);
  });
});

describe('a removed listing no longer shows as discredited (SPC provisions on the discredited list, art. 10)', () => {
  test('not in the public flag, not in a consenting recipient\'s report, not in the triage fact; the subject and courts keep the history', async () => {
    const debtor = uniq('pty_debtor');
    const listing = discredited(debtor);
    await sg.deliver('courts', [from('courts', DEBTOR_DISCREDITED, listing)]);
    const platform: Caller = { role: 'platform', sub: 'usr_srm_ops', org: 'plt_demo_silk_road_mall' };
    const subject: Caller = { role: 'party', sub: debtor, org: null };
    const grant = await sg.request('mutation($input: GrantCreditConsentInput!) { grantCreditConsent(input: $input, idempotencyKey: "consent-art10-0001") { id } }', {
      input: { recipientId: 'plt_demo_silk_road_mall', purpose: 'merchant onboarding review', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    }, subject);
    expect(grant.errors).toBeUndefined();
    const REPORT = 'query($id: ID!) { judicialCreditReport(partyId: $id, purpose: "merchant onboarding review") { discredited listings { sourceReference removedAt } } }';
    const FACT = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dispute { respondentDiscredited } } }';
    const fact = async () => (await sg.request(FACT, { reps: [{ __typename: 'Dispute', id: 'dsp_art10', respondent: { id: debtor } }] }, judge)).data._entities[0].respondentDiscredited;

    expect((await sg.request(PROFILE, { id: debtor }, platform)).data.creditProfile).toEqual({ discredited: true, records: [] });
    expect((await sg.request(REPORT, { id: debtor }, platform)).data.judicialCreditReport).toEqual({ discredited: true, listings: [{ sourceReference: listing.listingId, removedAt: null }] });
    expect(await fact()).toBe(true);

    await sg.deliver('courts', [from('courts', DEBTOR_DELISTED, delisted(listing))]);
    expect((await sg.request(PROFILE, { id: debtor }, platform)).data.creditProfile).toEqual({ discredited: false, records: [] });
    expect((await sg.request(REPORT, { id: debtor }, platform)).data.judicialCreditReport).toEqual({ discredited: false, listings: [] });
    expect(await fact()).toBe(false);
    // The record is kept, marked removed, for the subject and the courts.
    expect((await sg.request(REPORT, { id: debtor }, subject)).data.judicialCreditReport).toEqual({
      discredited: false, listings: [{ sourceReference: listing.listingId, removedAt: '2026-11-01T02:00:00.000Z' }],
    });
  });
});

describe('performance of settlements and awards', () => {
  test.each([['mediation', 'SETTLEMENT'], ['arbitration', 'AWARD']] as const)('%s ObligationPerformed is a PERFORMANCE record of the debtor, not the creditor', async (source, obligation) => {
    const debtor = uniq('pty_debtor');
    const p = performed(obligation, debtor);
    await sg.deliver(source, [from(source, OBLIGATION_PERFORMED, p)]);
    expect(await recordsOf(debtor)).toEqual([expect.objectContaining({
      kind: 'PERFORMANCE', sourceReference: p.obligationId, sourceCaseNumber: null, listedAt: new Date(p.performedAt), removedAt: null,
      summary: `Performed ${obligation === 'SETTLEMENT' ? 'the settlement agreement' : 'the arbitration award'} ${p.obligationId} in full (9000.00 yuan)`,
    })]);
    expect(await recordsOf(p.creditorId)).toEqual([]);
  });
});

describe('exactly once', () => {
  test('a redelivered event is skipped by the consumer\'s position; the same listing or obligation under a new position adds nothing', async () => {
    const debtor = uniq('pty_debtor');
    const listing = from('courts', DEBTOR_DISCREDITED, discredited(debtor));
    const perf = from('mediation', OBLIGATION_PERFORMED, performed('SETTLEMENT', debtor));
    await sg.deliver('courts', [listing]);
    await sg.deliver('mediation', [perf]);
    const before = await total();
    expect(await sg.deliver('courts', [listing])).toMatchObject({ applied: 0, skipped: 1 });
    expect(await sg.deliver('mediation', [perf])).toMatchObject({ applied: 0, skipped: 1 });
    // Republished (another outbox row for the same fact): the source reference is unique.
    await sg.deliver('courts', [from('courts', DEBTOR_DISCREDITED, listing.payload)]);
    await sg.deliver('mediation', [from('mediation', OBLIGATION_PERFORMED, perf.payload)]);
    expect(await total()).toBe(before);
    expect(await recordsOf(debtor)).toHaveLength(2);
  });

  test('a payload that breaks the contract is consumed and writes nothing; the events after it still apply', async () => {
    const debtor = uniq('pty_debtor');
    const before = await total();
    const r = await sg.deliver('courts', [
      from('courts', DEBTOR_DISCREDITED, { ...discredited(debtor), ground: 'OWES_MONEY' }),
      from('courts', DEBTOR_DISCREDITED, { ...discredited(debtor), listedAt: 'yesterday' }),
      from('courts', DEBTOR_DELISTED, { listingId: 'dsl_x' }),
      from('courts', DEBTOR_DISCREDITED, discredited(debtor)),
    ]);
    expect(r).toMatchObject({ applied: 4 });
    expect(r.failed).toBeUndefined();
    expect(await total()).toBe(before + 1);
  });

  test('a delisting of a listing never heard of changes nothing', async () => {
    const before = await total();
    await sg.deliver('courts', [from('courts', DEBTOR_DELISTED, delisted(discredited(uniq('pty_debtor'))))]);
    expect(await total()).toBe(before);
  });
});
