// `npm run token -- <role> [--sub <id>] [--org <id>]`: prints one dev token on one line.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO, isRole, ROLES, type Role } from '@fengqiao/subgraph-kit';
import { signDevToken } from './auth/dev-token.js';
import { ensureLocalKeys } from './auth/keys.js';

/** Who each role's dev token speaks for by default: a party, body or person from the demo data. */
const DEFAULTS: Record<Role, { sub: string; org?: string }> = {
  party: { sub: DEMO.parties.buyerLiNa },
  platform: { sub: 'ops-silk-road-mall', org: DEMO.platforms.silkRoadMall },
  mediation_org: { sub: 'case-manager-gz', org: DEMO.mediationOrganizations.gzInternetCourtDdr },
  mediator: { sub: DEMO.mediators.chenJing, org: DEMO.mediationOrganizations.gzInternetCourtDdr },
  arbitrator: { sub: 'arbitrator-shiac', org: DEMO.arbitrationInstitutions.shanghai },
  court: { sub: 'judge-gz-internet', org: DEMO.courts.guangzhouInternet },
  admin: { sub: 'hub-admin' },
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { sub: { type: 'string' }, org: { type: 'string' }, ttl: { type: 'string' } },
});
const role = positionals[0];
if (!isRole(role)) {
  console.error(`usage: npm run token -- <${ROLES.join('|')}> [--sub <id>] [--org <id>] [--ttl 8h]`);
  process.exit(2);
}
if (process.env.AUTH_JWKS_URL) {
  console.error('AUTH_JWKS_URL is set: this hub accepts only tokens from its identity provider, not dev tokens.');
  process.exit(2);
}
const keys = await ensureLocalKeys(process.env.DATA_DIR ?? path.resolve('data'));
const token = await signDevToken(keys.devPrivate, { role, sub: values.sub ?? DEFAULTS[role].sub, org: values.org ?? DEFAULTS[role].org }, values.ttl);
process.stdout.write(`${token}\n`);
