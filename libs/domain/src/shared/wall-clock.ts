import { refuse, type Decision } from './decision';
import { isLocalDateTime, toMinuteIndex, utcOffsetMinutesAt, type LocalDateTime } from './local-time';

/** A UTC offset as ISO 8601 writes it: `-05:00`, `+05:30`. */
export type UtcOffset = string;
export const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/**
 * How a practice-local date-time falls on its zone's clock: at one instant, at none (the clocks skipped
 * it, spring forward), or at two (the hour repeated, fall back; earlier instant first).
 */
export type WallClockReading =
  | { readonly kind: 'once'; readonly offset: UtcOffset }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'twice'; readonly offsets: readonly [UtcOffset, UtcOffset] };

const DAY_MINUTES = 24 * 60;

const minuteIndexOf = (local: LocalDateTime): number =>
  toMinuteIndex(local.slice(0, 10), local.slice(11, 16));

/** The zone's offset, in minutes east of UTC, at an instant given in minutes since the epoch. */
const offsetAt = (instantMinutes: number, timeZone: string): number =>
  utcOffsetMinutesAt(instantMinutes * 60_000, timeZone);

export function formatOffset(minutes: number): UtcOffset {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function parseOffset(offset: UtcOffset): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/**
 * Reads a wall-clock value on a zone's clock. The offsets a day before and a day after are the only ones
 * that can apply (no zone changes its offset twice within two days); each that maps back to the same wall
 * clock is an instant the value names.
 */
export function readWallClock(local: LocalDateTime, timeZone: string): WallClockReading {
  const wall = minuteIndexOf(local);
  const offsets = [
    ...new Set([offsetAt(wall - DAY_MINUTES, timeZone), offsetAt(wall + DAY_MINUTES, timeZone)]),
  ];
  const instants = offsets
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  if (instants.length === 0) return { kind: 'skipped' };
  if (instants.length === 1) return { kind: 'once', offset: formatOffset(wall - instants[0]) };
  return { kind: 'twice', offsets: [formatOffset(wall - instants[0]), formatOffset(wall - instants[1])] };
}

/**
 * The offset to store beside a practice-local value, when its zone's clock showed it twice: the one the
 * client gave, if it is one of the two, else the first occurrence (as RFC 5545 and Temporal read an
 * ambiguous time). Undefined when the value is unambiguous (or not a date-time: refused elsewhere).
 */
export function offsetToKeep(
  local: string,
  timeZone: string,
  given: UtcOffset | undefined,
): UtcOffset | undefined {
  if (!isLocalDateTime(local)) return undefined;
  const reading = readWallClock(local, timeZone);
  if (reading.kind !== 'twice') return undefined;
  return given !== undefined && reading.offsets.includes(given) ? given : reading.offsets[0];
}

/**
 * Refuses practice-local values the practice's clock never showed (a daylight-saving gap), and an offset
 * that is not one the value had. `fields` maps each field name to its wall-clock value and the offset the
 * client gave, if any.
 */
export function refuseOffClock<E>(
  fields: Readonly<Record<string, { readonly local: string; readonly offset?: UtcOffset } | undefined>>,
  timeZone: string,
): Decision<E> | undefined {
  const skipped: string[] = [];
  const wrongOffset: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || !isLocalDateTime(value.local)) continue;
    const reading = readWallClock(value.local, timeZone);
    if (reading.kind === 'skipped') skipped.push(field);
    else if (value.offset !== undefined) {
      const possible = reading.kind === 'once' ? [reading.offset] : reading.offsets;
      if (!UTC_OFFSET.test(value.offset) || !possible.includes(value.offset)) wrongOffset.push(field);
    }
  }
  if (skipped.length > 0)
    return refuse(
      'LOCAL_TIME_SKIPPED',
      'The practice’s clocks skipped this local time (a daylight-saving change): it never happened there.',
      { fields: skipped },
    );
  if (wrongOffset.length > 0)
    return refuse(
      'OFFSET_INVALID',
      'The UTC offset is not one the practice’s clock had at that local time.',
      {
        fields: wrongOffset,
      },
    );
  return undefined;
}
