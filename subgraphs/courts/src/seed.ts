import { DEMO } from '@fengqiao/subgraph-kit';
import { formatCaseNumber, parseCaseNumber } from './case-number.js';
import type { NewCourt, NewJudicialConfirmation, NewLitigationCase } from './courts-store.js';
import { litigationFee } from './litigation-fee.js';
import type { CourtServices } from './services.js';

const C = DEMO.courts;
const P = DEMO.parties;
const day = (iso: string) => new Date(`${iso}T09:30:00+08:00`);

/**
 * Real courts: public reference data, kept current on every start. `region` is the GB/T 2260
 * code of the division the court sits in. Basic courts hear only trademark and copyright
 * disputes among IP cases, not patents (seed 001 §3.2); first-instance patent disputes go to
 * IP courts and designated intermediate courts. The SPC hears patent appeals in its IP
 * Tribunal, not first instance.
 */
export const referenceCourts: NewCourt[] = [
  { id: C.supreme, name: '最高人民法院', englishName: 'Supreme People\'s Court', code: '最高法', level: 'SUPREME', isInternetCourt: false, hearsPatentCases: false, region: '110000' },
  { id: C.guangzhouIp, name: '广州知识产权法院', englishName: 'Guangzhou Intellectual Property Court', code: '粤73', level: 'INTERMEDIATE', isInternetCourt: false, hearsPatentCases: true, region: '440100' },
  { id: C.hangzhouIntermediate, name: '杭州市中级人民法院', englishName: 'Hangzhou Intermediate People\'s Court', code: '浙01', level: 'INTERMEDIATE', isInternetCourt: false, hearsPatentCases: true, region: '330100' },
  { id: C.guangzhouInternet, name: '广州互联网法院', englishName: 'Guangzhou Internet Court', code: '粤0192', level: 'BASIC', isInternetCourt: true, hearsPatentCases: false, region: '440100' },
  { id: C.beijingInternet, name: '北京互联网法院', englishName: 'Beijing Internet Court', code: '京0491', level: 'BASIC', isInternetCourt: true, hearsPatentCases: false, region: '110000' },
  { id: C.hangzhouInternet, name: '杭州互联网法院', englishName: 'Hangzhou Internet Court', code: '浙0192', level: 'BASIC', isInternetCourt: true, hearsPatentCases: false, region: '330100' },
  { id: C.yiwu, name: '义乌市人民法院', englishName: 'Yiwu People\'s Court', code: '浙0782', level: 'BASIC', isInternetCourt: false, hearsPatentCases: false, region: '330782' },
  { id: C.nansha, name: '广州市南沙区人民法院', englishName: 'Nansha District People\'s Court', code: '粤0115', level: 'BASIC', isInternetCourt: false, hearsPatentCases: false, region: '440115' },
];

/** Mediation failed: the dispute was filed with the Yiwu court carrying the undisputed facts. */
const demoLitigation: NewLitigationCase[] = [
  {
    id: 'lit_demo_mediation_failed',
    disputeId: DEMO.disputes.mediationFailedToCourt,
    claimantId: P.supplierCo,
    respondentId: P.discreditedDebtor,
    courtId: C.yiwu,
    caseNumber: formatCaseNumber({ year: 2026, courtCode: '浙0782', caseType: '民初', sequence: 3187 }),
    status: 'IN_TRIAL',
    procedure: 'ORDINARY',
    filedAt: day('2026-07-22'),
    claimAmount: '126000.00',
    fee: litigationFee('126000.00', { procedure: 'ORDINARY' }),
    category: 'CONTRACT',
    claimType: 'payment for goods',
    regionCode: '330782',
    undisputedFacts: ['The goods were delivered on 2026-05-10', 'The invoice of ¥126,000 is unpaid'],
  },
];

/**
 * The settlement reached in mediation, confirmed by the Yiwu court. (DEMO.disputes.inMediation
 * was filed at the Guangzhou Internet Court and referred to mediation before filing, so it
 * has no court case yet.)
 */
const demoConfirmations: NewJudicialConfirmation[] = [
  {
    id: 'jcf_demo_settled_confirmed',
    disputeId: DEMO.disputes.settledAndConfirmed,
    claimantId: P.hkTrader,
    respondentId: P.merchantYiwuCrafts,
    courtId: C.yiwu,
    caseNumber: formatCaseNumber({ year: 2026, courtCode: '浙0782', caseType: '民特', sequence: 512 }),
    status: 'CONFIRMED',
    appliedAt: day('2026-08-26'),
    ruledAt: day('2026-09-02'),
    // The mediation subgraph's seeded agreement (its DEMO_SETTLEMENT_ID): a missed instalment of it is enforced here.
    settlementReference: 'sag_demo_settled_confirmed',
    settlementEffectiveAt: day('2026-08-20'),
  },
];

/** Upserts the courts; writes the demo cases once, into a database that holds no court cases. */
/** The real courts: loaded at every start, whether or not demo data is wanted. */
export async function loadReferenceData(services: CourtServices): Promise<void> {
  await services.store.upsertCourts(referenceCourts);
}

export async function seed(services: CourtServices): Promise<void> {
  await services.store.transaction(async (store) => {
    if ((await store.countCases()) > 0) return;
    await store.insertLitigationCases(demoLitigation);
    await store.insertJudicialConfirmations(demoConfirmations);
    // New numbers continue after the seeded ones.
    for (const row of [...demoLitigation, ...demoConfirmations]) {
      const n = parseCaseNumber(row.caseNumber)!;
      await store.raiseSequence(row.courtId, n.year, n.caseType, n.sequence);
    }
  });
}
