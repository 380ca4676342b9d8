import fc from 'fast-check';
import { EMPTY, intersect, length, nthMinute, normalize, subtract, union } from './intervals';
import {
  dateOfDay,
  dateOfMinute,
  dateTimeOfMinute,
  dayNumber,
  isDate,
  isDateTime,
  isMonth,
  isPeriod,
  isTime,
  lastDayOfMonth,
  minuteAt,
  monthWindow,
  shiftYears,
} from './wall-clock';

describe('wall-clock helpers', () => {
  it('validates calendar dates, times, datetimes, months and periods', () => {
    expect(['2024-02-29', '2026-12-31', '2026-01-01'].every(isDate)).toBe(true);
    expect(['2026-02-29', '2026-04-31', '2026-13-01', '26-01-01', '2026-1-01'].some(isDate)).toBe(false);
    expect(isTime('23:59')).toBe(true);
    expect(isTime('24:00') || isTime('9:00')).toBe(false);
    expect(isDateTime('2026-03-15T10:00')).toBe(true);
    expect(isDateTime('2026-03-15 10:00') || isDateTime('2026-03-15T10:00Z')).toBe(false);
    expect(isMonth('2026-03') && !isMonth('2026-00')).toBe(true);
    expect(isPeriod('2026-03-01..2026-03-30') && !isPeriod('2026-03-30..2026-03-01')).toBe(true);
  });

  it('converts dates and minutes both ways', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-03-01') - dayNumber('2026-02-28')).toBe(1);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dateTimeOfMinute(minuteAt('2026-03-31', '23:59') + 1)).toBe('2026-04-01T00:00');
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2200-12-31') }), (day) => {
        expect(dayNumber(dateOfDay(day))).toBe(day);
        expect(isDate(dateOfDay(day))).toBe(true);
      }),
    );
  });

  it('TIME-15: a service month is [1st 00:00, next 1st 00:00) of practice-local time', () => {
    const { start, end } = monthWindow('2026-02');
    expect(dateTimeOfMinute(start)).toBe('2026-02-01T00:00');
    expect(dateTimeOfMinute(end)).toBe('2026-03-01T00:00');
    expect(dateOfMinute(end - 1)).toBe('2026-02-28');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
  });

  it('shifts years for look-backs as comparable strings', () => {
    expect(shiftYears('2025-11-04', -1)).toBe('2024-11-04');
    expect('2023-02-28' < shiftYears('2024-02-29', -1) && shiftYears('2024-02-29', -1) < '2023-03-01').toBe(
      true,
    );
  });
});

describe('interval sets', () => {
  it('unions, intersects and subtracts half-open intervals', () => {
    expect(
      normalize([
        [5, 10],
        [0, 5],
        [20, 20],
      ]),
    ).toEqual([[0, 10]]);
    expect(
      union(
        [[0, 10]],
        [
          [5, 15],
          [20, 25],
        ],
      ),
    ).toEqual([
      [0, 15],
      [20, 25],
    ]);
    expect(
      intersect(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(
      subtract(
        [[0, 30]],
        [
          [5, 10],
          [20, 40],
        ],
      ),
    ).toEqual([
      [0, 5],
      [10, 20],
    ]);
    expect(length(subtract([[0, 30]], [[Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]]))).toBe(0);
    expect(subtract(EMPTY, [[0, 1]])).toEqual([]);
  });

  it('finds the minute at which a running count is reached, counting overlaps per layer', () => {
    expect(
      nthMinute(
        [
          [0, 10],
          [100, 110],
        ],
        10,
      ),
    ).toBe(9);
    expect(
      nthMinute(
        [
          [0, 10],
          [100, 110],
        ],
        11,
      ),
    ).toBe(100);
    expect(
      nthMinute(
        [
          [0, 10],
          [0, 10],
        ],
        20,
      ),
    ).toBe(9);
    expect(nthMinute([[0, 10]], 11)).toBeNull();
  });

  it('length(a ∪ b) + length(a ∩ b) = length(a) + length(b)', () => {
    const arbSet = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 })), { maxLength: 8 })
      .map((xs) => normalize(xs.map(([s, l]) => [s, s + l] as const)));
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(length(union(a, b)) + length(intersect(a, b))).toBe(length(a) + length(b));
        expect(length(subtract(a, b))).toBe(length(a) - length(intersect(a, b)));
      }),
    );
  });
});
