import fc from 'fast-check';
import type { TimeEntry } from '../facts';
import { DR, MA, OTHER_DR, RN, SCHEDULER } from './facts-builder';

/** Test support: fast-check pieces shared by the engine's properties and the facts-document generator. */

export const pad = (n: number): string => String(n).padStart(2, '0');

export function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

export function previousMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** Day `day` of `month`, clamped to the month's last day. */
export const dayOf = (month: string, day: number): string =>
  `${month}-${pad(Math.min(Math.max(day, 1), daysIn(month)))}`;

/** A date mostly inside `month`, sometimes the day before or after it (TIME-1, TIME-15). */
export function dateAround(month: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 1, max: daysIn(month) }).map((d) => dayOf(month, d)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(dayOf(previousMonthOf(month), 31), dayOf(nextMonthOf(month), 1)),
    },
  );
}

export const arbStart: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);

/** One of the values, in proportion to the weights (unbiased: the weights are the odds). */
const pick = <T>(...pairs: [number, T][]): fc.Arbitrary<T> =>
  fc.noBias(fc.oneof(...pairs.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) }))));

/**
 * Time entry bodies of every kind the §3 step 2 filters know (ids are added by position). `OWN` stands for
 * the program of the month's track, so most generated months have something to bill. `realistic`: each
 * kind of excluded entry is the exception, as in a practice's month, rather than a third of the entries.
 */
export function entryBodies(month: string, realistic = false) {
  if (realistic) {
    return fc.record({
      date: dateAround(month),
      start: arbStart,
      minutes: fc.integer({ min: 3, max: 45 }),
      performer: pick([4, RN], [2, MA], [3, DR], [1, SCHEDULER], [1, OTHER_DR]),
      program: pick<string | string[]>(
        [8, 'OWN'],
        [1, 'CCM'],
        [1, 'PCM'],
        [2, 'RPM'],
        [1, 'TCM'],
        [1, ['CCM', 'RPM']],
      ),
      status: pick<TimeEntry['status']>([12, 'active'], [1, 'voided']),
      outcome: pick<string | null>([10, null], [1, 'unsuccessful']),
      activity: pick([6, 'care_coordination_call'], [3, 'record_review'], [1, 'prior_authorization']),
      faceToFace: pick([5, false], [1, true]),
      interactiveCommunication: fc.boolean(),
    });
  }
  return fc.record({
    date: dateAround(month),
    start: arbStart,
    minutes: fc.integer({ min: 1, max: 60 }),
    performer: fc.constantFrom(RN, RN, MA, DR, DR, SCHEDULER, OTHER_DR),
    program: fc.constantFrom<string | string[]>('OWN', 'OWN', 'OWN', 'OWN', 'CCM', 'PCM', 'RPM', 'TCM', [
      'CCM',
      'RPM',
    ]),
    status: fc.constantFrom<TimeEntry['status']>('active', 'active', 'active', 'active', 'voided'),
    outcome: fc.constantFrom<string | null>(null, null, null, 'unsuccessful'),
    activity: fc.constantFrom('care_coordination_call', 'record_review', 'prior_authorization'),
    faceToFace: fc.boolean(),
    interactiveCommunication: fc.boolean(),
  });
}

export type EntryBody = ReturnType<typeof entryBodies> extends fc.Arbitrary<infer T> ? T : never;
