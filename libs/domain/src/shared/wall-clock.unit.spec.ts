import { isLocalDate, isLocalMonth } from './local-time';
import { formatOffset, offsetToKeep, parseOffset, readWallClock } from './wall-clock';

describe('reading a practice-local time on its zone’s clock', () => {
  it('finds an ordinary time once, with the offset of the season', () => {
    expect(readWallClock('2026-01-15T10:00', 'America/New_York')).toEqual({ kind: 'once', offset: '-05:00' });
    expect(readWallClock('2026-07-15T10:00', 'America/New_York')).toEqual({ kind: 'once', offset: '-04:00' });
    expect(readWallClock('2026-07-15T10:00', 'Asia/Kolkata')).toEqual({ kind: 'once', offset: '+05:30' });
    expect(readWallClock('2026-07-15T10:00', 'UTC')).toEqual({ kind: 'once', offset: '+00:00' });
  });

  it.each([
    ['New York, spring forward 2026', '2026-03-08T02:30', 'America/New_York'],
    ['New York, the first minute skipped', '2026-03-08T02:00', 'America/New_York'],
    ['New York, the last minute skipped', '2026-03-08T02:59', 'America/New_York'],
    ['Chicago, spring forward 2026', '2026-03-08T02:15', 'America/Chicago'],
    ['Berlin, spring forward 2026', '2026-03-29T02:30', 'Europe/Berlin'],
    ['Lord Howe (a half-hour change)', '2026-10-04T02:15', 'Australia/Lord_Howe'],
  ])('finds no instant for a time the clocks skipped: %s', (_where, local, zone) => {
    expect(readWallClock(local, zone)).toEqual({ kind: 'skipped' });
  });

  it('finds the minutes on either side of a gap once', () => {
    expect(readWallClock('2026-03-08T01:59', 'America/New_York')).toEqual({ kind: 'once', offset: '-05:00' });
    expect(readWallClock('2026-03-08T03:00', 'America/New_York')).toEqual({ kind: 'once', offset: '-04:00' });
  });

  it.each([
    ['New York, fall back 2025', '2025-11-02T01:30', 'America/New_York', ['-04:00', '-05:00']],
    ['Chicago, fall back 2026', '2026-11-01T01:00', 'America/Chicago', ['-05:00', '-06:00']],
    ['Berlin, fall back 2026', '2026-10-25T02:59', 'Europe/Berlin', ['+02:00', '+01:00']],
  ])('finds two instants for a repeated time, earlier first: %s', (_where, local, zone, offsets) => {
    expect(readWallClock(local, zone)).toEqual({ kind: 'twice', offsets });
  });

  it('finds the minute after the repeated hour once', () => {
    expect(readWallClock('2025-11-02T02:00', 'America/New_York')).toEqual({ kind: 'once', offset: '-05:00' });
    expect(readWallClock('2025-11-02T00:59', 'America/New_York')).toEqual({ kind: 'once', offset: '-04:00' });
  });

  it('keeps an offset only for a repeated time: the one given if it is one of the two, else the first', () => {
    expect(offsetToKeep('2025-11-02T01:30', 'America/New_York', undefined)).toBe('-04:00');
    expect(offsetToKeep('2025-11-02T01:30', 'America/New_York', '-05:00')).toBe('-05:00');
    expect(offsetToKeep('2025-11-02T01:30', 'America/New_York', '+01:00')).toBe('-04:00');
    expect(offsetToKeep('2026-01-15T10:00', 'America/New_York', '-05:00')).toBeUndefined();
    expect(offsetToKeep('not a time', 'America/New_York', undefined)).toBeUndefined();
  });

  it('writes and reads offsets as ISO 8601 does', () => {
    for (const minutes of [-600, -330, 0, 330, 345, 840])
      expect(parseOffset(formatOffset(minutes))).toBe(minutes);
    expect(formatOffset(-330)).toBe('-05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });
});

describe('dates no record can hold', () => {
  it.each(['0000-01-01', '0001-01-01', '0099-12-31', '1899-12-31'])(
    '%s is not a date of this record',
    (value) => {
      expect(isLocalDate(value)).toBe(false);
    },
  );
  it.each(['1900-01-01', '1948-06-02', '2026-03-31'])('%s is', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });
  it('months too', () => {
    expect(isLocalMonth('0000-01')).toBe(false);
    expect(isLocalMonth('1899-12')).toBe(false);
    expect(isLocalMonth('1900-01')).toBe(true);
    expect(isLocalMonth('2026-03')).toBe(true);
  });
});
