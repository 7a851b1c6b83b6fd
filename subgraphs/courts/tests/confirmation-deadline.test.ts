import { checkConfirmationDeadline, chinaDate, confirmationDeadline } from '../src/confirmation-deadline.js';

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
      checkConfirmationDeadline(cst('2026-01-01T09:00:00'), cst('2026-02-01T09:00:00'));
      throw new Error('expected a refusal');
    } catch (e: any) {
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'JUDICIAL_CONFIRMATION_DEADLINE', field: 'settlementEffectiveAt', deadline: '2026-01-31' });
    }
  });

  test('an agreement that has not taken effect yet is refused', () => {
    expect(() => checkConfirmationDeadline(cst('2026-05-02T09:00:00'), cst('2026-05-01T09:00:00'))).toThrow(/not taken effect/);
  });
});
