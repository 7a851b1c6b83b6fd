import chineseDays from 'chinese-days';
import { chinaDate } from './dates.js';
import { legalRules } from './legal-rules.js';

/**
 * Periods counted in days, as the Civil Procedure Law counts them (art. 85 of the 2021 and
 * 2023 texts; the same rule is Civil Code art. 203 for civil periods):
 *
 * - the day the period starts is not counted, so a 30-day period from 1 March ends on 31 March;
 * - "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期": a last day that
 *   is a statutory rest day moves to the first day after it that is not one;
 * - rest days inside the period are not taken out.
 *
 * Which days are rest days: the statutory holidays (全国年节及纪念日放假办法, as amended 2024)
 * with the State Council's yearly arrangement, and ordinary weekends — the SPC's answer of
 * 12 December 2014 on computing trial periods names Saturdays and Sundays among the
 * holidays that move a last day (verify the title and text). A weekend the State Council
 * turns into a working day (调休上班日, e.g. Saturday 14 February 2026) is a working day and
 * does not move a period (verify: no provision says so in words; it follows from the notice
 * making it a day of work). Hours are not moved: periods in hours end when the hours run out.
 *
 * The calendar is `chinese-days` (MIT), which carries each year's State Council notice once
 * it is published. For a year it does not carry yet, the answer is computed from weekends and
 * the holidays the 放假办法 fixes (1 January; the eve and first three days of the lunar year;
 * Qingming; 1–2 May; the Dragon Boat and Mid-Autumn festivals; 1–3 October), without the
 * State Council's bridging days and working weekends, and is flagged `provisional`: check it
 * against the notice when it is out.
 */

export interface RestDay {
  date: string;
  /** Why the day is a rest day: the holiday's name, or the weekday. */
  name: string;
}

export interface DayCount {
  /** YYYY-MM-DD in China Standard Time: the day the period ends on. */
  lastDay: string;
  /** The day it would end on without the holiday rule. */
  nominalLastDay: string;
  /** The rest days the end was moved past, in order (empty when it was not moved). */
  movedPast: RestDay[];
  /** True when a year the calendar does not know yet decided the answer: verify it against the State Council's notice. */
  provisional: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const knownYears = new Map<number, boolean>();

/** Whether the calendar carries the State Council's arrangement for `year` (every real year has at least New Year's Day). */
export function holidayScheduleKnown(year: number): boolean {
  let known = knownYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    knownYears.set(year, known);
  }
  return known;
}

const provisionalHolidays = new Map<number, Map<string, string>>();

/**
 * The whole-population holidays of 全国年节及纪念日放假办法 art. 2 (as amended by State Council
 * Decree No. 795, in force 1 January 2025 (verify the decree number)), computed for a year
 * without the State Council's notice. The lunar dates and Qingming come from `chinese-days`,
 * which computes them to 2100.
 */
export function statutoryHolidaysOf(year: number): Map<string, string> {
  let days = provisionalHolidays.get(year);
  if (days) return days;
  days = new Map<string, string>();
  const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
  days.set(`${year}-01-01`, "New Year's Day");
  const springFestival = lunar('01-01');
  days.set(addDays(springFestival, -1), 'Spring Festival (eve)');
  for (let i = 0; i < 3; i++) days.set(addDays(springFestival, i), 'Spring Festival');
  const qingming = chineseDays.getSolarTermsInRange(`${year}-04-01`, `${year}-04-30`).find((t) => t.term === 'pure_brightness' && t.index === 1);
  if (qingming) days.set(qingming.date, 'Qingming Festival');
  days.set(`${year}-05-01`, 'Labour Day');
  days.set(`${year}-05-02`, 'Labour Day');
  days.set(lunar('05-05'), 'Dragon Boat Festival');
  days.set(lunar('08-15'), 'Mid-Autumn Festival');
  for (const d of ['01', '02', '03']) days.set(`${year}-10-${d}`, 'National Day');
  provisionalHolidays.set(year, days);
  return days;
}

/** Whether `date` (YYYY-MM-DD) is a statutory rest day, why, and whether that answer is provisional. */
export function restDay(date: string): { rest: boolean; name: string; provisional: boolean } {
  const year = Number(date.slice(0, 4));
  if (holidayScheduleKnown(year)) {
    const detail = chineseDays.getDayDetail(date);
    return { rest: !detail.work, name: detail.name.split(',')[0] ?? detail.name, provisional: false };
  }
  const holiday = statutoryHolidaysOf(year).get(date);
  if (holiday) return { rest: true, name: holiday, provisional: true };
  const day = weekday(date);
  return { rest: day === 0 || day === 6, name: WEEKDAYS[day]!, provisional: true };
}

/**
 * The last day of a period of `days` days that starts on `start` (a calendar date, or an
 * instant read in China Standard Time), moved past statutory rest days.
 */
export function periodInDays(start: Date | string, days: number): DayCount {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`A period in days is a positive whole number of days, not ${days}`);
  const from = typeof start === 'string' ? start : chinaDate(start);
  const nominalLastDay = addDays(from, days);
  const movedPast: RestDay[] = [];
  let lastDay = nominalLastDay;
  let day = restDay(lastDay);
  let provisional = day.provisional;
  // A holiday run is at most nine days; a month without a working day means the calendar is broken.
  for (let guard = 0; day.rest && guard < 31; guard++) {
    movedPast.push({ date: lastDay, name: day.name });
    lastDay = addDays(lastDay, 1);
    day = restDay(lastDay);
    provisional ||= day.provisional;
  }
  return { lastDay, nominalLastDay, movedPast, provisional };
}

const PERIOD_TESTS = 'subgraphs/kit/tests/legal-periods.test.ts';

export const LEGAL_PERIOD_RULES = legalRules([
  {
    id: 'PERIOD_START_DAY_NOT_COUNTED', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 85, para. 2',
    hubDoes: 'A period in days starts the day after the event: 30 days from 1 March end on 31 March (China Standard Time).',
    verify: 'the article number in the 2023 text (art. 85 in 2021; third-party copies of the 2023 text keep the numbering of this chapter)',
    test: { file: PERIOD_TESTS, name: 'the start day is not counted' },
  },
  {
    id: 'PERIOD_ENDS_ON_NEXT_WORKING_DAY', instrument: 'Civil Procedure Law of the PRC (2023)', article: 'art. 85, para. 3 (Civil Code art. 203 for civil periods)',
    hubDoes: 'A period whose last day is a statutory rest day (a holiday of the State Council schedule, or an ordinary weekend) ends on the first working day after it; a working weekend (调休上班日) is a working day.',
    verify: 'that weekends count as 法定休假日 (an SPC answer of 12 December 2014 on trial periods names Saturdays and Sundays; its title is unchecked) and that a 调休 working Saturday does not',
    test: { file: PERIOD_TESTS, name: 'a period ending on %s ends on %s' },
  },
  {
    id: 'PERIOD_PROVISIONAL_WITHOUT_SCHEDULE', instrument: '全国年节及纪念日放假办法 (State Council, as amended 2024)', article: 'art. 2',
    hubDoes: 'For a year whose State Council holiday notice the calendar does not carry yet, weekends and the statutory holidays of art. 2 (without bridging days or working weekends) are used, and the result is flagged provisional.',
    verify: 'the decree number of the 2024 amendment (State Council Decree No. 795) and each new year\'s notice',
    test: { file: PERIOD_TESTS, name: 'a year the calendar does not know yet' },
  },
]);
