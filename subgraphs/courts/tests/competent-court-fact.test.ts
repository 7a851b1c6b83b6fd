import { DEMO } from '@fengqiao/subgraph-kit';
import { competentCourtFact } from '../src/competent-court-fact.js';
import { referenceCourts } from '../src/seed.js';

const C = DEMO.courts;
const courts = referenceCourts.map((c) => ({
  id: c.id, name: c.name, level: c.level, isInternetCourt: c.isInternetCourt ?? false, hearsPatentCases: c.hearsPatentCases ?? false, region: c.region,
}));
const NOW = new Date('2026-11-23T10:00:00+08:00');

describe('competentCourtFact: the competent court as a triage fact', () => {
  test('a patent dispute against a respondent registered in Guangdong goes to the Guangzhou IP Court', () => {
    expect(competentCourtFact('PATENT', '445281', courts, NOW)).toEqual({ id: C.guangzhouIp, name: '广州知识产权法院', hearsPatentCases: true, isInternetCourt: false });
  });

  test('online categories are internet-related by default: a consumer dispute in Guangzhou goes to its Internet court', () => {
    expect(competentCourtFact('CONSUMER_PURCHASE', '440106', courts, NOW)).toMatchObject({ id: C.guangzhouInternet, isInternetCourt: true, hearsPatentCases: false });
  });

  test('otherwise the basic court of the region', () => {
    expect(competentCourtFact('CONTRACT', '330782', courts, NOW)).toMatchObject({ id: C.yiwu, name: '义乌市人民法院' });
  });

  test('null when the region is unknown or no court on the hub is competent', () => {
    expect(competentCourtFact('CONTRACT', null, courts, NOW)).toBeNull();
    expect(competentCourtFact(null, '330782', courts, NOW)).toBeNull();
    expect(competentCourtFact('CONTRACT', '350200', courts, NOW)).toBeNull(); // Xiamen: no court seeded
    expect(competentCourtFact('PATENT', '350200', courts, NOW)).toBeNull();
  });
});
