import { checkConfirmationDeadline, chinaDate, confirmationDeadline, confirmationPeriod } from '../src/confirmation-deadline.js';

const cst = (s: string) => new Date(`${s}+08:00`);

describe('the 30-day period for judicial confirmation', () => {
  test('the day the agreement takes effect is not counted: effective 1 March, the last day is 31 March', () => {
    expect(confirmationDeadline(cst('2026-03-01T10:00:00'))).toBe('2026-03-31');
    expect(() => checkConfirmationDeadline(cst('2026-03-01T10:00:00'), cst('2026-03-31T23:59:59'))).not.toThrow();
    expect(() => checkConfirmationDeadline(cst('2026-03-01T10:00:00'), cst('2026-04-01T00:00:00'))).toThrow(/deadline was 2026-03-31/);
  });

  test('days are China Standard Time calendar days, whatever the UTC date', () => {
    // 2026-02-28 20:00 UTC is already 1 March in China.
    const effective = new Date('2026-02-28T20:00:00Z');
    expect(chinaDate(effective)).toBe('2026-03-01');
    expect(confirmationDeadline(effective)).toBe('2026-03-31');
  });

  test('the refusal carries the rule, the field and the deadline', () => {
    try {
      checkConfirmationDeadline(cst('2026-03-01T09:00:00'), cst('2026-04-01T09:00:00'));
      throw new Error('expected a refusal');
    } catch (e: any) {
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'JUDICIAL_CONFIRMATION_DEADLINE', field: 'settlementEffectiveAt', deadline: '2026-03-31' });
    }
  });

  test('a last day on the National Day holiday 2026 moves to the first working day after it (art. 85)', () => {
    // Effective 1 September: day 30 is 1 October, a holiday until 7 October.
    expect(confirmationPeriod(cst('2026-09-01T10:00:00'))).toMatchObject({ nominalLastDay: '2026-10-01', lastDay: '2026-10-08', provisional: false });
    expect(() => checkConfirmationDeadline(cst('2026-09-01T10:00:00'), cst('2026-10-08T17:00:00'))).not.toThrow();
    expect(() => checkConfirmationDeadline(cst('2026-09-01T10:00:00'), cst('2026-10-09T09:00:00'))).toThrow(/deadline was 2026-10-08 \(2026-10-01 was a statutory rest day/);
    // The day before the holiday is an ordinary last day.
    expect(confirmationDeadline(cst('2026-08-31T10:00:00'))).toBe('2026-09-30');
    // Saturday 10 October is a working day (调休): not moved.
    expect(confirmationDeadline(cst('2026-09-10T10:00:00'))).toBe('2026-10-10');
  });

  test('a last day in the Spring Festival holiday 2026 moves past it; the working Saturday before it does not', () => {
    expect(confirmationPeriod(cst('2026-01-16T10:00:00'))).toMatchObject({ nominalLastDay: '2026-02-15', lastDay: '2026-02-24' });
    expect(() => checkConfirmationDeadline(cst('2026-01-16T10:00:00'), cst('2026-02-24T09:00:00'))).not.toThrow();
    // Effective 15 January: day 30 is Saturday 14 February, a working day; the holiday after it does not help.
    expect(confirmationDeadline(cst('2026-01-15T10:00:00'))).toBe('2026-02-14');
    expect(() => checkConfirmationDeadline(cst('2026-01-15T10:00:00'), cst('2026-02-15T09:00:00'))).toThrow(/deadline was 2026-02-14\./);
  });

  test('an ordinary weekend moves the last day too: effective 1 January 2026, day 30 is Saturday 31 January', () => {
    expect(confirmationDeadline(cst('2026-01-01T09:00:00'))).toBe('2026-02-02');
    expect(() => checkConfirmationDeadline(cst('2026-01-01T09:00:00'), cst('2026-02-02T09:00:00'))).not.toThrow();
  });

  test('an agreement that has not taken effect yet is refused', () => {
    expect(() => checkConfirmationDeadline(cst('2026-05-02T09:00:00'), cst('2026-05-01T09:00:00'))).toThrow(/not taken effect/);
  });
});
