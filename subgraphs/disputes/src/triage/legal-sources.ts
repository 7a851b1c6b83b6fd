import { legalRules, type LegalRule } from '@fengqiao/subgraph-kit';
import { TRIAGE_RULES } from './rules.js';

/**
 * The triage table's rules as the hub's register of legal rules lists them: each rule's
 * `source` split into instrument and article. Rules that rest on the seed documents or on
 * practice rather than on a legal text say so in the instrument.
 */
const SOURCES: Record<string, Pick<LegalRule, 'instrument' | 'article' | 'verify' | 'hubDoes'>> = {
  PLATFORM_TERMS_DO_NOT_BIND_CONSUMER: {
    instrument: 'SPC Provisions on Several Issues Concerning the Application of Law in the Trial of Online Consumption Disputes (I) (法释〔2022〕8号)',
    article: 'art. 1(4) (and Civil Code arts. 496–497 on standard terms)',
    hubDoes: 'A consumer keeps the courts: a platform-terms arbitration clause is one option, not a bar.',
  },
  ARBITRATION_AGREEMENT_EXCLUDES_COURT: {
    instrument: 'Arbitration Law of the PRC',
    article: 'art. 5',
    verify: 'the article (art. 5 of the 2017 text)',
    hubDoes: 'An arbitration agreement binding both parties sends the dispute to arbitration and rules litigation out (not for a consumer under platform terms).',
  },
  MEDIATION_FAILED_GOES_TO_COURT: {
    instrument: 'Guangzhou Internet Court DDR platform Mediation Regulations (seed 000 §5.2)',
    article: 'art. 36',
    hubDoes: 'After a failed mediation, litigation, carrying the undisputed facts.',
  },
  SETTLED_IN_MEDIATION_STAYS: {
    instrument: 'Practice: seed 000 §6.2 (people\'s mediation + judicial confirmation)',
    article: '—',
    hubDoes: 'A signed settlement stays in mediation: it is performed, not re-routed.',
  },
  UNREACHABLE_RESPONDENT_GOES_TO_COURT: {
    instrument: 'Civil Procedure Law of the PRC (2023)',
    article: 'art. 95 (only a court serves by public notice); seeds 000 §3.3 and 001 §2.3',
    hubDoes: 'Once lost-connection repair failed, litigation: only a court can serve by public notice.',
  },
  PATENT_NEEDS_COMPETENT_COURT: {
    instrument: 'SPC Provisions on the Jurisdiction of Intellectual Property Cases (法释〔2022〕13号)',
    article: 'art. 1',
    verify: 'each province\'s designated patent courts',
    hubDoes: 'A patent dispute is advised to a court that may hear patent cases.',
  },
  CONSUMER_COMPENSATION_FIRST: {
    instrument: 'Case: Fuzhou Jiunong v. Shanghai Xunmeng (Changning District People\'s Court, 2018; SPC white paper 2019)',
    article: '—',
    hubDoes: 'A consumer dispute on a platform that compensates consumers is negotiated there first.',
  },
  MEDIATION_FIRST: {
    instrument: 'Practice: seed 000 §6.2',
    article: '—',
    hubDoes: 'Mediation is the default track.',
  },
  CROSS_BORDER_FACILITATIVE_MEDIATOR: {
    instrument: 'Practice: seed 000 §2.2 and §3.1',
    article: '—',
    hubDoes: 'A Hong Kong or Macao party is offered a facilitative mediator.',
  },
  DISCREDITED_RESPONDENT_CONFIRM_SETTLEMENT: {
    instrument: 'Civil Procedure Law of the PRC (2023)',
    article: 'arts. 205–206',
    verify: 'the article numbers (arts. 201–202 in the 2021 text)',
    hubDoes: 'Against a respondent currently on the discredited list (a removed listing does not count), judicial confirmation of any settlement is advised.',
  },
};

export const TRIAGE_LEGAL_RULES = legalRules(TRIAGE_RULES.map((rule) => {
  const source = SOURCES[rule.id];
  if (!source) throw new Error(`Triage rule ${rule.id} has no entry in triage/legal-sources.ts`);
  return {
    id: rule.id, ...source,
    test: { file: 'subgraphs/disputes/tests/triage-rules.test.ts', name: rule.id },
  };
}));
