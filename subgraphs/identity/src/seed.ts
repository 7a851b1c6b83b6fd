import { DEMO } from '@fengqiao/subgraph-kit';
import { tryParsePostalAddress } from './addresses/index.js';
import { checkIdNumber } from './identity-numbers.js';
import type { NewContactChannel, NewParty, NewServiceAddress } from './identity-store.js';
import type { IdentityServices } from './services.js';
import { insertDemoDocumentServices } from './service-of-documents/demo.js';

const P = DEMO.parties;
const day = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

type Channel = NewContactChannel['kind'];

interface DemoParty {
  party: Omit<NewParty, 'registryCheck'>;
  mobile: string;
  email: string;
  /** Confirmed service addresses, oldest first; a repeated channel is a later version. */
  addresses: [channel: Channel, address: string, confirmedOn: string][];
}

/**
 * The demo parties every subgraph refers to. Identity numbers are fictional but valid:
 * check digits were computed with identity-numbers.ts, and the two USCCs of GB 32100's
 * published examples are used where they fit.
 */
const demoParties: DemoParty[] = [
  {
    party: { id: P.buyerLiNa, name: '李娜', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '330782199003152422', jurisdiction: 'MAINLAND', registeredAt: day('2026-03-02') },
    mobile: '13857901234',
    email: 'lina.buyer@example.cn',
    addresses: [
      ['MOBILE', '13857901234', '2026-03-02'],
      ['POSTAL', '浙江省义乌市稠城街道工人北路88号3幢502室', '2026-03-02'],
      ['IN_APP', `hub:${P.buyerLiNa}`, '2026-03-02'],
      // She moved in the autumn: the new address is version 2, the first one is kept.
      ['POSTAL', '浙江省义乌市北苑街道雪峰西路168号2单元1101室', '2026-10-08'],
    ],
  },
  {
    party: { id: P.buyerZhangWei, name: '张伟', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '440106198507203416', jurisdiction: 'MAINLAND', registeredAt: day('2026-01-15') },
    mobile: '13925106688',
    email: 'zhangwei85@example.com',
    addresses: [
      ['MOBILE', '13925106688', '2026-01-15'],
      ['EMAIL', 'zhangwei85@example.com', '2026-01-15'],
      ['POSTAL', '广东省广州市天河区体育西路191号1203房', '2026-01-15'],
    ],
  },
  {
    party: { id: P.buyerWangFang, name: '王芳', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '110105199211084624', jurisdiction: 'MAINLAND', registeredAt: day('2026-08-30') },
    mobile: '13601234567',
    email: 'wangfang@example.cn',
    addresses: [
      ['MOBILE', '13601234567', '2026-08-30'],
      ['POSTAL', '北京市朝阳区建国路88号6号楼1801室', '2026-08-30'],
    ],
  },
  {
    party: { id: P.merchantYiwuCrafts, name: '义乌市巧手工艺品有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91330782MA2EC7QX1D', jurisdiction: 'MAINLAND', registeredAt: day('2025-11-20') },
    mobile: '13957912345',
    email: 'service@qiaoshou-crafts.example.cn',
    addresses: [
      ['EMAIL', 'service@qiaoshou-crafts.example.cn', '2025-11-20'],
      ['POSTAL', '浙江省义乌市福田街道国际商贸城二区H2-1234商位', '2025-11-20'],
    ],
  },
  {
    party: { id: P.merchantGzElectronics, name: '广州市珠江电子商行', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91440101MA5CJQ4N59', jurisdiction: 'MAINLAND', registeredAt: day('2025-12-05') },
    mobile: '13802223344',
    email: 'shop@zhujiang-electronics.example.cn',
    addresses: [
      ['MOBILE', '13802223344', '2025-12-05'],
      ['POSTAL', '广东省广州市越秀区人民南路2号电子城三楼318档', '2025-12-05'],
    ],
  },
  {
    party: { id: P.rightsHolderBrand, name: '厦门鹭岛品牌服饰有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350200776049653A', jurisdiction: 'MAINLAND', registeredAt: day('2025-09-10') },
    mobile: '13906001122',
    email: 'legal@ludao-brand.example.cn',
    addresses: [
      ['EMAIL', 'legal@ludao-brand.example.cn', '2025-09-10'],
      ['POSTAL', '福建省厦门市思明区鹭江道8号国际银行大厦20楼', '2025-09-10'],
    ],
  },
  {
    party: { id: P.copycatSeller, name: '刘强', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '445281198806123571', jurisdiction: 'MAINLAND', registeredAt: day('2026-02-11') },
    mobile: '13719887766',
    email: 'liuqiang.shop@example.cn',
    addresses: [
      ['MOBILE', '13719887766', '2026-02-11'],
      ['POSTAL', '广东省揭阳市普宁市流沙东街道新河路33号', '2026-02-11'],
    ],
  },
  {
    party: { id: P.hkTrader, name: '陈大文', kind: 'NATURAL_PERSON', idType: 'HONG_KONG_ID', idNumber: 'K538194(0)', jurisdiction: 'HONG_KONG', registeredAt: day('2026-07-28') },
    mobile: '+85291234567',
    email: 'taiman.chan@example.hk',
    addresses: [
      ['EMAIL', 'taiman.chan@example.hk', '2026-07-28'],
      ['POSTAL', '香港特别行政区九龙旺角弥敦道700号8楼A室', '2026-07-28'],
    ],
  },
  {
    party: { id: P.supplierCo, name: '义乌市童趣玩具有限公司', kind: 'ORGANIZATION', idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91330782MA28FK3P0B', jurisdiction: 'MAINLAND', registeredAt: day('2025-10-18') },
    mobile: '13867905566',
    email: 'sales@tongqu-toys.example.cn',
    addresses: [
      ['EMAIL', 'sales@tongqu-toys.example.cn', '2025-10-18'],
      ['POSTAL', '浙江省义乌市北苑街道春华路200号', '2025-10-18'],
    ],
  },
  {
    party: { id: P.discreditedDebtor, name: '赵磊', kind: 'NATURAL_PERSON', idType: 'RESIDENT_ID', idNumber: '330702197909234511', jurisdiction: 'MAINLAND', registeredAt: day('2026-06-20') },
    mobile: '13605798899',
    email: 'zhaolei79@example.cn',
    addresses: [
      ['MOBILE', '13605798899', '2026-06-20'],
      ['POSTAL', '浙江省金华市婺城区八一南街300号', '2026-06-20'],
    ],
  },
];

/** Writes the demo parties once; a database that already holds parties is left alone. */
export async function seed(services: IdentityServices): Promise<void> {
  if ((await services.store.countParties()) > 0) return;
  const parties: NewParty[] = [];
  const channels: NewContactChannel[] = [];
  const addresses: NewServiceAddress[] = [];
  for (const { party, mobile, email, addresses: confirmed } of demoParties) {
    // The seed goes through the same validators as registerParty: a bad number fails loudly here.
    const checked = checkIdNumber(party.idType, party.idNumber);
    parties.push({ ...party, idNumber: checked.normalized, registryCheck: checked.registryCheck });
    const short = party.id.slice(9);
    channels.push(
      { id: `cch_${short}_mobile`, partyId: party.id, kind: 'MOBILE', value: mobile, verified: true, createdAt: party.registeredAt },
      { id: `cch_${short}_email`, partyId: party.id, kind: 'EMAIL', value: email, verified: true, createdAt: party.registeredAt },
    );
    const versions = new Map<Channel, number>();
    for (const [channel, address, on] of confirmed) {
      const version = (versions.get(channel) ?? 0) + 1;
      versions.set(channel, version);
      // Postal addresses carry their division, parsed as confirmServiceAddresses parses them.
      const parsed = channel === 'POSTAL' ? tryParsePostalAddress(address) : null;
      addresses.push({
        id: `sad_${short}_${channel.toLowerCase()}_v${version}`, partyId: party.id, channel, address, version, confirmedAt: day(on),
        provinceCode: parsed?.province.code ?? null, cityCode: parsed?.city?.code ?? null, countyCode: parsed?.county?.code ?? null,
      });
    }
  }
  await services.store.transaction(async (store, tx) => {
    await store.insertParties(parties);
    await store.insertContactChannels(channels);
    await store.insertServiceAddresses(addresses);
    await insertDemoDocumentServices(tx);
  });
}
