import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEMO } from '@fengqiao/subgraph-kit';
import { eventually } from '../src/eventually.js';
import { startHub, type Hub } from '../src/harness.js';
import { DISPUTE_OVERVIEW, DISPUTE_PAGE, FILE_DISPUTE } from '../src/queries.js';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.stop());

const MASKED_PARTIES = /* GraphQL */ `
  query($id: ID!) { dispute(id: $id) { claimant { id idNumber idNumberVisibility } respondent { id idNumber idNumberVisibility } } }
`;

describe('callers without a valid token', () => {
  it('see public reference data anonymously', async () => {
    const res = await hub.query('{ courts { name } mediationOrganizations { name } arbitrationInstitutions { name } platforms { name } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.courts.length).toBeGreaterThan(3);
    expect(res.data.mediationOrganizations.length).toBeGreaterThan(0);
    expect(res.data.arbitrationInstitutions.length).toBeGreaterThan(0);
  });

  it('see no disputes anonymously', async () => {
    const res = await hub.query(DISPUTE_PAGE, { first: 5 });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?.disputes ?? null).toBeNull();
  });

  it('are refused with 401 for a forged, expired or malformed token', async () => {
    const otherKey = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('fengqiao-dev').setAudience('fengqiao-hub').setSubject('x').setExpirationTime('1h').sign(otherKey.privateKey);
    const expired = await hub.token('court', { ttl: '-1m' });
    for (const token of [forged, expired, 'not.a.jwt']) {
      const res = await hub.query('{ courts { name } }', {}, token);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ role: 'admin', sub: 'x', iss: 'fengqiao-dev', aud: 'fengqiao-hub', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    const res = await hub.query('{ courts { name } }', {}, `${header}.${body}.`);
    expect(res.status).toBe(401);
  });
});

describe('subgraphs called directly', () => {
  it('refuse a request without the gateway token, even for _entities', async () => {
    for (const sg of Object.values(hub.subgraphs)) {
      const res = await fetch(sg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _entities(representations: [{ __typename: "Dispute", id: "dsp_demo_filed" }]) { __typename } }' }),
      });
      expect(res.status).toBe(401);
    }
  });

  it('refuse a client token passed straight through', async () => {
    const clientToken = await hub.token('admin');
    const res = await fetch(hub.subgraphs.identity!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientToken}` },
      body: JSON.stringify({ query: `{ party(id: "${DEMO.parties.buyerLiNa}") { idNumber } }` }),
    });
    expect(res.status).toBe(401);
  });
});

describe('roles', () => {
  it('lets a party see only its own disputes', async () => {
    const lina = await hub.token('party', { sub: DEMO.parties.buyerLiNa });
    const res = await hub.query(DISPUTE_PAGE, { first: 50 }, lina);
    expect(res.errors).toBeUndefined();
    const ids = res.data.disputes.edges.map((e: any) => e.node.id);
    expect(ids).toContain(DEMO.disputes.filed);
    for (const edge of res.data.disputes.edges) {
      expect([edge.node.claimant.id, edge.node.respondent.id]).toContain(DEMO.parties.buyerLiNa);
    }
    const other = await hub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.inArbitration }, lina);
    expect(other.data.dispute).toBeNull();
  });

  it("masks the other party's identity number and shows a party its own", async () => {
    const lina = await hub.token('party', { sub: DEMO.parties.buyerLiNa });
    const res = await hub.query(MASKED_PARTIES, { id: DEMO.disputes.filed }, lina);
    expect(res.errors).toBeUndefined();
    const { claimant, respondent } = res.data.dispute;
    expect(claimant).toMatchObject({ id: DEMO.parties.buyerLiNa, idNumberVisibility: 'FULL' });
    expect(claimant.idNumber).not.toContain('*');
    expect(respondent.idNumberVisibility).toBe('MASKED');
    expect(respondent.idNumber).toMatch(/^\*+[0-9A-Z]{4}$/);

    // A court sees a party in full only through a dispute of that party it handles: the
    // Guangzhou Internet Court handles the seeded trademark dispute, not the freshly filed one.
    const court = await hub.token('court', { org: DEMO.courts.guangzhouInternet });
    const handled = await eventually(
      () => hub.query(MASKED_PARTIES, { id: DEMO.disputes.inMediation }, court),
      (r) => r.data?.dispute?.respondent?.idNumberVisibility === 'FULL',
      'the court\'s relation to the seeded dispute to reach identity',
    );
    expect(handled.data.dispute.respondent.idNumber).not.toContain('*');
    const asCourt = await hub.query(MASKED_PARTIES, { id: DEMO.disputes.filed }, court);
    expect(asCourt.data.dispute?.respondent?.idNumberVisibility ?? 'MASKED').toBe('MASKED');
  });

  it('refuses a role that may not file disputes', async () => {
    const mediator = await hub.token('mediator', { sub: DEMO.mediators.chenJing, org: DEMO.mediationOrganizations.gzInternetCourtDdr });
    const res = await hub.query(FILE_DISPUTE, { key: 'mediator-files-0001', input: { title: 't', description: 'd', category: 'OTHER', claimantId: DEMO.parties.buyerLiNa, respondentId: DEMO.parties.copycatSeller } }, mediator);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('with an identity provider configured (JWKS)', () => {
  let idp: Server;
  let jwksHub: Hub;
  let providerKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    providerKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    idp = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;
    jwksHub = await startHub({ clientAuth: () => ({ mode: 'jwks', jwksUrl, issuer: 'https://idp.example', audience: 'fengqiao-hub', algorithms: ['RS256'] }) });
  });
  afterAll(async () => {
    await jwksHub?.stop();
    idp?.close();
  });

  it("accepts the provider's tokens and refuses dev tokens", async () => {
    const good = await new SignJWT({ role: 'court', org: DEMO.courts.yiwu }).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setIssuer('https://idp.example').setAudience('fengqiao-hub').setSubject('judge-1').setExpirationTime('5m').sign(providerKey);
    const ok = await jwksHub.query(DISPUTE_OVERVIEW, { id: DEMO.disputes.filed }, good);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.dispute.id).toBe(DEMO.disputes.filed);

    const dev = await jwksHub.token('admin');
    const refused = await jwksHub.query('{ courts { name } }', {}, dev);
    expect(refused.status).toBe(401);

    const noExp = await new SignJWT({ role: 'court' }).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setIssuer('https://idp.example').setAudience('fengqiao-hub').setSubject('judge-1').sign(providerKey);
    expect((await jwksHub.query('{ courts { name } }', {}, noExp)).status).toBe(401);
  });
});
