import { periodInDays, restDay, statutoryHolidaysOf } from '../src/legal-periods.js';

/** A period of `days` days from `start` whose nominal last day is `start + days`. */
const ending = (lastDay: string) => periodInDays(new Date(Date.parse(`${lastDay}T12:00:00+08:00`) - 30 * 86_400_000), 30);

describe('a period whose last day is a statutory rest day ends on the next working day (Civil Procedure Law art. 85)', () => {
  test('the start day is not counted: 30 days from 1 March 2026 end on 31 March', () => {
    expect(periodInDays('2026-03-01', 30)).toEqual({ lastDay: '2026-03-31', nominalLastDay: '2026-03-31', movedPast: [], provisional: false });
    expect(periodInDays(new Date('2026-02-28T20:00:00Z'), 30).lastDay).toBe('2026-03-31'); // already 1 March in China
  });

  test.each([
    // National Day 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are working days.
    ['2026-09-20', '2026-09-20', 0],
    ['2026-09-30', '2026-09-30', 0],
    ['2026-10-01', '2026-10-08', 7],
    ['2026-10-07', '2026-10-08', 1],
    ['2026-10-08', '2026-10-08', 0],
    ['2026-10-10', '2026-10-10', 0],
    ['2026-10-11', '2026-10-12', 1],
    // Spring Festival 2026: 15–23 February off; Saturdays 14 and 28 February are working days.
    ['2026-02-14', '2026-02-14', 0],
    ['2026-02-15', '2026-02-24', 9],
    ['2026-02-23', '2026-02-24', 1],
    ['2026-02-24', '2026-02-24', 0],
    ['2026-02-28', '2026-02-28', 0],
    ['2026-03-01', '2026-03-02', 1],
  ])('a period ending on %s ends on %s (%i rest days passed)', (nominal, last, moved) => {
    const end = ending(nominal);
    expect(end.nominalLastDay).toBe(nominal);
    expect(end.lastDay).toBe(last);
    expect(end.movedPast).toHaveLength(moved);
    expect(end.provisional).toBe(false);
  });

  test('the days moved past are named', () => {
    expect(ending('2026-10-06').movedPast).toEqual([
      { date: '2026-10-06', name: 'National Day' },
      { date: '2026-10-07', name: 'National Day' },
    ]);
    expect(ending('2026-10-11').movedPast).toEqual([{ date: '2026-10-11', name: 'Sunday' }]);
  });

  test('a working weekend is not a rest day; an ordinary weekend is', () => {
    expect(restDay('2026-02-14')).toMatchObject({ rest: false, provisional: false });
    expect(restDay('2026-02-21')).toMatchObject({ rest: true, provisional: false });
    expect(restDay('2026-03-07')).toMatchObject({ rest: true, name: 'Saturday', provisional: false });
  });

  test('a year the calendar does not know yet (2027) falls back to weekends and the statutory holidays, flagged provisional', () => {
    // 1–3 October 2027 are Friday to Sunday: the fixed National Day holiday, then Monday.
    expect(ending('2027-10-01')).toMatchObject({ lastDay: '2027-10-04', provisional: true });
    // Lunar New Year 2027 is Saturday 6 February: the eve (Friday 5) and the first three days are holidays.
    expect(ending('2027-02-05')).toMatchObject({ lastDay: '2027-02-09', provisional: true });
    expect(ending('2027-03-10')).toMatchObject({ lastDay: '2027-03-10', movedPast: [], provisional: true });
    // A known year's end that runs into an unknown one is provisional too.
    expect(periodInDays('2026-12-01', 31)).toMatchObject({ lastDay: '2027-01-04', provisional: true });
  });

  test('the fallback agrees with the State Council schedule where it is known (2025, 2026)', () => {
    for (const year of [2025, 2026]) {
      for (const [date, name] of statutoryHolidaysOf(year)) {
        expect({ date, name, rest: restDay(date).rest }).toEqual({ date, name, rest: true });
      }
    }
    expect([...statutoryHolidaysOf(2026).keys()]).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25']));
  });

  test('a period is a positive whole number of days', () => {
    expect(() => periodInDays('2026-03-01', 0)).toThrow(RangeError);
    expect(() => periodInDays('2026-03-01', 1.5)).toThrow(RangeError);
  });
});
