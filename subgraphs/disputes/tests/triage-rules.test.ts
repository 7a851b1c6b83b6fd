import type { DisputeRow } from '../src/db/schema.js';
import type { TriageFacts } from '../src/triage/facts.js';
import { triageFactsOf } from '../src/triage/required-facts.js';
import { recommend, TRIAGE_RULES, type Recommendation } from '../src/triage/rules.js';
import { openTracks } from '../src/routing.js';

const base: TriageFacts = {
  category: 'CONTRACT',
  claimAmount: 5000,
  arbitrationAgreement: null,
  platformOffersConsumerCompensation: null,
  respondentReachable: true,
  respondentRepairFailed: false,
  respondentDiscredited: false,
  mediationStatus: null,
  claimantJurisdiction: 'MAINLAND',
  respondentJurisdiction: 'MAINLAND',
  competentCourt: null,
};
const ids = (r: Recommendation) => r.reasons.map((x) => x.ruleId);
const explanationOf = (r: Recommendation, ruleId: string) => r.reasons.find((x) => x.ruleId === ruleId)?.explanation;
const gzIp = { id: 'crt_gz_ip', name: 'Guangzhou Intellectual Property Court', hearsPatentCases: true, isInternetCourt: false };
const yiwu = { id: 'crt_zj_yiwu', name: '义乌市人民法院', hearsPatentCases: false, isInternetCourt: false };
const gzInternet = { id: 'crt_gz_internet', name: '广州互联网法院', hearsPatentCases: false, isInternetCourt: true };

describe('the triage rule table', () => {
  it('gives every rule a stable id and a source', () => {
    const seen = new Set<string>();
    for (const rule of TRIAGE_RULES) {
      expect(rule.id).toMatch(/^[A-Z_]+$/);
      expect(rule.source.length).toBeGreaterThan(20);
      expect(seen.has(rule.id)).toBe(false);
      seen.add(rule.id);
    }
  });

  it('MEDIATION_FIRST: with nothing else known, mediation comes first', () => {
    const r = recommend(base);
    expect(r.track).toBe('MEDIATION');
    expect(ids(r)).toEqual(['MEDIATION_FIRST']);
    expect(r.alternatives).toEqual(['NEGOTIATION', 'LITIGATION']);
  });

  it('ARBITRATION_AGREEMENT_EXCLUDES_COURT: a valid agreement sends it to arbitration and rules out the courts', () => {
    const r = recommend({ ...base, arbitrationAgreement: { institutionId: 'arb_shiac', source: 'CONTRACT' }, mediationStatus: 'FAILED' });
    expect(r.track).toBe('ARBITRATION');
    expect(ids(r)).toEqual(['ARBITRATION_AGREEMENT_EXCLUDES_COURT']);
    expect(r.alternatives).not.toContain('LITIGATION');
  });

  it('PLATFORM_TERMS_DO_NOT_BIND_CONSUMER: a platform-terms clause leaves a consumer the courts, with arbitration as one option', () => {
    const terms = { institutionId: 'arb_shiac', source: 'PLATFORM_TERMS' as const };
    const r = recommend({ ...base, category: 'CONSUMER_PURCHASE', arbitrationAgreement: terms, platformOffersConsumerCompensation: true });
    expect(ids(r)).toEqual(['PLATFORM_TERMS_DO_NOT_BIND_CONSUMER', 'CONSUMER_COMPENSATION_FIRST']);
    expect(r.track).toBe('NEGOTIATION');
    expect(r.alternatives).toEqual(expect.arrayContaining(['MEDIATION', 'ARBITRATION', 'LITIGATION']));
    expect(r.reasons[0]!.source).toMatch(/法释〔2022〕8号, art\. 1\(4\)/);
    // without compensation the default still leaves litigation open
    const plain = recommend({ ...base, category: 'ONLINE_SERVICE', arbitrationAgreement: terms });
    expect(plain.track).toBe('MEDIATION');
    expect(plain.alternatives).toContain('LITIGATION');
  });

  it('PLATFORM_TERMS_DO_NOT_BIND_CONSUMER does not apply to business disputes or to a clause in the parties\' own contract', () => {
    const business = recommend({ ...base, arbitrationAgreement: { institutionId: 'arb_shiac', source: 'PLATFORM_TERMS' } });
    expect(ids(business)).toEqual(['ARBITRATION_AGREEMENT_EXCLUDES_COURT']);
    expect(business.alternatives).not.toContain('LITIGATION');
    const negotiated = recommend({ ...base, category: 'CONSUMER_PURCHASE', arbitrationAgreement: { institutionId: 'arb_shiac', source: 'CONTRACT' } });
    expect(ids(negotiated)).toEqual(['ARBITRATION_AGREEMENT_EXCLUDES_COURT']);
    expect(negotiated.track).toBe('ARBITRATION');
  });

  it('recommends only among the tracks still open: none once closed, no negotiation after a track ended unresolved', () => {
    const consumer = { ...base, category: 'CONSUMER_PURCHASE', platformOffersConsumerCompensation: true };
    for (const status of ['RESOLVED', 'WITHDRAWN', 'DECIDED', 'IN_ENFORCEMENT'] as const) {
      expect(openTracks({ status, track: 'MEDIATION' })).toEqual([]);
      expect(recommend(consumer, undefined, openTracks({ status, track: 'MEDIATION' }))).toBeNull();
    }
    const unresolved = recommend(consumer, undefined, openTracks({ status: 'UNRESOLVED', track: 'NEGOTIATION' }))!;
    expect(unresolved.track).toBe('MEDIATION');
    expect(unresolved.alternatives).not.toContain('NEGOTIATION');
    expect(ids(unresolved)).toEqual(['MEDIATION_FIRST']); // the compensation rule does not speak for a closed track
    // a signed settlement stays on its track while it is performed
    const settled = recommend({ ...base, mediationStatus: 'SETTLED' }, undefined, openTracks({ status: 'SETTLED', track: 'MEDIATION' }))!;
    expect(settled.track).toBe('MEDIATION');
    expect(settled.alternatives).toEqual(['LITIGATION']);
    // on arbitration under a contract clause: arbitration, and nothing else
    const arbitrating = recommend({ ...base, arbitrationAgreement: { institutionId: 'arb_shiac', source: 'CONTRACT' } }, undefined, openTracks({ status: 'IN_ARBITRATION', track: 'ARBITRATION' }))!;
    expect(arbitrating).toMatchObject({ track: 'ARBITRATION', alternatives: [] });
  });

  it('CONSUMER_COMPENSATION_FIRST: a consumer dispute on a compensating platform is negotiated there first', () => {
    const r = recommend({ ...base, category: 'CONSUMER_PURCHASE', platformOffersConsumerCompensation: true });
    expect(r.track).toBe('NEGOTIATION');
    expect(ids(r)).toEqual(['CONSUMER_COMPENSATION_FIRST']);
    expect(r.alternatives).toContain('MEDIATION');
  });

  it('CONSUMER_COMPENSATION_FIRST does not apply to business contracts or platforms without compensation', () => {
    expect(recommend({ ...base, platformOffersConsumerCompensation: true }).track).toBe('MEDIATION');
    expect(recommend({ ...base, category: 'CONSUMER_PURCHASE', platformOffersConsumerCompensation: false }).track).toBe('MEDIATION');
  });

  it('UNREACHABLE_RESPONDENT_GOES_TO_COURT: only after lost-connection repair failed', () => {
    expect(recommend({ ...base, respondentReachable: false, respondentRepairFailed: false }).track).toBe('MEDIATION');
    const r = recommend({ ...base, respondentReachable: false, respondentRepairFailed: true });
    expect(r.track).toBe('LITIGATION');
    expect(ids(r)).toEqual(['UNREACHABLE_RESPONDENT_GOES_TO_COURT']);
  });

  it('MEDIATION_FAILED_GOES_TO_COURT: a failed mediation goes to litigation, even on a compensating platform', () => {
    const r = recommend({ ...base, category: 'CONSUMER_PURCHASE', platformOffersConsumerCompensation: true, mediationStatus: 'FAILED' });
    expect(r.track).toBe('LITIGATION');
    expect(ids(r)[0]).toBe('MEDIATION_FAILED_GOES_TO_COURT');
  });

  it('SETTLED_IN_MEDIATION_STAYS: a signed settlement is not sent back to the platform', () => {
    const r = recommend({ ...base, category: 'CONSUMER_PURCHASE', platformOffersConsumerCompensation: true, mediationStatus: 'SETTLED' });
    expect(r.track).toBe('MEDIATION');
    expect(ids(r)).toEqual(['SETTLED_IN_MEDIATION_STAYS']);
  });

  it('PATENT_NEEDS_COMPETENT_COURT: names the court that can hear it, or says a basic court cannot', () => {
    const withCourt = recommend({ ...base, category: 'PATENT', competentCourt: { id: 'crt_gz_ip', name: 'Guangzhou Intellectual Property Court', hearsPatentCases: true, isInternetCourt: false } });
    expect(withCourt.advice).toContain('PATENT_COURT');
    expect(withCourt.reasons.find((r) => r.ruleId === 'PATENT_NEEDS_COMPETENT_COURT')?.explanation).toContain('Guangzhou Intellectual Property Court');
    const unknown = recommend({ ...base, category: 'PATENT' });
    expect(unknown.reasons.find((r) => r.ruleId === 'PATENT_NEEDS_COMPETENT_COURT')?.explanation).toContain('not a basic court');
    expect(recommend(base).advice).not.toContain('PATENT_COURT');
  });

  it('PATENT_NEEDS_COMPETENT_COURT: says so when the court found may not hear patents', () => {
    const r = recommend({ ...base, category: 'PATENT', competentCourt: yiwu });
    expect(r.advice).toContain('PATENT_COURT');
    expect(explanationOf(r, 'PATENT_NEEDS_COMPETENT_COURT')).toContain('义乌市人民法院');
    expect(explanationOf(r, 'PATENT_NEEDS_COMPETENT_COURT')).toContain('not a basic court');
  });

  it('a recommendation that sends the dispute to court names the competent court', () => {
    const failed = recommend({ ...base, mediationStatus: 'FAILED', competentCourt: yiwu });
    expect(failed.track).toBe('LITIGATION');
    expect(explanationOf(failed, 'MEDIATION_FAILED_GOES_TO_COURT')).toContain('The competent court is 义乌市人民法院.');
    expect(failed.court).toEqual({ id: 'crt_zj_yiwu', name: '义乌市人民法院' });
    const unreachable = recommend({ ...base, respondentReachable: false, respondentRepairFailed: true, competentCourt: gzInternet });
    expect(unreachable.track).toBe('LITIGATION');
    expect(explanationOf(unreachable, 'UNREACHABLE_RESPONDENT_GOES_TO_COURT')).toContain('广州互联网法院, an Internet court');
    expect(unreachable.court?.id).toBe('crt_gz_internet');
    // Unknown court: the explanation stays as it was, and no court is named.
    const unknown = recommend({ ...base, mediationStatus: 'FAILED' });
    expect(explanationOf(unknown, 'MEDIATION_FAILED_GOES_TO_COURT')).not.toContain('competent court');
    expect(unknown.court).toBeNull();
  });

  it('names the competent court while litigation is still an alternative, not once an arbitration agreement excludes it', () => {
    const patent = recommend({ ...base, category: 'PATENT', competentCourt: gzIp });
    expect(patent.track).toBe('MEDIATION');
    expect(patent.alternatives).toContain('LITIGATION');
    expect(patent.court).toEqual({ id: 'crt_gz_ip', name: 'Guangzhou Intellectual Property Court' });
    const arbitration = recommend({ ...base, arbitrationAgreement: { institutionId: 'arb_shiac', source: 'CONTRACT' }, competentCourt: yiwu });
    expect(arbitration.court).toBeNull();
  });

  it('CROSS_BORDER_FACILITATIVE_MEDIATOR: a Hong Kong or Macao party is offered a facilitative mediator', () => {
    expect(recommend({ ...base, claimantJurisdiction: 'HONG_KONG' }).advice).toContain('FACILITATIVE_MEDIATOR');
    expect(recommend({ ...base, respondentJurisdiction: 'MACAO' }).advice).toContain('FACILITATIVE_MEDIATOR');
    expect(recommend({ ...base, respondentJurisdiction: 'FOREIGN' }).advice).not.toContain('FACILITATIVE_MEDIATOR');
  });

  it('DISCREDITED_RESPONDENT_CONFIRM_SETTLEMENT: recommends judicial confirmation of any settlement', () => {
    const r = recommend({ ...base, respondentDiscredited: true });
    expect(r.track).toBe('MEDIATION');
    expect(r.advice).toContain('JUDICIAL_CONFIRMATION');
    expect(ids(r)).toEqual(['MEDIATION_FIRST', 'DISCREDITED_RESPONDENT_CONFIRM_SETTLEMENT']);
  });
});

describe('triageFactsOf: the facts the gateway hands over', () => {
  const row = { id: 'dsp_1', category: 'PATENT', claimAmount: '200000.00' } as unknown as DisputeRow;

  it('fills the competent court from the courts subgraph\'s fields', () => {
    const facts = triageFactsOf({
      ...row, competentCourtId: 'crt_gz_ip', competentCourtName: '广州知识产权法院', competentCourtHearsPatentCases: true, competentCourtIsInternetCourt: false,
    });
    expect(facts.competentCourt).toEqual({ id: 'crt_gz_ip', name: '广州知识产权法院', hearsPatentCases: true, isInternetCourt: false });
  });

  it('leaves it null when courts did not decide one (or could not be asked)', () => {
    expect(triageFactsOf(row).competentCourt).toBeNull();
    expect(triageFactsOf({ ...row, competentCourtId: null, competentCourtName: null }).competentCourt).toBeNull();
  });

  it('takes a failed lost-connection repair from identity, and assumes none when identity could not say', () => {
    expect(triageFactsOf({ ...row, respondentReachable: false, respondentRepairFailed: true }).respondentRepairFailed).toBe(true);
    expect(triageFactsOf({ ...row, respondentReachable: false, respondentRepairFailed: null }).respondentRepairFailed).toBe(false);
    expect(triageFactsOf({ ...row, respondentReachable: false }).respondentRepairFailed).toBe(false);
  });
});

describe('the documentation', () => {
  it('lists every rule of the table in the README, with its source', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const rule of TRIAGE_RULES) {
      expect(readme).toContain(`| \`${rule.id}\` |`);
      expect(readme).toContain(rule.source.slice(0, 40));
    }
  });
});
