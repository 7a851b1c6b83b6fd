import { DEMO } from '@fengqiao/subgraph-kit';
import type { NewArbitrationAgreement, NewArbitrationCase, NewArbitrationInstitution } from './arbitration-store.js';
import type { ArbitrationServices } from './services.js';

const A = DEMO.arbitrationInstitutions;
const day = (iso: string) => new Date(`${iso}T09:30:00+08:00`);

/** Real institutions: public reference data, kept current on every start. */
export const institutions: NewArbitrationInstitution[] = [
  { id: A.cietac, name: 'China International Economic and Trade Arbitration Commission', chineseName: '中国国际经济贸易仲裁委员会', city: 'Beijing', website: 'https://www.cietac.org' },
  { id: A.shanghai, name: 'Shanghai International Arbitration Center', chineseName: '上海国际经济贸易仲裁委员会（上海国际仲裁中心）', city: 'Shanghai', website: 'https://www.shiac.org' },
  { id: A.guangzhou, name: 'Guangzhou Arbitration Commission', chineseName: '广州仲裁委员会', city: 'Guangzhou', website: 'https://www.gzac.org' },
  { id: A.shenzhen, name: 'Shenzhen Court of International Arbitration', chineseName: '深圳国际仲裁院', city: 'Shenzhen', website: 'https://www.scia.com.cn' },
];

/** Demo cases; the case number follows the institution's style but is invented. */
const demoCases: NewArbitrationCase[] = [
  {
    id: 'arc_demo_in_arbitration',
    disputeId: DEMO.disputes.inArbitration,
    claimantId: DEMO.parties.rightsHolderBrand,
    respondentId: DEMO.parties.supplierCo,
    institutionId: A.shanghai,
    caseNumber: 'SHDX20260412',
    status: 'HEARING',
    filedAt: day('2026-06-18'),
  },
];

/** The supply contract's arbitration clause behind the demo case (Shanghai). */
const demoAgreement: NewArbitrationAgreement = {
  id: 'arg_demo_supply_contract',
  disputeId: null,
  partyIds: [DEMO.parties.rightsHolderBrand, DEMO.parties.supplierCo],
  institutionId: A.shanghai,
  source: 'CONTRACT',
  clauseText: 'Any dispute arising from or in connection with this contract shall be submitted to the Shanghai International Arbitration Center for arbitration. The award is final and binding upon both parties.',
  signedAt: day('2025-03-02'),
  recordedByRole: 'admin',
  recordedById: null,
};

/** The real institutions: loaded at every start, whether or not demo data is wanted. */
export async function loadReferenceData(services: ArbitrationServices): Promise<void> {
  await services.store.upsertInstitutions(institutions);
}

export async function seed(services: ArbitrationServices): Promise<void> {
  await services.store.transaction(async (store) => {
    if ((await store.countCases()) > 0) return;
    await store.insertAgreement(demoAgreement);
    await store.insertCases(demoCases.map((c) => ({ ...c, agreementId: demoAgreement.id })));
    // New SHIAC numbers continue after the seeded SHDX20260412.
    await store.raiseSequence(A.shanghai, 2026, 412);
  });
}
