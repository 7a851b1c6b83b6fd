import { legalRules, periodInDays } from '@fengqiao/subgraph-kit';
import type { ServiceAttemptRow } from '../db/schema.js';
import type { SenderRole } from './service-message.js';

/**
 * What happens when no way of reaching the party is left.
 *
 * Service by public notice is a court's act: "受送达人下落不明，或者用本节规定的其他方式无法送达的，
 * 公告送达。自发出公告之日起，经过三十日，即视为送达" (Civil Procedure Law art. 95; the same
 * number in the 2021 and 2023 texts, checked against third-party copies — verify against the
 * official text). The section it sits in (送达) is the people's court's service; nothing in it
 * lets a mediation organisation or an arbitration institution publish a notice that counts as
 * service. So a court's service falls through to public notice once every way the hub knows was
 * tried and failed, or when it knows none at all (the whereabouts are unknown); anyone else's
 * service ends UNSERVED with the reason, and the next step is lost-connection repair
 * (`repairContact`) — a mediation whose respondent stays unreachable ends by withdrawal
 * (DOMAIN.md; seed 000 §3.3).
 */
export type WhenNothingIsLeft = 'PUBLIC_NOTICE' | 'UNSERVED';

export function whenNothingIsLeft(sender: SenderRole): WhenNothingIsLeft {
  return sender === 'COURT' ? 'PUBLIC_NOTICE' : 'UNSERVED';
}

/** The notice is deemed served after 30 days (art. 95), counted as art. 85 counts periods. */
export const PUBLIC_NOTICE_DAYS = 30;

/**
 * When a public notice counts as served: the same time of day on the 30th day after the day
 * of the notice, or on the first working day after it when that day is a statutory rest day.
 */
export function deemedServedAt(publicNoticeAt: Date): Date {
  const period = periodInDays(publicNoticeAt, PUBLIC_NOTICE_DAYS);
  const moved = (Date.parse(`${period.lastDay}T00:00:00Z`) - Date.parse(`${period.nominalLastDay}T00:00:00Z`)) / 86_400_000;
  return new Date(publicNoticeAt.getTime() + (PUBLIC_NOTICE_DAYS + moved) * 86_400_000);
}

/** Why a service could not be made, in words for the sender: what was tried, and what to do next. */
export function unservedReason(attempts: readonly Pick<ServiceAttemptRow, 'channel' | 'failureReason'>[]): string {
  const tried = attempts.length
    ? `every confirmed address failed (${attempts.map((a) => `${a.channel}: ${a.failureReason ?? 'failed'}`).join('; ')})`
    : 'the party has no confirmed service address';
  return `Not served: ${tried}. Only a court may serve by public notice (Civil Procedure Law art. 95). ` +
    'Ask for lost-connection repair (repairContact) to find a way to reach the party; a mediation whose party cannot be reached ends by withdrawal.';
}

const TESTS = 'subgraphs/identity/tests/document-service.test.ts';

export const SERVICE_RULES = legalRules([
  {
    id: 'PUBLIC_NOTICE_IS_A_COURTS_ACT', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 95',
    hubDoes: 'Only a court\'s service falls through to public notice, after every confirmed address was tried and failed or when none is known; a mediator\'s, mediation organisation\'s or arbitrator\'s service ends UNSERVED with the reason and points to lost-connection repair.',
    verify: 'that arbitration rules give institutions no public notice of their own (CIETAC rules deem service at the last known address instead (verify))',
    test: { file: TESTS, name: 'a mediator who cannot reach the party does not serve by public notice' },
  },
  {
    id: 'PUBLIC_NOTICE_DEEMED_SERVED_AFTER_30_DAYS', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'arts. 95 and 85',
    hubDoes: 'A public notice counts as served 30 days after the day it was published, moved to the next working day when that day is a statutory rest day.',
    test: { file: 'subgraphs/identity/tests/document-service-rules.test.ts', name: 'public notice is deemed served 30 days after it is published' },
  },
  {
    id: 'ELECTRONIC_SERVICE_TO_CONFIRMED_ADDRESSES', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 90',
    hubDoes: 'Documents are served electronically (hub inbox, SMS, e-mail) only at addresses the party confirmed for service, then by registered post; each attempt keeps its receipt.',
    verify: 'the article number (art. 90 in the 2021 text) and that a signed service-address confirmation is the consent art. 90 requires',
    test: { file: TESTS, name: 'electronic channels first' },
  },
]);
