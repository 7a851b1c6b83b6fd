import type { IdentityQuery, IdentityRegistry, Registries, RegistryContact, TelecomRegistry } from './registry.js';

/**
 * Registries for the demo and the tests: fixed records, answered the way the real services
 * answer. The identity numbers are fictional (valid check digits, real division codes); the
 * demo parties are here, plus a few people who exist only to exercise the outcomes:
 *
 * - 赵磊 (the demo's hard-to-find debtor) changed his mobile: the old one is out of service and
 *   the telecom register knows a new one — repair finds him;
 * - 孙悦 330102198803056122 is known to public security but has no mobile in service — repair
 *   finds no channel;
 * - any resident ID number not listed is NOT_FOUND.
 */
interface PersonRecord {
  name: string;
  mobiles: string[];
}
interface OrganisationRecord {
  name: string;
  registeredAddress: string;
  liaisonMobile: string | null;
}

export const SEEDED_PERSONS: Record<string, PersonRecord> = {
  '330782199003152422': { name: '李娜', mobiles: ['13857901234'] },
  '440106198507203416': { name: '张伟', mobiles: ['13925106688'] },
  '110105199211084624': { name: '王芳', mobiles: ['13601234567'] },
  '445281198806123571': { name: '刘强', mobiles: ['13719887766'] },
  '330702197909234511': { name: '赵磊', mobiles: ['15857926677'] },
  '330102198803056122': { name: '孙悦', mobiles: [] },
};

export const SEEDED_ORGANISATIONS: Record<string, OrganisationRecord> = {
  '91330782MA2EC7QX1D': { name: '义乌市巧手工艺品有限公司', registeredAddress: '浙江省义乌市福田街道商城大道L座1205室', liaisonMobile: '13957912345' },
  '91440101MA5CJQ4N59': { name: '广州市珠江电子商行', registeredAddress: '广东省广州市越秀区解放南路123号', liaisonMobile: '13802223344' },
  '91350200776049653A': { name: '厦门鹭岛品牌服饰有限公司', registeredAddress: '福建省厦门市思明区鹭江道8号', liaisonMobile: null },
  '91330782MA28FK3P0B': { name: '义乌市童趣玩具有限公司', registeredAddress: '浙江省义乌市江东街道宗泽东路99号', liaisonMobile: '13867905566' },
};

class SeededPublicSecurity implements IdentityRegistry {
  readonly name = 'PUBLIC_SECURITY' as const;
  covers(idType: IdentityQuery['idType']) {
    return idType === 'RESIDENT_ID';
  }
  async match(q: IdentityQuery) {
    const record = SEEDED_PERSONS[q.idNumber];
    return { outcome: !record ? 'NOT_FOUND' as const : record.name === q.name ? 'MATCH' as const : 'MISMATCH' as const };
  }
  async contactsOf(): Promise<RegistryContact[]> {
    return [];
  }
}

class SeededMarketSupervision implements IdentityRegistry {
  readonly name = 'MARKET_SUPERVISION' as const;
  covers(idType: IdentityQuery['idType']) {
    return idType === 'UNIFIED_SOCIAL_CREDIT_CODE';
  }
  async match(q: IdentityQuery) {
    const record = SEEDED_ORGANISATIONS[q.idNumber];
    return { outcome: !record ? 'NOT_FOUND' as const : record.name === q.name ? 'MATCH' as const : 'MISMATCH' as const };
  }
  async contactsOf(q: IdentityQuery): Promise<RegistryContact[]> {
    const record = SEEDED_ORGANISATIONS[q.idNumber];
    if (!record) return [];
    return [
      ...(record.liaisonMobile ? [{ kind: 'MOBILE' as const, value: record.liaisonMobile }] : []),
      { kind: 'POSTAL' as const, value: record.registeredAddress },
    ];
  }
}

class SeededTelecom implements TelecomRegistry {
  readonly name = 'TELECOM' as const;
  async mobilesOf(q: IdentityQuery) {
    const record = q.idType === 'RESIDENT_ID' ? SEEDED_PERSONS[q.idNumber] : undefined;
    return record ? { outcome: 'MATCH' as const, mobiles: record.mobiles } : { outcome: 'NOT_FOUND' as const, mobiles: [] };
  }
}

export function seededRegistries(): Registries {
  return { identity: [new SeededPublicSecurity(), new SeededMarketSupervision()], telecom: new SeededTelecom() };
}
