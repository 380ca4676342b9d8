import { addMinutes, daysInMonth, toMinuteIndex, type LocalDate, type LocalTime } from '@ccm/domain';

/** Calendar months as `YYYY-MM` strings (they sort as they count). */
export function nextMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
  return months;
}

export const firstDayOf = (month: string): LocalDate => `${month}-01`;

export function lastDayOf(month: string): LocalDate {
  return `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
}

/** The last minute of the month, as a local date-time: values at or before it fall in or before the month. */
export const endOfMonth = (month: string): string => `${lastDayOf(month)}T23:59`;
export const startOfMonth = (month: string): string => `${month}-01T00:00`;

/** Months an interval `[date+start, +minutes)` has minutes in (TIME-15: each minute belongs to its own date). */
export function monthsOfInterval(date: LocalDate, start: LocalTime, minutes: number): string[] {
  const first = date.slice(0, 7);
  const last = addMinutes(date, start, Math.max(minutes, 1) - 1).slice(0, 7);
  return first === last ? [first] : monthRange(first, last);
}

/** Minutes of `[date+start, +minutes)` that fall inside the month. */
export function minutesInMonth(date: LocalDate, start: LocalTime, minutes: number, month: string): number {
  const from = toMinuteIndex(date, start);
  const to = from + minutes;
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7)) - 1;
  // Date.UTC carries December into January of the next year.
  const monthFrom = Date.UTC(year, monthIndex, 1) / 60_000;
  const monthTo = Date.UTC(year, monthIndex + 1, 1) / 60_000;
  return Math.max(0, Math.min(to, monthTo) - Math.max(from, monthFrom));
}
