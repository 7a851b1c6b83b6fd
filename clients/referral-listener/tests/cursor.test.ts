import { compareCursors, isAfter, isValidCursor, parseCursor } from '../src/cursor.js';

describe('feed cursors', () => {
  test('parse <txId>.<seq> as integers', () => {
    expect(parseCursor('12345678901234567890.3')).toEqual({ txId: 12345678901234567890n, seq: 3n });
    expect(parseCursor('7.0')).toEqual({ txId: 7n, seq: 0n });
    for (const bad of ['', '7', '7.', '.1', 'a.1', '7.1.2', '-1.0', '1.-1']) expect(parseCursor(bad)).toBeNull();
    expect(isValidCursor('99.0')).toBe(true);
    expect(isValidCursor('nope')).toBe(false);
  });

  test('compare the transaction id numerically, then the sequence', () => {
    expect(compareCursors('10.0', '9.5')).toBeGreaterThan(0); // as text, "10.0" < "9.5"
    expect(compareCursors('9.5', '10.0')).toBeLessThan(0);
    expect(compareCursors('100.2', '100.10')).toBeLessThan(0); // seq numerically too
    expect(compareCursors('100.10', '100.2')).toBeGreaterThan(0);
    expect(compareCursors('100.2', '100.2')).toBe(0);
    expect(compareCursors('18446744073709551617.0', '18446744073709551616.9')).toBeGreaterThan(0); // beyond 2^64
    expect(() => compareCursors('x', '1.0')).toThrow(/not a feed cursor/);
  });

  test('an event is new only when strictly after the saved cursor', () => {
    expect(isAfter('5.0', null)).toBe(true);
    expect(isAfter('5.0', undefined)).toBe(true);
    expect(isAfter('5.1', '5.0')).toBe(true);
    expect(isAfter('5.0', '5.0')).toBe(false);
    expect(isAfter('4.9', '5.0')).toBe(false);
    expect(isAfter('10.0', '9.0')).toBe(true);
    // Unparsable: never silently dropped, but the same cursor twice is still a duplicate.
    expect(isAfter('weird', '5.0')).toBe(true);
    expect(isAfter('weird', 'weird')).toBe(false);
  });
});
