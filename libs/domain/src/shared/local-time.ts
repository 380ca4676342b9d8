/**
 * Practice-local wall-clock values, as the billing rules use them: calendar months are the practice's
 * local months. Dates `YYYY-MM-DD`, times `HH:MM`, date-times `YYYY-MM-DDTHH:MM`, months `YYYY-MM`.
 * Values of one format compare correctly as strings.
 */
export type LocalDate = string;
export type LocalTime = string;
export type LocalDateTime = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * No date in a care record is older: the oldest living person was born after 1900, and Medicare began
 * in 1966. Year 0000 is not a Gregorian year at all, and `Date.UTC` reads years 0-99 as 1900-1999, so
 * the wall-clock arithmetic below would be wrong for them.
 */
export const EARLIEST_YEAR = 1900;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

export function isLocalDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= EARLIEST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const isLocalTime = (value: string): boolean => TIME.test(value);

/** A calendar month `YYYY-MM`, from EARLIEST_YEAR. */
export const MONTH_PATTERN = /^(19\d{2}|[2-9]\d{3})-(0[1-9]|1[0-2])$/;
export const isLocalMonth = (value: string): boolean => MONTH_PATTERN.test(value);

export function isLocalDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return match !== null && isLocalDate(match[1]) && isLocalTime(match[2]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  // Counted, not asked of a Date: month documents ask this for every minute entry they place.
  if (Number.isInteger(year) && year >= 100 && Number.isInteger(month) && month >= 1 && month <= 12) {
    if (month !== 2) return DAYS_IN_MONTH[month - 1];
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  // Date.UTC reads years 0-99 as 1900-1999, and carries months outside 1-12: kept as it was.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const dateOf = (dateTime: LocalDateTime): LocalDate => dateTime.slice(0, 10);
export const monthOf = (dateOrDateTime: string): string => dateOrDateTime.slice(0, 7);

export function lastDayOfMonth(date: LocalDate): LocalDate {
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return `${date.slice(0, 7)}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** Minutes since 1970-01-01T00:00 of the same wall clock; only for arithmetic between local values. */
export function toMinuteIndex(date: LocalDate, time: LocalTime): number {
  // Read digit by digit: the billing derivation calls this for every minute entry of every month it
  // decides, and splitting the strings was most of its cost. Anything not shaped as expected is read as
  // before, NaN and all.
  if (date.length === 10 && time.length === 5 && time.charCodeAt(2) === 58 /* : */) {
    const year = digits(date, 0, 4);
    const month = digits(date, 5, 2);
    const day = digits(date, 8, 2);
    const hours = digits(time, 0, 2);
    const minutes = digits(time, 3, 2);
    if (year >= 0 && month >= 0 && day >= 0 && hours >= 0 && minutes >= 0)
      return Date.UTC(year, month - 1, day) / 60_000 + hours * 60 + minutes;
  }
  const [hours, minutes] = time.split(':').map(Number);
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 60_000 +
    hours * 60 +
    minutes
  );
}

/** The number written by `count` decimal digits from `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Minute indexes of 1000-01-01T00:00 and 9999-12-31T23:59: four-digit years, written by arithmetic. */
const FOUR_DIGIT_YEARS = { from: Date.UTC(1000, 0, 1) / 60_000, to: Date.UTC(10_000, 0, 1) / 60_000 - 1 };

export function fromMinuteIndex(index: number): LocalDateTime {
  if (!Number.isInteger(index) || index < FOUR_DIGIT_YEARS.from || index > FOUR_DIGIT_YEARS.to)
    return new Date(index * 60_000).toISOString().slice(0, 16);
  // The civil date of a day number (days since 1970-01-01), in 400-year eras of the Gregorian calendar.
  const minuteOfDay = ((index % 1440) + 1440) % 1440;
  const days = (index - minuteOfDay) / 1440 + 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function addMinutes(date: LocalDate, time: LocalTime, minutes: number): LocalDateTime {
  return fromMinuteIndex(toMinuteIndex(date, time) + minutes);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one: one per zone, kept. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
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
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Since mid-1972 every zone's offset is whole minutes (Liberia's -0:44:30 was the last exception). */
const WHOLE_MINUTE_OFFSETS_FROM = Date.UTC(1972, 6, 1);
/** Past it `toISOString` writes six-digit years, and formatters may not agree with it. */
const FOUR_DIGIT_YEARS_UNTIL = Date.UTC(10_000, 0, 1);
const DAY_MS = 86_400_000;
/** Days of offsets kept per zone before they are forgotten: a few years of commands and records. */
const DAYS_KEPT = 4096;
const offsetsByDay = new Map<string, Map<number, number>>();

/** The zone's offset (minutes east of UTC) at the start of a UTC day, formatted once and kept. */
function offsetAtDayStart(timeZone: string, day: number): number {
  let days = offsetsByDay.get(timeZone);
  if (!days) offsetsByDay.set(timeZone, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    offset = formattedOffsetAt(day * DAY_MS, timeZone);
    if (days.size >= DAYS_KEPT) days.clear();
    days.set(day, offset);
  }
  return offset;
}

/**
 * The wall clock of `timeZone` at an instant, to the minute. Every command and every projected event asks
 * it, and formatting costs about 3 µs a call (bench/api-commands.ts profile: 5% of a command), so each
 * zone keeps its offset at the start of each UTC day: where the day ends on the same offset it started
 * with, no change happened within it (no zone changes its offset twice within a day), and the local time
 * is the instant plus that offset. Only days with a change are formatted each time.
 */
export function localDateTimeAt(instant: Date, timeZone: string): LocalDateTime {
  const offset = steadyOffsetAt(instant.getTime(), timeZone);
  return offset === undefined
    ? formatLocalDateTime(instant, timeZone)
    : fromMinuteIndex(Math.floor(instant.getTime() / 60_000) + offset);
}

/** The zone's offset from UTC at an instant (ms since the epoch), in minutes east (`-300` for UTC-5). */
export function utcOffsetMinutesAt(ms: number, timeZone: string): number {
  return steadyOffsetAt(ms, timeZone) ?? formattedOffsetAt(ms, timeZone);
}

/** The zone's offset at an instant, read from a formatter. */
function formattedOffsetAt(ms: number, timeZone: string): number {
  const local = formatLocalDateTime(new Date(ms), timeZone);
  return toMinuteIndex(local.slice(0, 10), local.slice(11, 16)) - Math.floor(ms / 60_000);
}

/** The offset at an instant when its UTC day has the same offset from start to end; else undefined. */
function steadyOffsetAt(ms: number, timeZone: string): number | undefined {
  if (!(ms >= WHOLE_MINUTE_OFFSETS_FROM && ms < FOUR_DIGIT_YEARS_UNTIL - DAY_MS)) return undefined;
  const day = Math.floor(ms / DAY_MS);
  const offset = offsetAtDayStart(timeZone, day);
  return offset === offsetAtDayStart(timeZone, day + 1) ? offset : undefined;
}

function formatLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  // One pass over the parts rather than a search per field.
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  for (const { type, value } of formatterFor(timeZone).formatToParts(instant)) {
    if (type === 'year') year = value;
    else if (type === 'month') month = value;
    else if (type === 'day') day = value;
    else if (type === 'hour') hour = value;
    else if (type === 'minute') minute = value;
  }
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Accepts a practice-local `YYYY-MM-DDTHH:MM`, or an ISO instant with `Z` or an offset (converted to the
 * practice's wall clock). Undefined when it is neither.
 */
export function normaliseToLocal(value: string, timeZone: string): LocalDateTime | undefined {
  if (isLocalDateTime(value)) return value;
  // `Date` rolls a day the month lacks into the next month (2026-02-30 becomes 2026-03-02): refuse it.
  if (INSTANT_WITH_OFFSET.test(value) && isLocalDate(value.slice(0, 10))) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return localDateTimeAt(instant, timeZone);
  }
  return undefined;
}
