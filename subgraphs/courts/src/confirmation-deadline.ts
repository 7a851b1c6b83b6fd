import { badInput, legalRules, periodInDays, type DayCount } from '@fengqiao/subgraph-kit';

/**
 * Judicial confirmation of a mediation agreement must be applied for jointly "within thirty
 * days from the day the mediation agreement takes effect" (自调解协议生效之日起三十日内):
 * Civil Procedure Law art. 205 as amended in 2023 (art. 201 in the 2021 text, art. 194 before
 * 2021; the same period in the People's Mediation Law art. 33). The period is counted as
 * art. 85 counts periods (the kit's `periodInDays`): the day the agreement takes effect is not
 * counted, so for an agreement that took effect on 1 March the last day is 31 March — and a
 * last day that is a statutory rest day moves to the next working day, so an agreement that
 * took effect on 1 September 2026 may be brought until 8 October, after the National Day
 * holiday. Days are calendar days in China Standard Time (UTC+8).
 */
export const CONFIRMATION_PERIOD_DAYS = 30;

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in China Standard Time, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in China Standard Time (case numbers carry the year the case was accepted). */
export function chinaYear(at: Date): number {
  return Number(chinaDate(at).slice(0, 4));
}

/** The period as counted: its last day, the calendar day before the holiday rule, the rest days passed, and whether the year's schedule is provisional. */
export function confirmationPeriod(settlementEffectiveAt: Date): DayCount {
  return periodInDays(settlementEffectiveAt, CONFIRMATION_PERIOD_DAYS);
}

/** The last day (YYYY-MM-DD, China Standard Time) an application is in time. */
export function confirmationDeadline(settlementEffectiveAt: Date): string {
  return confirmationPeriod(settlementEffectiveAt).lastDay;
}

/** Refuses an application made after the deadline, or for an agreement not yet in effect. */
export function checkConfirmationDeadline(settlementEffectiveAt: Date, appliedAt: Date): void {
  if (settlementEffectiveAt.getTime() > appliedAt.getTime()) {
    throw badInput('The mediation agreement has not taken effect yet: settlementEffectiveAt is in the future', {
      field: 'settlementEffectiveAt', rule: 'JUDICIAL_CONFIRMATION_DEADLINE',
    });
  }
  const period = confirmationPeriod(settlementEffectiveAt);
  const deadline = period.lastDay;
  if (chinaDate(appliedAt) > deadline) {
    const moved = period.movedPast.length ? ` (${period.nominalLastDay} was a statutory rest day, so the period ran to the next working day: Civil Procedure Law art. 85)` : '';
    throw badInput(
      `Judicial confirmation must be applied for within ${CONFIRMATION_PERIOD_DAYS} days after the mediation agreement took effect ` +
        `(Civil Procedure Law art. 205): the agreement took effect on ${chinaDate(settlementEffectiveAt)}, so the deadline was ${deadline}${moved}. ` +
        'The parties may instead sue on the agreement or ask the court for a mediation document.',
      { field: 'settlementEffectiveAt', rule: 'JUDICIAL_CONFIRMATION_DEADLINE', deadline },
    );
  }
}

export const CONFIRMATION_RULES = legalRules([
  {
    id: 'JUDICIAL_CONFIRMATION_WITHIN_30_DAYS', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 205 (People\'s Mediation Law art. 33)',
    hubDoes: 'An application to confirm a mediation agreement is refused (JUDICIAL_CONFIRMATION_DEADLINE, with the deadline) after the 30th day from the day the agreement took effect, counted under art. 85.',
    test: { file: 'subgraphs/courts/tests/confirmation-deadline.test.ts', name: 'the refusal carries the rule, the field and the deadline' },
  },
  {
    id: 'JUDICIAL_CONFIRMATION_DEADLINE_OFF_HOLIDAYS', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'arts. 85 and 205',
    hubDoes: 'The confirmation deadline that falls on the National Day or Spring Festival holiday, or a weekend, moves to the first working day after it; JudicialConfirmation.deadlineCount shows how.',
    test: { file: 'subgraphs/courts/tests/confirmation-deadline.test.ts', name: 'a last day on the National Day holiday 2026' },
  },
]);
