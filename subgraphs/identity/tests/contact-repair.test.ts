import { eq } from 'drizzle-orm';
import { startTestSubgraph } from '@fengqiao/subgraph-kit';
import { contactChannels, contactRepairs, idempotencyKeys, identityVerifications } from '../src/db/schema.js';
import { identitySubgraph } from '../src/definition.js';
import { seededRegistries, type Registries } from '../src/registries/index.js';
import { createServices } from '../src/services.js';
import { callers, countRows, P, participants } from './parties-support.js';

/** Registries that can be switched off, to see what a repair does when they cannot be asked. */
let registriesDown = false;
const seeded = seededRegistries();
const switchable: Registries = {
  identity: seeded.identity.map((r) => ({
    name: r.name,
    covers: (t) => r.covers(t),
    match: (q) => (registriesDown ? Promise.reject(new Error('registry down')) : r.match(q)),
    contactsOf: (q) => (registriesDown ? Promise.reject(new Error('registry down')) : r.contactsOf(q)),
  })),
  telecom: { name: 'TELECOM', mobilesOf: (q) => (registriesDown ? Promise.reject(new Error('telecom down')) : seeded.telecom.mobilesOf(q)) },
};

const LIMIT = 4;
let sg: Awaited<ReturnType<typeof startTestSubgraph<any, any, any>>>;
let sunYue: string;
let impostor: string;
beforeAll(async () => {
  sg = await startTestSubgraph({
    ...identitySubgraph,
    createServices: (db, log) => createServices(db as any, log, { registries: switchable, settings: { repairLimit: LIMIT, repairWindowMinutes: 60 } }),
  });
  const register = async (name: string, idNumber: string, key: string) => {
    const r = await sg.request('mutation($i: RegisterPartyInput!, $k: String!) { registerParty(input: $i, idempotencyKey: $k) { id } }',
      { i: { name, kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber, mobile: '13900001111' }, k: key }, callers.admin);
    return r.data.registerParty.id as string;
  };
  // Known to public security, no mobile in service: a repair finds no channel.
  sunYue = await register('孙悦', '330102198803056122', 'register-sun-yue');
  // Zhao Lei's number under another name: the registry says the two don't belong together.
  impostor = await register('赵雷', '330702197909234511', 'register-impostor');
  await sg.deliver('disputes', [
    participants('dsp_t_lina', P.buyerLiNa, P.discreditedDebtor, [callers.yiwuJudge.org!, callers.yiwuMediator.org!]),
    participants('dsp_t_sun', P.buyerLiNa, sunYue, [callers.yiwuJudge.org!]),
    participants('dsp_t_imp', P.buyerLiNa, impostor, [callers.yiwuJudge.org!]),
  ]);
}, 30_000);
afterAll(() => sg?.stop());

const db = () => sg.database.db as any;
const count = (table: any, where?: any) => countRows(db(), table, where);
const stored = async () => ({ repairs: await count(contactRepairs), channels: await count(contactChannels), keys: await count(idempotencyKeys) });

const REPAIR = `mutation($input: RepairContactInput!, $k: String!) { repairContact(input: $input, idempotencyKey: $k) {
  id outcome purpose registries { registry outcome } channels { kind value source verified } relay { number extension expiresAt } } }`;
const repair = (partyId: string, disputeId: string, k: string, caller = callers.yiwuJudge, purpose = 'serve the summons for the hearing') =>
  sg.request(REPAIR, { input: { partyId, disputeId, purpose }, k }, caller);
const repairFailedFact = async (respondentId: string, disputeId: string) => {
  const r = await sg.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Dispute { respondentRepairFailed } } }',
    { r: [{ __typename: 'Dispute', id: disputeId, respondent: { id: respondentId } }] }, callers.yiwuJudge);
  return r.data._entities[0].respondentRepairFailed;
};

describe('lost-connection repair', () => {
  test('finds the hard-to-find debtor\'s new mobile, hands back a masked channel and a relay, never the number', async () => {
    expect(await repairFailedFact(P.discreditedDebtor, 'dsp_t_lina')).toBe(false);
    const r = await repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-zhaolei-1', callers.yiwuMediator);
    expect(r.errors).toBeUndefined();
    const rep = r.data.repairContact;
    expect(rep).toMatchObject({ outcome: 'REACHABLE', purpose: 'serve the summons for the hearing' });
    expect(rep.registries).toEqual([{ registry: 'PUBLIC_SECURITY', outcome: 'MATCH' }, { registry: 'TELECOM', outcome: 'MATCH' }]);
    expect(rep.channels).toEqual([{ kind: 'MOBILE', value: '158****6677', source: 'REGISTRY_REPAIR', verified: true }]);
    expect(rep.relay).toMatchObject({ number: expect.stringMatching(/^\d+$/), extension: expect.stringMatching(/^\d{4}$/) });
    expect(JSON.stringify(rep)).not.toContain('15857926677');

    // The number found is kept with the party: a court handling the case still sees it masked, the party in full.
    const court = await sg.request(`{ party(id: "${P.discreditedDebtor}") { contactChannels { value source } } }`, {}, callers.yiwuJudge);
    expect(court.data.party.contactChannels).toContainEqual({ value: '158****6677', source: 'REGISTRY_REPAIR' });
    const self = await sg.request('{ me { contactChannels { value source } } }', {}, callers.zhaoLei);
    expect(self.data.me.contactChannels).toContainEqual({ value: '15857926677', source: 'REGISTRY_REPAIR' });

    const [row] = await db().select().from(contactRepairs).where(eq(contactRepairs.id, rep.id));
    expect(row).toMatchObject({ requesterRole: 'mediator', requesterId: callers.yiwuMediator.sub, requesterOrg: callers.yiwuMediator.org, disputeId: 'dsp_t_lina', outcome: 'REACHABLE' });
    expect(await repairFailedFact(P.discreditedDebtor, 'dsp_t_lina')).toBe(false);
  });

  test('a party the registries know but cannot reach: NO_CHANNEL, and the dispute learns the repair failed', async () => {
    const r = await repair(sunYue, 'dsp_t_sun', 'repair-sun-1');
    expect(r.data.repairContact).toMatchObject({ outcome: 'NO_CHANNEL', channels: [], relay: null });
    expect(await repairFailedFact(sunYue, 'dsp_t_sun')).toBe(true);
  });

  test('a name that does not go with the number: IDENTITY_MISMATCH, and no contact is looked up', async () => {
    const r = await repair(impostor, 'dsp_t_imp', 'repair-impostor-1');
    expect(r.data.repairContact).toMatchObject({ outcome: 'IDENTITY_MISMATCH', channels: [], relay: null });
    expect(r.data.repairContact.registries).toEqual([{ registry: 'PUBLIC_SECURITY', outcome: 'MISMATCH' }]);
    expect(await repairFailedFact(impostor, 'dsp_t_imp')).toBe(true);
  });

  test('registries that cannot be asked: UNAVAILABLE, recorded, and not counted as a failure to reach', async () => {
    registriesDown = true;
    try {
      const r = await repair(sunYue, 'dsp_t_sun', 'repair-sun-down', callers.yiwuClerk);
      expect(r.data.repairContact).toMatchObject({ outcome: 'UNAVAILABLE', registries: [{ registry: 'PUBLIC_SECURITY', outcome: 'UNAVAILABLE' }] });
      expect(await repairFailedFact(sunYue, 'dsp_t_sun')).toBe(false);
    } finally {
      registriesDown = false;
    }
  });

  test.each([
    ['a court that does not handle the dispute', () => repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-gz-1', callers.gzJudge), 'FORBIDDEN'],
    ['a dispute the party is not party to', () => repair(P.discreditedDebtor, 'dsp_t_sun', 'repair-wrong-dispute'), 'FORBIDDEN'],
    ['a platform', () => repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-platform-1', callers.platform), 'FORBIDDEN'],
    ['the other party', () => repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-lina-1', callers.lina), 'FORBIDDEN'],
    ['an unknown party', () => repair('pty_nobody', 'dsp_t_lina', 'repair-nobody-1'), 'NOT_FOUND'],
    ['no purpose', () => repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-no-purpose', callers.yiwuJudge, ' '), 'BAD_USER_INPUT'],
  ])('refuses %s and stores nothing', async (_, request, code) => {
    const before = await stored();
    const r = await request();
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  test('limited per requester: over the limit is RATE_LIMITED with a retry time, stores nothing; a replayed key is not counted', async () => {
    const mediator = { ...callers.yiwuMediator, sub: 'med_rate_limit_test' };
    for (let i = 1; i <= LIMIT; i++) {
      const r = await repair(P.discreditedDebtor, 'dsp_t_lina', `repair-limit-${i}`, mediator);
      expect(r.errors).toBeUndefined();
    }
    // A retry of an earlier request returns its answer and does not count against the limit.
    const replay = await repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-limit-1', mediator);
    expect(replay.errors).toBeUndefined();

    const before = await stored();
    const over = await repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-limit-over', mediator);
    expect(over.data).toBeNull();
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: LIMIT, windowMinutes: 60, retryAfterSeconds: expect.any(Number) });
    expect(over.errors?.[0]?.message).toMatch(/try again in \d+ seconds/);
    expect(await stored()).toEqual(before);

    // Another mediator of the same organisation has an allowance of their own.
    const colleague = await repair(P.discreditedDebtor, 'dsp_t_lina', 'repair-limit-colleague', { ...mediator, sub: 'med_colleague' });
    expect(colleague.errors).toBeUndefined();
  });

  test('concurrent requests by one requester never pass the limit together', async () => {
    const clerk = { ...callers.yiwuJudge, sub: 'usr_clerk_concurrent' };
    const results = await Promise.all(Array.from({ length: LIMIT + 3 }, (_, i) => repair(sunYue, 'dsp_t_sun', `repair-concurrent-${i}`, clerk)));
    expect(results.filter((r) => !r.errors).length).toBe(LIMIT);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED').length).toBe(3);
  });
});

describe('identity verification against the registries', () => {
  const VERIFY = 'mutation($p: ID!, $k: String!) { verifyPartyIdentity(partyId: $p, idempotencyKey: $k) { registry outcome checkedAt } }';

  test('the party, an admin, or a body handling its dispute may ask; the outcome is kept, never the registry record', async () => {
    const own = await sg.request(VERIFY, { p: P.buyerLiNa, k: 'verify-lina-own' }, callers.lina);
    expect(own.data.verifyPartyIdentity).toMatchObject({ registry: 'PUBLIC_SECURITY', outcome: 'MATCH' });
    const imp = await sg.request(VERIFY, { p: impostor, k: 'verify-impostor' }, callers.yiwuJudge);
    expect(imp.data.verifyPartyIdentity).toMatchObject({ registry: 'PUBLIC_SECURITY', outcome: 'MISMATCH' });
    const org = await sg.request(VERIFY, { p: P.merchantYiwuCrafts, k: 'verify-org' }, callers.admin);
    expect(org.data.verifyPartyIdentity).toMatchObject({ registry: 'MARKET_SUPERVISION', outcome: 'MATCH' });
    const hk = await sg.request(VERIFY, { p: P.hkTrader, k: 'verify-hk' }, callers.admin);
    expect(hk.data.verifyPartyIdentity).toMatchObject({ registry: null, outcome: 'NOT_APPLICABLE' });
    const latest = await sg.request(`{ party(id: "${impostor}") { identityVerification { outcome } } }`, {}, callers.platform);
    expect(latest.data.party.identityVerification).toEqual({ outcome: 'MISMATCH' });
  });

  test('others are refused and nothing is stored', async () => {
    const before = await count(identityVerifications);
    for (const caller of [callers.platform, callers.gzJudge, callers.zhaoLei]) {
      const r = await sg.request(VERIFY, { p: P.buyerLiNa, k: `verify-refused-${caller.sub}` }, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await count(identityVerifications)).toBe(before);
  });
});
