/**
 * Practice-local wall-clock arithmetic. Facts carry no offsets (billing-facts.md §1), so every
 * instant is a minute index counted from 1970-01-01T00:00 of the same wall clock; no Date objects.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export const MINUTES_PER_DAY = 1440;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

export function isTime(value: string): boolean {
  const m = TIME.exec(value);
  return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59;
}

export function isDateTime(value: string): boolean {
  const [date, time, ...rest] = value.split('T');
  return rest.length === 0 && date !== undefined && time !== undefined && isDate(date) && isTime(time);
}

export function isMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** `YYYY-MM-DD..YYYY-MM-DD`, inclusive, start not after end. */
export function isPeriod(value: string): boolean {
  const [start, end, ...rest] = value.split('..');
  return (
    rest.length === 0 &&
    start !== undefined &&
    end !== undefined &&
    isDate(start) &&
    isDate(end) &&
    start <= end
  );
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(date: string): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dateOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Minute index of `date` at `time` (HH:MM). */
export function minuteAt(date: string, time: string): number {
  return dayNumber(date) * MINUTES_PER_DAY + Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Minute index of a `YYYY-MM-DDTHH:MM` datetime. */
export function minuteOfDateTime(dateTime: string): number {
  return minuteAt(dateTime.slice(0, 10), dateTime.slice(11, 16));
}

export function startOfDay(date: string): number {
  return dayNumber(date) * MINUTES_PER_DAY;
}

export function dateOfMinute(minute: number): string {
  return dateOfDay(Math.floor(minute / MINUTES_PER_DAY));
}

export function dateTimeOfMinute(minute: number): string {
  const inDay = minute - Math.floor(minute / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0');
  const mm = String(inDay % 60).padStart(2, '0');
  return `${dateOfMinute(minute)}T${hh}:${mm}`;
}

export function firstDayOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}`;
}

/** The calendar month as minutes `[1st 00:00, next 1st 00:00)` (service month, §1 of ccm-rules.md). */
export function monthWindow(month: string): { start: number; end: number } {
  return {
    start: startOfDay(firstDayOfMonth(month)),
    end: startOfDay(lastDayOfMonth(month)) + MINUTES_PER_DAY,
  };
}

export function yearOfMonth(month: string): number {
  return Number(month.slice(0, 4));
}

export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}

/**
 * The same calendar date `years` earlier or later. Only ever compared as a string, so 29 February
 * shifted into a common year may stay "02-29": it still sorts between 28 February and 1 March.
 */
export function shiftYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

export function daysInclusive(startDate: string, endDate: string): number {
  return dayNumber(endDate) - dayNumber(startDate) + 1;
}
