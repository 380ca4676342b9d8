import fc from 'fast-check';
import {
  addMinutes,
  dateOf,
  daysInMonth,
  fromMinuteIndex,
  isLocalDate,
  isLocalDateTime,
  isLocalTime,
  isValidTimeZone,
  lastDayOfMonth,
  localDateTimeAt,
  monthOf,
  normaliseToLocal,
  toMinuteIndex,
} from './local-time';

describe('practice-local wall-clock values', () => {
  describe('dates', () => {
    it.each(['2026-03-31', '2028-02-29', '2000-02-29', '1948-06-02'])('%s is a local date', (value) => {
      expect(isLocalDate(value)).toBe(true);
    });

    it.each([
      ['a day the month lacks', '2026-04-31'],
      ['29 February outside a leap year', '2026-02-29'],
      ['29 February of a century that is not a leap year', '2100-02-29'],
      ['month 13', '2026-13-01'],
      ['day zero', '2026-03-00'],
      ['unpadded parts', '2026-3-1'],
      ['a date-time', '2026-03-31T18:00'],
    ])('%s is not a local date (%s)', (_why, value) => {
      expect(isLocalDate(value)).toBe(false);
    });
  });

  describe('times', () => {
    it.each(['00:00', '09:05', '23:59'])('%s is a local time', (value) => {
      expect(isLocalTime(value)).toBe(true);
    });

    it.each(['24:00', '9:00', '12:60', '12:00:00'])('%s is not a local time', (value) => {
      expect(isLocalTime(value)).toBe(false);
    });
  });

  describe('date-times', () => {
    it('joins a valid date and a valid time with T, with no seconds and no offset', () => {
      expect(isLocalDateTime('2026-03-31T18:00')).toBe(true);
      expect(isLocalDateTime('2026-02-29T18:00')).toBe(false);
      expect(isLocalDateTime('2026-03-31T24:00')).toBe(false);
      expect(isLocalDateTime('2026-03-31T18:00:00')).toBe(false);
      expect(isLocalDateTime('2026-03-31T18:00Z')).toBe(false);
      expect(isLocalDateTime('2026-03-31 18:00')).toBe(false);
    });

    it('compare chronologically as plain strings', () => {
      expect('2026-03-31T09:00' < '2026-03-31T18:00').toBe(true);
      expect('2026-02-28T23:59' < '2026-03-01T00:00').toBe(true);
    });

    it('give their date and their YYYY-MM month', () => {
      expect(dateOf('2026-03-31T18:00')).toBe('2026-03-31');
      expect(monthOf('2026-03-31T18:00')).toBe('2026-03');
      expect(monthOf('2026-03-31')).toBe('2026-03');
    });
  });

  describe('calendar months (the service month, TIME-1)', () => {
    it.each([
      [2026, 1, 31],
      [2026, 2, 28],
      [2028, 2, 29],
      [2000, 2, 29],
      [2100, 2, 28],
      [2026, 4, 30],
      [2026, 12, 31],
    ])('%i-%i has %i days', (year, month, days) => {
      expect(daysInMonth(year, month)).toBe(days);
    });

    it.each([
      ['2026-03-12', '2026-03-31'],
      ['2026-02-01', '2026-02-28'],
      ['2028-02-10', '2028-02-29'],
      ['2025-12-15', '2025-12-31'],
      ['2026-04-30', '2026-04-30'],
    ])('the last day of the month of %s is %s', (date, last) => {
      expect(lastDayOfMonth(date)).toBe(last);
    });
  });

  describe('minute arithmetic', () => {
    it('adds minutes within a day', () => {
      expect(addMinutes('2026-03-10', '14:00', 25)).toBe('2026-03-10T14:25');
    });

    it('crosses midnight into the next date (TIME-15)', () => {
      expect(addMinutes('2026-03-10', '23:50', 20)).toBe('2026-03-11T00:10');
    });

    it('crosses a month end and a year end', () => {
      expect(addMinutes('2026-02-28', '23:30', 45)).toBe('2026-03-01T00:15');
      expect(addMinutes('2028-02-28', '23:30', 45)).toBe('2028-02-29T00:15');
      expect(addMinutes('2025-12-31', '23:59', 2)).toBe('2026-01-01T00:01');
    });

    it('ignores daylight saving: local values are wall-clock minutes, not instants', () => {
      // 2026-03-08 02:00 does not exist in New York, but wall-clock arithmetic stays uniform.
      expect(addMinutes('2026-03-08', '01:30', 60)).toBe('2026-03-08T02:30');
    });

    it('round-trips through the minute index', () => {
      const index = toMinuteIndex('2026-03-31', '18:00');
      expect(fromMinuteIndex(index)).toBe('2026-03-31T18:00');
      expect(toMinuteIndex('2026-04-01', '00:00') - index).toBe(6 * 60);
    });

    it('writes any minute index as the Date object does', () => {
      const byDate = (index: number) => new Date(index * 60_000).toISOString().slice(0, 16);
      const year1000 = Date.UTC(1000, 0, 1) / 60_000;
      const year10000 = Date.UTC(10_000, 0, 1) / 60_000;
      fc.assert(
        fc.property(fc.integer({ min: year1000 - 2_000_000, max: year10000 + 2_000_000 }), (index) => {
          expect(fromMinuteIndex(index)).toBe(byDate(index));
        }),
        { numRuns: 5_000 },
      );
      for (const index of [year1000, year1000 - 1, year10000, year10000 - 1, 0, -1, 1439, 1440])
        expect(fromMinuteIndex(index)).toBe(byDate(index));
      expect(fromMinuteIndex(toMinuteIndex('2028-02-29', '23:59'))).toBe('2028-02-29T23:59');
      expect(() => fromMinuteIndex(Number.NaN)).toThrow(RangeError);
    });

    it('counts the days of any month as the Date object does', () => {
      fc.assert(
        fc.property(fc.integer({ min: -5, max: 10_000 }), fc.integer({ min: -2, max: 14 }), (year, month) => {
          expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
        }),
        { numRuns: 2_000 },
      );
      expect([1900, 2000, 2024, 2026, 2100].map((year) => daysInMonth(year, 2))).toEqual([
        28, 29, 29, 28, 28,
      ]);
    });

    it('reads any date and time as the split-and-convert reading does, malformed ones as NaN', () => {
      const slowReading = (date: string, time: string): number => {
        const [hours, minutes] = time.split(':').map(Number);
        return (
          Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
            60_000 +
          hours * 60 +
          minutes
        );
      };
      const padded = (width: number, max: number) =>
        fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, '0'));
      const date = fc.tuple(padded(4, 9999), padded(2, 12), padded(2, 31)).map((p) => p.join('-'));
      const time = fc.tuple(padded(2, 23), padded(2, 59)).map((p) => p.join(':'));
      fc.assert(
        fc.property(date, time, (d, t) => {
          expect(toMinuteIndex(d, t)).toBe(slowReading(d, t));
        }),
      );
      fc.assert(
        fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 6 }), (d, t) => {
          expect(toMinuteIndex(d, t)).toBe(slowReading(d, t));
        }),
      );
      // Digits where they belong, anything between them.
      const shaped = (widths: readonly number[]) =>
        fc
          .tuple(
            ...widths.map((w) => fc.stringMatching(new RegExp(`^\\d{${w}}$`))),
            fc.string({ minLength: 1, maxLength: 1 }),
          )
          .map((parts) => parts.slice(0, -1).join(parts[parts.length - 1]));
      fc.assert(
        fc.property(shaped([4, 2, 2]), shaped([2, 2]), (d, t) => {
          expect(toMinuteIndex(d, t)).toBe(slowReading(d, t));
        }),
      );
      expect(toMinuteIndex('2026-01-01', '12a34')).toBeNaN();
      expect(toMinuteIndex('2026-0a-01', '10:00')).toBeNaN();
      expect(toMinuteIndex('2026-01-01', '1x:00')).toBeNaN();
    });
  });

  describe('time zones', () => {
    it('knows IANA zones and rejects invented ones', () => {
      expect(isValidTimeZone('America/New_York')).toBe(true);
      expect(isValidTimeZone('UTC')).toBe(true);
      expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    });

    it('reads the wall clock of a zone at an instant, in standard and in daylight time', () => {
      expect(localDateTimeAt(new Date('2026-01-15T15:00:00Z'), 'America/New_York')).toBe('2026-01-15T10:00');
      expect(localDateTimeAt(new Date('2026-07-15T15:00:00Z'), 'America/New_York')).toBe('2026-07-15T11:00');
    });

    const zones = [
      'America/New_York',
      'America/St_Johns',
      'Europe/London',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
      'Asia/Kathmandu',
      'UTC',
    ];
    const referenceFormatters = new Map<string, Intl.DateTimeFormat>();
    const fresh = (instant: Date, timeZone: string): string => {
      let formatter = referenceFormatters.get(timeZone);
      if (!formatter) {
        formatter = new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        });
        referenceFormatters.set(timeZone, formatter);
      }
      const parts = formatter.formatToParts(instant);
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
    };

    it('answers from its per-zone offsets exactly as a formatter does, minute by minute across offset changes', () => {
      // Northern and southern daylight-saving changes of 2026, and the day Samoa skipped (30 December 2011).
      const spans = [
        [Date.UTC(2026, 2, 6), Date.UTC(2026, 3, 8)],
        [Date.UTC(2026, 8, 25), Date.UTC(2026, 10, 4)],
        [Date.UTC(2011, 11, 28), Date.UTC(2012, 0, 2)],
      ];
      for (const zone of zones) {
        for (const [from, to] of spans) {
          for (let ms = from; ms < to; ms += 7 * 60_000 + 13_000) {
            const instant = new Date(ms);
            if (localDateTimeAt(instant, zone) !== fresh(instant, zone))
              expect([zone, instant.toISOString(), localDateTimeAt(instant, zone)]).toEqual([
                zone,
                instant.toISOString(),
                fresh(instant, zone),
              ]);
          }
        }
      }
    });

    it('answers from its per-zone offsets exactly as a formatter does, at any instant', () => {
      // Instants near one another (as a command asks), around a daylight-saving change, far apart, and
      // anywhere from before whole-minute offsets to far in the future.
      const around = Date.UTC(2026, 2, 8, 6, 59, 0);
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.oneof(
                fc.integer({ min: -300_000, max: 300_000 }),
                fc.integer({ min: -4e10, max: 4e10 }),
                fc.integer({ min: Date.UTC(1900, 0, 1) - around, max: Date.UTC(2400, 0, 1) - around }),
              ),
              fc.constantFrom(...zones),
            ),
            { minLength: 1, maxLength: 40 },
          ),
          (asks) => {
            for (const [offsetMs, zone] of asks) {
              const instant = new Date(around + offsetMs);
              expect(localDateTimeAt(instant, zone)).toBe(fresh(instant, zone));
            }
          },
        ),
      );
    });

    it('writes midnight as 00:00 of the new day, never 24:00', () => {
      expect(localDateTimeAt(new Date('2026-04-01T04:00:00Z'), 'America/New_York')).toBe('2026-04-01T00:00');
    });

    it('puts an instant in the practice’s month, not UTC’s', () => {
      // 02:30 UTC on 1 April is still 31 March in Los Angeles.
      expect(localDateTimeAt(new Date('2026-04-01T02:30:00Z'), 'America/Los_Angeles')).toBe(
        '2026-03-31T19:30',
      );
    });
  });

  describe('normalising input to the practice wall clock', () => {
    const zone = 'America/New_York';

    it('keeps a local date-time as it is', () => {
      expect(normaliseToLocal('2026-03-31T18:00', zone)).toBe('2026-03-31T18:00');
    });

    it('converts an instant with Z or an offset, with or without seconds', () => {
      expect(normaliseToLocal('2026-03-31T22:00Z', zone)).toBe('2026-03-31T18:00');
      expect(normaliseToLocal('2026-03-31T22:00:30.250Z', zone)).toBe('2026-03-31T18:00');
      expect(normaliseToLocal('2026-03-31T20:00-02:00', zone)).toBe('2026-03-31T18:00');
    });

    it.each([
      ['free text', 'yesterday afternoon'],
      ['a date alone', '2026-03-31'],
      ['an instant without an offset but with seconds', '2026-03-31T18:00:00'],
      ['an impossible local date', '2026-02-30T10:00'],
      ['an instant on a day the month lacks', '2026-02-30T10:00Z'],
      ['an instant on 29 February outside a leap year', '2026-02-29T10:00+01:00'],
      ['an instant with an hour past 24', '2026-02-01T25:00Z'],
    ])('gives undefined for %s (%s)', (_why, value) => {
      expect(normaliseToLocal(value, zone)).toBeUndefined();
    });
  });
});
