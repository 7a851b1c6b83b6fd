import { DEMO } from '@fengqiao/subgraph-kit';
import type { NewCreditRecord } from './credit-store.js';
import type { CreditServices } from './services.js';

const P = DEMO.parties;
const day = (iso: string) => new Date(`${iso}T09:00:00+08:00`);

const demoRecords: NewCreditRecord[] = [
  {
    id: 'crr_demo_discredited_debtor_1',
    partyId: P.discreditedDebtor,
    kind: 'DISCREDITED_DEBTOR',
    summary: '有履行能力而拒不履行生效法律文书确定的给付义务（货款人民币86,500元及利息），被义乌市人民法院纳入失信被执行人名单',
    sourceCaseNumber: '(2025)浙0782执1234号',
    listedAt: day('2025-09-16'),
    removedAt: null,
  },
  {
    id: 'crr_demo_supplier_co_1',
    partyId: P.supplierCo,
    kind: 'PERFORMANCE',
    summary: '按期足额履行义乌市人民法院司法确认的调解协议（分三期支付货款人民币42,000元）',
    sourceCaseNumber: '(2025)浙0782民特567号',
    listedAt: day('2025-12-30'),
    removedAt: null,
  },
];

/**
 * Writes the demo credit records once; a database that already holds records is left alone.
 * The supplier has let Silk Road Mall receive its judicial credit report for half a year from
 * the first start, so a platform token of that mall gets the report in the demo.
 */
export async function seed(services: CreditServices): Promise<void> {
  if ((await services.store.countRecords()) > 0) return;
  const now = services.clock.now();
  await services.store.transaction(async (store) => {
    await store.insertRecords(demoRecords);
    await store.insertConsentOnce({
      id: 'crc_demo_supplier_co_silk_road', subjectId: P.supplierCo, recipientId: DEMO.platforms.silkRoadMall,
      purpose: 'Supplier onboarding review for the Silk Road Mall wholesale channel', grantedAt: now, expiresAt: new Date(now.getTime() + 180 * 24 * 3600 * 1000),
    });
  });
}
