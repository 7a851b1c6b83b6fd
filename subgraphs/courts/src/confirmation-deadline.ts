import { badInput } from '@fengqiao/subgraph-kit';

/**
 * Judicial confirmation of a mediation agreement must be applied for jointly "within thirty
 * days from the day the mediation agreement takes effect" (自调解协议生效之日起三十日内):
 * Civil Procedure Law art. 205 as amended in 2023 (art. 201 in the 2021 text, art. 194 before
 * 2021; the same period in the People's Mediation Law art. 33). Periods are counted in days
 * and the day the period starts is not counted (Civil Procedure Law art. 85 as amended 2023),
 * so for an agreement that took effect on 1 March the last day is 31 March: day 30 is in
 * time, day 31 is late. Days are calendar days in China Standard Time (UTC+8).
 */
export const CONFIRMATION_PERIOD_DAYS = 30;

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date in China Standard Time, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in China Standard Time (case numbers carry the year the case was accepted). */
export function chinaYear(at: Date): number {
  return Number(chinaDate(at).slice(0, 4));
}

/** The last day (YYYY-MM-DD, China Standard Time) an application is in time. */
export function confirmationDeadline(settlementEffectiveAt: Date): string {
  const start = Date.parse(`${chinaDate(settlementEffectiveAt)}T00:00:00Z`);
  return new Date(start + CONFIRMATION_PERIOD_DAYS * DAY_MS).toISOString().slice(0, 10);
}

/** Refuses an application made after the deadline, or for an agreement not yet in effect. */
export function checkConfirmationDeadline(settlementEffectiveAt: Date, appliedAt: Date): void {
  if (settlementEffectiveAt.getTime() > appliedAt.getTime()) {
    throw badInput('The mediation agreement has not taken effect yet: settlementEffectiveAt is in the future', {
      field: 'settlementEffectiveAt', rule: 'JUDICIAL_CONFIRMATION_DEADLINE',
    });
  }
  const deadline = confirmationDeadline(settlementEffectiveAt);
  if (chinaDate(appliedAt) > deadline) {
    throw badInput(
      `Judicial confirmation must be applied for within ${CONFIRMATION_PERIOD_DAYS} days after the mediation agreement took effect ` +
        `(Civil Procedure Law art. 205): the agreement took effect on ${chinaDate(settlementEffectiveAt)}, so the deadline was ${deadline}. ` +
        'The parties may instead sue on the agreement or ask the court for a mediation document.',
      { field: 'settlementEffectiveAt', rule: 'JUDICIAL_CONFIRMATION_DEADLINE', deadline },
    );
  }
}
