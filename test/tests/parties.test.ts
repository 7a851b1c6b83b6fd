import { DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type Hub } from '../src/harness.js';
import { FILE_DISPUTE, REGISTER_PARTY } from '../src/queries.js';
import { actAsParty } from '../src/step-up.js';

/**
 * Parties through the gateway (issue 4): identity numbers against real division data, masking
 * by relation to the dispute, lost-connection repair feeding triage, the service address
 * library feeding the competent court, and "who has seen my data".
 */
let hub: Hub;
beforeAll(async () => { hub = await startHub(); }, 60_000);
afterAll(() => hub?.stop());

const P = DEMO.parties;
const run = Date.now().toString(36);
const key = (what: string) => `parties-${what}-${run}`;
const as = (token: Promise<string>) => async (query: string, variables: Record<string, unknown> = {}) => hub.query(query, variables, await token);

describe('identity numbers through the gateway', () => {
  test('a resident ID with a division code abolished in 2010 (崇文区 110103) is accepted; an unknown one is refused naming the code', async () => {
    const admin = as(hub.token('admin'));
    const old = await admin(REGISTER_PARTY, { input: { name: '钱进', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '110103198001010013' }, key: key('old-code') });
    expect(old.errors).toBeUndefined();
    expect(old.data.registerParty).toMatchObject({ idNumber: '110103198001010013', registryCheck: 'VALID' });
    const unknown = await admin(REGISTER_PARTY, { input: { name: '钱进', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '990105194912310021' }, key: key('unknown-code') });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', rule: 'RESIDENT_ID_REGION' });
    expect(unknown.errors?.[0]?.message).toContain('990105');
  });

  test('a unified social credit code from an unknown division, checksum right, is kept for a registry check', async () => {
    const r = await (as(hub.token('admin')))(REGISTER_PARTY, { input: { name: '某某贸易有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91999999MA5CJQ4N57' }, key: key('uscc-region') });
    expect(r.data.registerParty).toMatchObject({ registryCheck: 'NEEDS_REGISTRY_CHECK' });
  });
});

describe('a respondent who cannot be found', () => {
  test('repair, masking by relation, triage, the address library and the access log, end to end', async () => {
    const admin = as(hub.token('admin'));
    const lina = as(hub.token('party', { sub: P.buyerLiNa }));
    const mediatorToken = hub.token('mediator', { sub: DEMO.mediators.zhouLei, org: DEMO.mediationOrganizations.yiwuMarketMediation });
    const mediator = as(mediatorToken);
    const outsiderCourt = as(hub.token('court', { sub: 'usr_judge_gz', org: DEMO.courts.guangzhouInternet }));

    // 孙悦 is known to public security but has no mobile in service (the seeded registries).
    const registered = await admin(REGISTER_PARTY, { input: { name: '孙悦', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '330102198803056122', mobile: '13900001111' }, key: key('sun-yue') });
    const sunYue: string = registered.data.registerParty.id;
    const filed = await lina(FILE_DISPUTE, { input: { title: 'Unpaid deposit for a wedding banquet', description: 'The deposit was not refunded after the venue cancelled.', category: 'CONTRACT', claimAmount: '3000.00', respondentId: sunYue }, key: key('file') });
    expect(filed.errors).toBeUndefined();
    const disputeId: string = filed.data.fileDispute.id;
    const route = await lina('mutation($id: ID!, $d: RouteDestinationInput, $k: String!) { routeDispute(disputeId: $id, track: MEDIATION, destination: $d, idempotencyKey: $k) { status } }',
      { id: disputeId, d: { bodyId: DEMO.mediationOrganizations.yiwuMarketMediation }, k: key('route') });
    expect(route.data.routeDispute.status).toBe('IN_MEDIATION');

    // Once the mediation organisation handles the dispute (events: disputes → identity), its
    // mediator sees the respondent with the birth date hidden; a court with no part in it sees the last four.
    const PARTY = 'query($id: ID!) { party(id: $id) { idNumber idNumberVisibility } }';
    const seen = await eventually(() => mediator(PARTY, { id: sunYue }), (r) => r.data?.party?.idNumber === '330102********6122', 'the mediator\'s relation to reach identity');
    expect(seen.data.party.idNumberVisibility).toBe('MASKED');
    expect((await outsiderCourt(PARTY, { id: sunYue })).data.party.idNumber).toBe('**************6122');

    // Lost-connection repair: the registries know her, but no channel: the repair failed.
    const REPAIR = 'mutation($i: RepairContactInput!, $k: String!) { repairContact(input: $i, idempotencyKey: $k) { outcome relay { number } registries { registry outcome } } }';
    const repaired = await mediator(REPAIR, { i: { partyId: sunYue, disputeId, purpose: 'invite the respondent to the first session' }, k: key('repair-1') });
    expect(repaired.errors).toBeUndefined();
    expect(repaired.data.repairContact).toEqual({
      outcome: 'NO_CHANNEL', relay: null,
      registries: [{ registry: 'PUBLIC_SECURITY', outcome: 'MATCH' }, { registry: 'TELECOM', outcome: 'MATCH' }],
    });
    const refused = await outsiderCourt(REPAIR, { i: { partyId: sunYue, disputeId, purpose: 'curiosity' }, k: key('repair-outsider') });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Triage hears of it through the federation: unreachable even after repair → court.
    const REC = 'query($id: ID!) { dispute(id: $id) { recommendation { track reasons { ruleId } } } }';
    const rec = (await lina(REC, { id: disputeId })).data.dispute.recommendation;
    expect(rec.track).toBe('LITIGATION');
    expect(rec.reasons.map((r: { ruleId: string }) => r.ruleId)).toContain('UNREACHABLE_RESPONDENT_GOES_TO_COURT');

    // The repair limit holds through the gateway (5 per requester per day by default).
    for (let i = 2; i <= 5; i++) expect((await mediator(REPAIR, { i: { partyId: sunYue, disputeId, purpose: 'try again after a week' }, k: key(`repair-${i}`) })).errors).toBeUndefined();
    const limited = await mediator(REPAIR, { i: { partyId: sunYue, disputeId, purpose: 'and once more' }, k: key('repair-6') });
    expect(limited.data).toBeNull();
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 5, retryAfterSeconds: expect.any(Number) });

    // She turns up and signs her service addresses: the dispute's respondent is reachable,
    // and the competent court follows her confirmed address in Yiwu.
    const sun = as(hub.token('party', { sub: sunYue }));
    const statement = (await sun('{ serviceAddressStatement }')).data.serviceAddressStatement;
    // Signing has legal effect: she confirms it with the code sent to the mobile she was registered with (test/src/step-up.ts).
    const signed = await actAsParty(hub, 'mutation($i: ConfirmServiceAddressesInput!, $k: String!) { confirmServiceAddresses(input: $i, idempotencyKey: $k) { addresses { channel version region { countyCode county } } partyConfirmation { challengeId } } }', {
      i: { acceptedStatement: statement, addresses: [{ channel: 'MOBILE', address: '13967900001' }, { channel: 'POSTAL', address: '浙江省义乌市稠城街道县前街18号' }] }, k: key('confirm'),
    }, await hub.token('party', { sub: sunYue }));
    expect(signed.errors).toBeUndefined();
    expect(signed.data.confirmServiceAddresses.partyConfirmation.challengeId).toMatch(/^acc_/);
    expect(signed.data.confirmServiceAddresses.addresses).toContainEqual({ channel: 'POSTAL', version: 1, region: { countyCode: '330782', county: '义乌市' } });
    const after = (await lina('query($id: ID!) { dispute(id: $id) { recommendation { track reasons { ruleId } court { id } } } }', { id: disputeId })).data.dispute.recommendation;
    expect(after.reasons.map((r: { ruleId: string }) => r.ruleId)).not.toContain('UNREACHABLE_RESPONDENT_GOES_TO_COURT');
    expect(after.court?.id).toBe(DEMO.courts.yiwu);

    // Who has seen her data: the admin's full read is there with its purpose; the mediator's masked reads are not.
    await admin(PARTY, { id: sunYue });
    const log = await sun('{ me { dataAccessLog { nodes { field readerRole purpose } } } }');
    expect(log.data.me.dataAccessLog.nodes).toContainEqual({ field: 'idNumber', readerRole: 'admin', purpose: 'administration' });
    expect(log.data.me.dataAccessLog.nodes.some((n: { readerRole: string }) => n.readerRole === 'mediator')).toBe(false);
    const notHers = await lina('query($id: ID!) { party(id: $id) { dataAccessLog { nodes { field } } } }', { id: sunYue });
    expect(notHers.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
