import { createHash } from 'node:crypto';
import { DEMO, startTestSubgraph, withStepUp, type Caller } from '@fengqiao/subgraph-kit';
import { mediationSubgraph } from '../src/definition.js';
import { DEMO_CASES } from '../src/seed.js';

const ORG = DEMO.mediationOrganizations;
const M = DEMO.mediators;
const P = DEMO.parties;

const anonymous: Caller = { role: 'anonymous', sub: null, org: null };
const admin: Caller = { role: 'admin', sub: 'usr_admin', org: null };
const court: Caller = { role: 'court', sub: 'usr_judge', org: DEMO.courts.guangzhouInternet };
const gzManager: Caller = { role: 'mediation_org', sub: 'usr_gz_case_mgr', org: ORG.gzInternetCourtDdr };
const hkManager: Caller = { role: 'mediation_org', sub: 'usr_hk_case_mgr', org: ORG.hkMacaoMediation };
const yiwuManager: Caller = { role: 'mediation_org', sub: 'usr_yiwu_case_mgr', org: ORG.yiwuMarketMediation };
const chen: Caller = { role: 'mediator', sub: M.chenJing, org: ORG.gzInternetCourtDdr };
const wong: Caller = { role: 'mediator', sub: M.wongKaMing, org: ORG.hkMacaoMediation };
const claimant: Caller = { role: 'party', sub: P.buyerLiNa, org: null };
const respondent: Caller = { role: 'party', sub: P.merchantGzElectronics, org: null };
const stranger: Caller = { role: 'party', sub: P.buyerWangFang, org: null };
const arbitrator: Caller = { role: 'arbitrator', sub: 'usr_arb', org: DEMO.arbitrationInstitutions.guangzhou };

let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
beforeAll(async () => { sg = await startTestSubgraph(mediationSubgraph); });
afterAll(() => sg?.stop());

const CASE = `id status category closedAt withdrawalReason mediator { id rating ratingsCount }
  claimant { id } respondent { id }
  settlement { id terms instalments { amount dueDate } contentHash signedAt signatures { side party { id } signedAt } }
  sessions { id stage heldAt summary }
  contactAttempts { reached channel note }
  terminationReport { report filedAt proposedFacts { id statement confirmedByClaimantAt confirmedByRespondentAt undisputed } }
  undisputedFacts { id statement }
  ratings { side score comment }
  events { id kind actor { role id } at note }`;

let seq = 0;
const key = (label: string) => `key-${label}-${++seq}-${Date.now()}`;
const newDispute = () => `dsp_test_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

async function gql(query: string, variables: Record<string, unknown>, caller: Caller) {
  return sg.request(query, variables, caller);
}
/** A party as the gateway forwards it once it confirmed, with a code, signing the case's current draft. */
async function signing(caller: Caller, caseId: string): Promise<Caller> {
  const draft = await sg.services.store.settlementOfCase(caseId);
  return caller.role === 'party' && draft ? withStepUp(caller, 'SIGN_SETTLEMENT', caseId, draft.contentHash) : caller;
}

/** Runs a mutation that must succeed and returns its case. */
async function ok(query: string, variables: Record<string, unknown>, caller: Caller): Promise<any> {
  const r = await gql(query, variables, caller);
  if (r.errors) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return Object.values(r.data)[0];
}
/** Runs an operation that must fail and returns its first error's extensions. */
async function fails(query: string, variables: Record<string, unknown>, caller: Caller): Promise<Record<string, any>> {
  const r = await gql(query, variables, caller);
  expect(r.errors).toBeDefined();
  return { message: r.errors![0]!.message, ...r.errors![0]!.extensions };
}

const REFER = `mutation($input: ReferToMediationInput!, $key: String!) { referToMediation(input: $input, idempotencyKey: $key) { ${CASE} } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(caseId: $id) { ${CASE} } }`;
const ASSIGN = `mutation($id: ID!, $m: ID!) { assignMediator(caseId: $id, mediatorId: $m) { ${CASE} } }`;
const CONTACT = `mutation($id: ID!, $reached: Boolean!, $channel: ContactAttemptChannel!, $note: String, $key: String!) { recordContactAttempt(caseId: $id, reached: $reached, channel: $channel, note: $note, idempotencyKey: $key) { ${CASE} } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawMediation(caseId: $id, reason: $reason) { ${CASE} } }`;
const SESSION = `mutation($id: ID!, $input: RecordSessionInput!, $key: String!) { recordSession(caseId: $id, input: $input, idempotencyKey: $key) { ${CASE} } }`;
const DRAFT = `mutation($id: ID!, $input: DraftSettlementInput!, $key: String!) { draftSettlement(caseId: $id, input: $input, idempotencyKey: $key) { ${CASE} } }`;
const SIGN = `mutation($id: ID!) { signSettlement(caseId: $id) { ${CASE} } }`;
const TERMINATE = `mutation($id: ID!, $input: TerminateMediationInput!, $key: String!) { terminateMediation(caseId: $id, input: $input, idempotencyKey: $key) { ${CASE} } }`;
const CONFIRM = `mutation($id: ID!, $fact: ID!) { confirmUndisputedFact(caseId: $id, factId: $fact) { ${CASE} } }`;
const FAIL = `mutation($id: ID!) { closeAsFailed(caseId: $id) { ${CASE} } }`;
const RATE = `mutation($id: ID!, $score: Int!, $comment: String) { rateMediator(caseId: $id, score: $score, comment: $comment) { ${CASE} } }`;
const RECOMMEND = `query($id: ID!, $first: Int) { mediatorRecommendations(caseId: $id, first: $first) { mediator { id } score reasons activeCases } }`;

const referral = (over: Record<string, unknown> = {}) => ({
  disputeId: newDispute(), claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, category: 'CONSUMER_PURCHASE', organizationId: ORG.gzInternetCourtDdr, ...over,
});

async function refer(over: Record<string, unknown> = {}, caller: Caller = court) {
  return ok(REFER, { input: referral(over), key: key('refer') }, caller);
}
/** A case with Chen Jing assigned (MEDIATOR_ASSIGNED). */
async function assignedCase(): Promise<string> {
  const c = await refer();
  await ok(ACCEPT, { id: c.id }, gzManager);
  await ok(ASSIGN, { id: c.id, m: M.chenJing }, gzManager);
  return c.id;
}
/** A case in session: the respondent was reached. */
async function caseInSession(): Promise<string> {
  const id = await assignedCase();
  await ok(CONTACT, { id, reached: true, channel: 'VIRTUAL_NUMBER', key: key('contact') }, chen);
  return id;
}
const outboxOf = (caseId: string) => sg.services.store.eventsOfCases([caseId]);
const kinds = (c: { events: { kind: string }[] }) => c.events.map((e) => e.kind);
const canonicalHash = (terms: string, instalments: { amount: string; dueDate: string }[]) =>
  createHash('sha256').update(`{"instalments":${JSON.stringify(instalments.map((i) => ({ amount: i.amount, dueDate: i.dueDate })))},"terms":${JSON.stringify(terms)}}`, 'utf8').digest('hex');

describe('the settlement path', () => {
  test('referral → acceptance → assignment → contact → sessions → draft → two signatures → SETTLED', async () => {
    const disputeId = newDispute();
    const referred = await refer({ disputeId });
    expect(referred).toMatchObject({ status: 'REFERRED', category: 'CONSUMER_PURCHASE', mediator: null, settlement: null, claimant: { id: P.buyerLiNa }, respondent: { id: P.merchantGzElectronics } });
    expect(referred.events).toEqual([expect.objectContaining({ kind: 'MediationReferred', actor: { role: 'court', id: 'usr_judge' } })]);
    const id = referred.id;

    expect(await ok(ACCEPT, { id }, gzManager)).toMatchObject({ status: 'ACCEPTED' });
    expect(await ok(ASSIGN, { id, m: M.chenJing }, gzManager)).toMatchObject({ status: 'MEDIATOR_ASSIGNED', mediator: { id: M.chenJing } });

    const missed = await ok(CONTACT, { id, reached: false, channel: 'PHONE', note: 'No answer', key: key('c') }, chen);
    expect(missed).toMatchObject({ status: 'MEDIATOR_ASSIGNED', contactAttempts: [{ reached: false, channel: 'PHONE', note: 'No answer' }] });
    const reached = await ok(CONTACT, { id, reached: true, channel: 'VIRTUAL_NUMBER', key: key('c') }, chen);
    expect(reached.status).toBe('IN_SESSION');
    expect(reached.contactAttempts).toHaveLength(2);

    await ok(SESSION, { id, input: { stage: 'OPENING_REMARKS', heldAt: '2026-01-05T02:00:00Z', summary: 'Process explained' }, key: key('s') }, chen);
    await ok(SESSION, { id, input: { stage: 'JOINT_MEETING', heldAt: '2026-01-05T03:00:00Z', summary: 'Positions stated' }, key: key('s') }, chen);
    const afterSessions = await ok(SESSION, { id, input: { stage: 'INDIVIDUAL_INTERVIEW', heldAt: '2026-01-04T03:00:00Z', summary: 'Caucus' }, key: key('s') }, chen);
    expect(afterSessions.sessions.map((s: any) => s.stage)).toEqual(['INDIVIDUAL_INTERVIEW', 'OPENING_REMARKS', 'JOINT_MEETING']);

    const terms = 'The respondent refunds 399 yuan in two instalments.';
    const instalments = [{ amount: '200.00', dueDate: '2026-02-01' }, { amount: '199', dueDate: '2026-03-01' }];
    const drafted = await ok(DRAFT, { id, input: { terms, instalments }, key: key('d') }, chen);
    const stored = [{ amount: '200.00', dueDate: '2026-02-01' }, { amount: '199.00', dueDate: '2026-03-01' }];
    expect(drafted.settlement).toMatchObject({ terms, instalments: stored, signatures: [], signedAt: null, contentHash: canonicalHash(terms, stored) });

    const once = await ok(SIGN, { id }, await signing(claimant, id));
    expect(once.status).toBe('IN_SESSION');
    expect(once.settlement.signatures).toEqual([expect.objectContaining({ side: 'CLAIMANT', party: { id: P.buyerLiNa } })]);
    expect(once.settlement.signedAt).toBeNull();

    const settled = await ok(SIGN, { id }, await signing(respondent, id));
    expect(settled.status).toBe('SETTLED');
    expect(settled.closedAt).not.toBeNull();
    expect(settled.settlement.signedAt).not.toBeNull();
    expect(settled.settlement.signatures.map((s: any) => s.side)).toEqual(['CLAIMANT', 'RESPONDENT']);
    expect(settled.settlement.contentHash).toBe(canonicalHash(terms, stored));
    expect(kinds(settled)).toEqual([
      'MediationReferred', 'MediationAccepted', 'MediatorAssigned', 'ContactAttemptRecorded', 'RespondentReached',
      'MediationSessionRecorded', 'MediationSessionRecorded', 'MediationSessionRecorded', 'SettlementDrafted', 'SettlementSigned', 'SettlementSigned', 'MediationSettled',
    ]);
    expect(settled.events.find((e: any) => e.kind === 'MediatorAssigned')).toMatchObject({ actor: { role: 'mediation_org', id: gzManager.sub }, note: 'Mediator Chen Jing assigned' });

    // The outbox carries what a consumer (the courts' judicial confirmation) needs, dispute id set.
    const outbox = await outboxOf(id);
    expect(outbox.map((e: any) => e.eventType)).toEqual(kinds(settled));
    expect(outbox.every((e: any) => e.disputeId === disputeId && e.aggregateId === id && e.payload.caseId === id)).toBe(true);
    const settledEvent = outbox.find((e: any) => e.eventType === 'MediationSettled')!;
    expect(settledEvent.payload).toMatchObject({ caseId: id, contentHash: canonicalHash(terms, stored), instalments: stored, terms, claimantId: P.buyerLiNa, respondentId: P.merchantGzElectronics, mediatorId: M.chenJing });
    expect(settledEvent.aggregateType).toBe('MediationCase');
  });

  test('the settlement is immutable once both parties signed', async () => {
    const id = await caseInSession();
    await ok(DRAFT, { id, input: { terms: 'Final terms' }, key: key('d') }, chen);
    await ok(SIGN, { id }, await signing(respondent, id));
    const settled = await ok(SIGN, { id }, await signing(claimant, id));
    expect(settled.status).toBe('SETTLED');

    const redraft = await fails(DRAFT, { id, input: { terms: 'Changed terms' }, key: key('d') }, chen);
    expect(redraft).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED' });
    expect(await fails(SIGN, { id }, await signing(claimant, id))).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED' });
    // Even below the API, the store refuses to touch a sealed agreement.
    expect(await sg.services.store.redraftSettlement(id, { terms: 'x', instalments: [], contentHash: 'x', draftedBy: 'x' })).toBeUndefined();
    const after = await ok(`query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id }, admin);
    expect(after.settlement).toMatchObject({ terms: 'Final terms', contentHash: settled.settlement.contentHash, signedAt: settled.settlement.signedAt });
  });

  test('a redraft clears an earlier signature; a party signs only once', async () => {
    const id = await caseInSession();
    await ok(DRAFT, { id, input: { terms: 'First draft' }, key: key('d') }, chen);
    await ok(SIGN, { id }, await signing(claimant, id));
    expect(await fails(SIGN, { id }, await signing(claimant, id))).toMatchObject({ code: 'CONFLICT' });
    const redrafted = await ok(DRAFT, { id, input: { terms: 'Second draft', instalments: [{ amount: '10', dueDate: '2026-12-31' }] }, key: key('d') }, chen);
    expect(redrafted.settlement).toMatchObject({ terms: 'Second draft', signatures: [] });
    expect((await ok(SIGN, { id }, await signing(respondent, id))).status).toBe('IN_SESSION');
    expect((await ok(SIGN, { id }, await signing(claimant, id))).status).toBe('SETTLED');
  });

  test('a party\'s token alone signs nothing: STEP_UP_REQUIRED names the case and the draft\'s hash', async () => {
    const id = await caseInSession();
    const drafted = await ok(DRAFT, { id, input: { terms: 'Terms to confirm' }, key: key('d') }, chen);
    const events = (await outboxOf(id)).length;
    expect(await fails(SIGN, { id }, claimant)).toMatchObject({ code: 'STEP_UP_REQUIRED', act: 'SIGN_SETTLEMENT', subjectId: id, contentHash: drafted.settlement.contentHash });
    // A confirmation of other content, another case or another act does not sign this draft.
    for (const proof of [
      withStepUp(claimant, 'SIGN_SETTLEMENT', id, canonicalHash('Other terms', [])),
      withStepUp(claimant, 'SIGN_SETTLEMENT', 'mcs_other', drafted.settlement.contentHash),
      withStepUp(claimant, 'APPLY_FOR_JUDICIAL_CONFIRMATION', id, drafted.settlement.contentHash),
    ]) expect(await fails(SIGN, { id }, proof)).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const after = await ok(`query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id }, admin);
    expect(after.settlement.signatures).toEqual([]);
    expect((await outboxOf(id)).length).toBe(events);
  });

  test('a signature records the party\'s confirmation; a redraft needs a new one', async () => {
    const id = await caseInSession();
    const drafted = await ok(DRAFT, { id, input: { terms: 'First terms' }, key: key('d') }, chen);
    const proof = withStepUp(claimant, 'SIGN_SETTLEMENT', id, drafted.settlement.contentHash, 'acc_sign_1');
    await ok(SIGN, { id }, proof);
    const q = `query($id: ID!) { mediationCase(id: $id) { settlement { signatures { side partyConfirmation { challengeId confirmedAt contentHash } } } } }`;
    const signed = await ok(q, { id }, admin);
    expect(signed.settlement.signatures).toEqual([{ side: 'CLAIMANT', partyConfirmation: { challengeId: 'acc_sign_1', confirmedAt: expect.any(String), contentHash: drafted.settlement.contentHash } }]);
    const signedEvent = (await outboxOf(id)).find((e: any) => e.eventType === 'SettlementSigned')!;
    expect(signedEvent.payload).toMatchObject({ stepUpChallengeId: 'acc_sign_1' });
    await ok(DRAFT, { id, input: { terms: 'Second terms' }, key: key('d') }, chen);
    expect(await fails(SIGN, { id }, proof)).toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });

  test('both parties signing at the same time settle the case exactly once', async () => {
    const id = await caseInSession();
    await ok(DRAFT, { id, input: { terms: 'Concurrent terms' }, key: key('d') }, chen);
    const results = await Promise.all([gql(SIGN, { id }, await signing(claimant, id)), gql(SIGN, { id }, await signing(respondent, id))]);
    expect(results.filter((r) => !r.errors)).toHaveLength(2);
    const c = await ok(`query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id }, admin);
    expect(c.status).toBe('SETTLED');
    expect(kinds(c).filter((k) => k === 'MediationSettled')).toHaveLength(1);
  });
});

describe('the failure path', () => {
  test('termination report, facts confirmed by both or one party, FAILED with the undisputed facts', async () => {
    const id = await caseInSession();
    expect(await fails(FAIL, { id }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_SESSION' });

    const terminated = await ok(TERMINATE, {
      id, key: key('t'),
      input: { report: 'The parties could not agree on the refund.', facts: ['The order was paid on 2026-01-02.', 'The goods arrived damaged.', 'The store offered a coupon.'] },
    }, chen);
    expect(terminated.status).toBe('IN_SESSION');
    expect(terminated.terminationReport.report).toBe('The parties could not agree on the refund.');
    const [paid, damaged, coupon] = terminated.terminationReport.proposedFacts;
    expect(terminated.undisputedFacts).toEqual([]);
    // A second report is refused; the settlement route is closed too.
    expect(await fails(TERMINATE, { id, key: key('t'), input: { report: 'again', facts: [] } }, chen)).toMatchObject({ code: 'CONFLICT' });
    expect(await fails(DRAFT, { id, input: { terms: 'late' }, key: key('d') }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_SESSION' });

    await ok(CONFIRM, { id, fact: paid.id }, claimant);
    await ok(CONFIRM, { id, fact: paid.id }, respondent);
    await ok(CONFIRM, { id, fact: paid.id }, respondent); // again: no change
    await ok(CONFIRM, { id, fact: damaged.id }, claimant); // only one party
    expect(await fails(CONFIRM, { id, fact: 'mft_unknown' }, claimant)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails(CONFIRM, { id, fact: coupon.id }, chen)).toMatchObject({ code: 'FORBIDDEN' });

    const failed = await ok(FAIL, { id }, chen);
    expect(failed.status).toBe('FAILED');
    expect(failed.closedAt).not.toBeNull();
    expect(failed.undisputedFacts).toEqual([{ id: paid.id, statement: paid.statement }]);
    expect(failed.terminationReport.proposedFacts.map((f: any) => f.undisputed)).toEqual([true, false, false]);
    expect(failed.terminationReport.proposedFacts[1]).toMatchObject({ confirmedByClaimantAt: expect.any(String), confirmedByRespondentAt: null });
    expect(kinds(failed).filter((k) => k === 'UndisputedFactConfirmed')).toHaveLength(3);

    const event = (await outboxOf(id)).find((e: any) => e.eventType === 'MediationFailed')!;
    expect(event.disputeId).toBeTruthy();
    expect(event.payload).toMatchObject({ report: 'The parties could not agree on the refund.', undisputedFacts: [{ id: paid.id, statement: paid.statement }] });

    // After closure the facts are frozen.
    expect(await fails(CONFIRM, { id, fact: damaged.id }, respondent)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FAILED' });
  });

  test('the seeded failed case carries its undisputed facts', async () => {
    const c = await ok(`query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id: DEMO_CASES.mediationFailedToCourt }, admin);
    expect(c.undisputedFacts).toHaveLength(2);
    expect(c.terminationReport.proposedFacts).toHaveLength(3);
  });
});

describe('the withdrawal path', () => {
  test('the mediator withdraws after failing to reach the respondent', async () => {
    const id = await assignedCase();
    expect(await fails(WITHDRAW, { id, reason: 'Unreachable' }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MEDIATOR_ASSIGNED' });
    await ok(CONTACT, { id, reached: false, channel: 'VIRTUAL_NUMBER', key: key('c') }, chen);
    await ok(CONTACT, { id, reached: false, channel: 'SMS', key: key('c') }, chen);
    expect(await fails(WITHDRAW, { id, reason: 'I want out' }, respondent)).toMatchObject({ code: 'FORBIDDEN' });
    const withdrawn = await ok(WITHDRAW, { id, reason: 'Respondent unreachable by virtual number and SMS' }, chen);
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'Respondent unreachable by virtual number and SMS' });
    expect(withdrawn.closedAt).not.toBeNull();
    expect(kinds(withdrawn).at(-1)).toBe('MediationWithdrawn');
    const event = (await outboxOf(id)).find((e: any) => e.eventType === 'MediationWithdrawn')!;
    expect(event.payload).toMatchObject({ grounds: 'RESPONDENT_UNREACHABLE' });
    expect(await fails(CONTACT, { id, reached: true, channel: 'PHONE', key: key('c') }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  });

  test('once the respondent was reached the mediator cannot withdraw; the claimant can at any time', async () => {
    const id = await caseInSession();
    expect(await fails(WITHDRAW, { id, reason: 'x' }, chen)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_SESSION' });
    const early = await refer();
    const w = await ok(WITHDRAW, { id: early.id, reason: 'We settled between ourselves' }, claimant);
    expect(w).toMatchObject({ status: 'WITHDRAWN' });
    expect((await outboxOf(early.id)).at(-1)!.payload).toMatchObject({ grounds: 'CLAIMANT_WITHDREW' });
    expect(await fails(WITHDRAW, { id: early.id, reason: 'again' }, claimant)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' });
  });
});

describe('invalid transitions', () => {
  test('each refusal names the current state', async () => {
    const c = await refer();
    expect(await fails(ASSIGN, { id: c.id, m: M.chenJing }, gzManager)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'REFERRED' });
    await ok(ACCEPT, { id: c.id }, gzManager);
    expect(await fails(ACCEPT, { id: c.id }, gzManager)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'ACCEPTED' });
    // A mediator of another organisation.
    expect(await fails(ASSIGN, { id: c.id, m: M.wongKaMing }, gzManager)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'ACCEPTED' });
    expect(await fails(ASSIGN, { id: c.id, m: 'med_nobody' }, gzManager)).toMatchObject({ code: 'NOT_FOUND' });
    await ok(ASSIGN, { id: c.id, m: M.chenJing }, gzManager);
    expect(await fails(SESSION, { id: c.id, input: { stage: 'JOINT_MEETING', heldAt: '2026-01-01T00:00:00Z', summary: 's' }, key: key('s') }, chen))
      .toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MEDIATOR_ASSIGNED' });
    expect(await fails(SIGN, { id: c.id }, await signing(claimant, c.id))).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'MEDIATOR_ASSIGNED' });
    await ok(CONTACT, { id: c.id, reached: true, channel: 'PHONE', key: key('c') }, chen);
    // Signing before a draft.
    expect(await fails(SIGN, { id: c.id }, await signing(claimant, c.id))).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_SESSION' });
    expect(await fails(RATE, { id: c.id, score: 5 }, claimant)).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'IN_SESSION' });
    expect(await fails(ACCEPT, { id: 'mca_nope' }, gzManager)).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('the compare-and-set refuses a stale expected status', async () => {
    const c = await refer();
    await ok(ACCEPT, { id: c.id }, gzManager);
    expect(await sg.services.store.compareAndSetStatus(c.id, 'REFERRED', 'ACCEPTED')).toBeUndefined();
  });

  test('two concurrent acceptances: exactly one succeeds', async () => {
    const c = await refer();
    const results = await Promise.all([gql(ACCEPT, { id: c.id }, gzManager), gql(ACCEPT, { id: c.id }, { ...gzManager, sub: 'usr_gz_other' })]);
    const succeeded = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'ACCEPTED' });
    expect((await outboxOf(c.id)).filter((e: any) => e.eventType === 'MediationAccepted')).toHaveLength(1);
  });
});

describe('guards', () => {
  test('only the case manager of the organisation accepts and assigns', async () => {
    const c = await refer();
    for (const caller of [hkManager, yiwuManager, chen, claimant, court, admin]) {
      expect(await fails(ACCEPT, { id: c.id }, caller)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await fails(ACCEPT, { id: c.id }, anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    await ok(ACCEPT, { id: c.id }, gzManager);
    expect(await fails(ASSIGN, { id: c.id, m: M.wongKaMing }, hkManager)).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('a mediator not assigned, a party not on the case, another organisation are refused', async () => {
    const id = await caseInSession();
    const wrongMediator = { ...chen, sub: M.zhouLei };
    expect(await fails(SESSION, { id, input: { stage: 'JOINT_MEETING', heldAt: '2026-01-01T00:00:00Z', summary: 's' }, key: key('s') }, wong)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(CONTACT, { id, reached: true, channel: 'PHONE', key: key('c') }, wrongMediator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(DRAFT, { id, input: { terms: 't' }, key: key('d') }, gzManager)).toMatchObject({ code: 'FORBIDDEN' });
    await ok(DRAFT, { id, input: { terms: 't' }, key: key('d') }, chen);
    expect(await fails(SIGN, { id }, await signing(stranger, id))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(SIGN, { id }, await signing(chen, id))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(TERMINATE, { id, input: { report: 'r', facts: [] }, key: key('t') }, wong)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(FAIL, { id }, wong)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(WITHDRAW, { id, reason: 'r' }, hkManager)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(RECOMMEND, { id }, hkManager)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(RECOMMEND, { id }, chen)).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('referrals come from courts, platforms, admins or the claimant itself', async () => {
    expect((await refer({}, claimant)).status).toBe('REFERRED');
    expect((await refer({}, { role: 'platform', sub: 'usr_ops', org: DEMO.platforms.silkRoadMall })).status).toBe('REFERRED');
    expect(await fails(REFER, { input: referral(), key: key('r') }, respondent)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(REFER, { input: referral(), key: key('r') }, arbitrator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(REFER, { input: referral(), key: key('r') }, gzManager)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(REFER, { input: referral(), key: key('r') }, anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('ratings', () => {
  test('each party rates the mediator once after closure; the average updates', async () => {
    const id = await caseInSession();
    await ok(DRAFT, { id, input: { terms: 'Rated terms' }, key: key('d') }, chen);
    await ok(SIGN, { id }, await signing(claimant, id));
    await ok(SIGN, { id }, await signing(respondent, id));
    const [before] = await sg.services.store.mediatorsByIds([M.chenJing]);

    expect(await fails(RATE, { id, score: 6 }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const rated = await ok(RATE, { id, score: 5, comment: 'Patient and clear' }, claimant);
    expect(rated.ratings).toEqual([{ side: 'CLAIMANT', score: 5, comment: 'Patient and clear' }]);
    const expected = Math.round(((before!.rating! * before!.ratingsCount + 5) / (before!.ratingsCount + 1)) * 100) / 100;
    expect(rated.mediator).toMatchObject({ ratingsCount: before!.ratingsCount + 1, rating: expected });

    expect(await fails(RATE, { id, score: 1 }, claimant)).toMatchObject({ code: 'CONFLICT' });
    expect(await fails(RATE, { id, score: 3 }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
    const both = await ok(RATE, { id, score: 3 }, respondent);
    expect(both.ratings.map((r: any) => r.side)).toEqual(['CLAIMANT', 'RESPONDENT']);
    expect(both.mediator.ratingsCount).toBe(before!.ratingsCount + 2);
    expect(kinds(both).slice(-2)).toEqual(['MediatorRated', 'MediatorRated']);
  });
});

describe('idempotency and input validation', () => {
  test('a replayed referral returns the same case and stores it once', async () => {
    const input = referral();
    const k = key('replay');
    const first = await ok(REFER, { input, key: k }, court);
    const again = await ok(REFER, { input, key: k }, court);
    expect(again.id).toBe(first.id);
    expect(again.events).toHaveLength(1);
    const cases = await sg.services.store.casesOfDisputes([input.disputeId], {});
    expect(cases).toHaveLength(1);
    expect(await fails(REFER, { input: { ...input, category: 'CONTRACT' }, key: k }, court)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Another key for a dispute already in mediation.
    expect(await fails(REFER, { input, key: key('other') }, court)).toMatchObject({ code: 'CONFLICT' });
  });

  test('replaying a session or a contact attempt records it once', async () => {
    const id = await assignedCase();
    const ck = key('c');
    await ok(CONTACT, { id, reached: false, channel: 'SMS', key: ck }, chen);
    const c = await ok(CONTACT, { id, reached: false, channel: 'SMS', key: ck }, chen);
    expect(c.contactAttempts).toHaveLength(1);
    await ok(CONTACT, { id, reached: true, channel: 'SMS', key: key('c') }, chen);
    const sk = key('s');
    const input = { stage: 'OPENING_REMARKS', heldAt: '2026-01-01T00:00:00Z', summary: 'Opening' };
    await ok(SESSION, { id, input, key: sk }, chen);
    expect((await ok(SESSION, { id, input, key: sk }, chen)).sessions).toHaveLength(1);
  });

  test('bad input is BAD_USER_INPUT naming the field, and nothing is stored', async () => {
    const disputeId = newDispute();
    const cases = [
      [{ category: 'SPACESHIP' }, 'category'],
      [{ respondentId: P.buyerLiNa }, 'respondentId'],
      [{ organizationId: 'mor_nowhere' }, 'organizationId'],
      [{ claimantJurisdiction: 'ATLANTIS' }, 'claimantJurisdiction'],
      [{ disputeId: '   ' }, 'disputeId'],
    ] as const;
    for (const [over, field] of cases) {
      const e = await fails(REFER, { input: referral({ disputeId, ...over }), key: key('bad') }, court);
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await fails(REFER, { input: referral({ disputeId }), key: 'short' }, court)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await sg.services.store.casesOfDisputes([disputeId], {})).toEqual([]);

    const id = await caseInSession();
    const eventsBefore = (await outboxOf(id)).length;
    expect(await fails(DRAFT, { id, input: { terms: 'x', instalments: [{ amount: '10', dueDate: '2026-02-30' }] }, key: key('d') }, chen)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'instalments.0.dueDate' });
    expect(await fails(DRAFT, { id, input: { terms: 'x', instalments: [{ amount: '-1', dueDate: '2026-02-03' }] }, key: key('d') }, chen)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'instalments.0.amount' });
    expect(await fails(DRAFT, { id, input: { terms: '   ' }, key: key('d') }, chen)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'terms' });
    expect(await fails(SESSION, { id, input: { stage: 'JOINT_MEETING', heldAt: '2099-01-01T00:00:00Z', summary: 's' }, key: key('s') }, chen)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'heldAt' });
    expect(await fails(TERMINATE, { id, input: { report: '', facts: [] }, key: key('t') }, chen)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'report' });
    expect(await fails(WITHDRAW, { id, reason: ' ' }, claimant)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const after = await ok(`query($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id }, admin);
    expect(after).toMatchObject({ status: 'IN_SESSION', settlement: null, sessions: [], terminationReport: null });
    expect((await outboxOf(id)).length).toBe(eventsBefore);
  });
});

describe('mediator recommendations', () => {
  test('a Hong Kong party favours facilitative mediators; language and region count', async () => {
    const hk = await refer({ organizationId: ORG.hkMacaoMediation, category: 'CONTRACT', claimantJurisdiction: 'HONG_KONG', respondentJurisdiction: 'MAINLAND' });
    const r = await ok(RECOMMEND, { id: hk.id }, hkManager);
    expect(r.map((x: any) => x.mediator.id)).toEqual([M.wongKaMing, M.linXiaoyan]);
    expect(r[0].reasons).toEqual(expect.arrayContaining(['Experienced in CONTRACT disputes', 'Based in Hong Kong', expect.stringMatching(/facilitative mediation, favoured by a party from Hong Kong/)]));
    expect(r[0].score).toBeGreaterThan(r[1].score);

    const pt = await refer({ organizationId: ORG.hkMacaoMediation, category: 'CONTRACT', language: 'Portuguese', respondentJurisdiction: 'MACAO' });
    const r2 = await ok(RECOMMEND, { id: pt.id, first: 1 }, hkManager);
    expect(r2).toHaveLength(1);
    expect(r2[0]).toMatchObject({ mediator: { id: M.linXiaoyan }, activeCases: 0, reasons: expect.arrayContaining(['Speaks Portuguese', 'Based in Macao']) });
    expect(await fails(RECOMMEND, { id: pt.id, first: 0 }, hkManager)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  test('the load counts open cases', async () => {
    const gz = await refer();
    const r = await ok(RECOMMEND, { id: gz.id }, gzManager);
    expect(r).toHaveLength(1);
    expect(r[0].mediator.id).toBe(M.chenJing);
    expect(r[0].activeCases).toBeGreaterThan(0);
  });
});

describe('batching of the nested lists', () => {
  test('four cases with all nested lists cost one statement per list', async () => {
    const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on MediationCase { id sessions { id } contactAttempts { id } undisputedFacts { id } terminationReport { proposedFacts { id } } ratings { score } events { kind } settlement { signatures { side } instalments { amount } } } } }`;
    const reps = Object.values(DEMO_CASES).map((id) => ({ __typename: 'MediationCase', id }));
    const before = sg.stats.statements;
    const r = await sg.request(q, { reps }, admin);
    expect(r.errors).toBeUndefined();
    // cases; then sessions, contact attempts, facts (shared by undisputedFacts and the report), ratings, events, settlements.
    expect(sg.stats.statements - before).toBe(7);
  });
});
