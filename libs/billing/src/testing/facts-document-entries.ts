import fc from 'fast-check';
import type { ConsentProgram, DevicePeriod, TimeEntry } from '../facts';
import { dateOfDay, dayNumber } from '../wall-clock';
import { arbStart, dateAround, dayOf, previousMonthOf, type EntryBody } from './arbitraries';
import { mostly, weighted } from './facts-document-parts';

/** Test support: the time entries and device periods of a generated facts document. */

const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days);

export function devicePeriods(month: string): fc.Arbitrary<DevicePeriod[]> {
  const first = fc.oneof(
    fc.integer({ min: 15, max: 28 }).map((d) => dayOf(previousMonthOf(month), d)),
    fc.integer({ min: 1, max: 12 }).map((d) => dayOf(month, d)),
  );
  return fc
    .tuple(
      first,
      fc.option(fc.integer({ min: 30, max: 34 })),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 30 }),
    )
    .map(([start, gap, days1, days2]) => {
      const periods = [{ start, end: addDays(start, 29), daysWithTransmittedData: days1 }];
      if (gap !== null) {
        const next = addDays(start, gap);
        periods.push({ start: next, end: addDays(next, 29), daysWithTransmittedData: days2 });
      }
      return periods;
    });
}

export const extras = fc.record({
  duringBilledEm: mostly<string | null>(null, '99214', 12),
  patientContact: weighted<boolean | null>([8, fc.constant(null)], [1, fc.boolean()]),
  jointWith: mostly<string[] | null>(null, ['ma-chen'], 8),
  reallocatedFrom: weighted<string[] | null>(
    [12, fc.constant(null)],
    [1, fc.constantFrom(['CCM', 'RPM'], ['CCM', 'PCM'])],
  ),
});

/** TIME-16: which entry a later one supersedes, with what minutes (and sometimes another date or start). */
export const supersession = (month: string) =>
  fc.record({
    index: fc.nat(),
    minutes: fc.integer({ min: 1, max: 60 }),
    moved: weighted<{ date: string; start: string } | null>(
      [2, fc.constant(null)],
      [1, fc.record({ date: dateAround(month), start: arbStart })],
    ),
    sameContent: mostly(true, false, 2),
  });

export type Supersession = ReturnType<typeof supersession> extends fc.Arbitrary<infer T> ? T : never;

export function timeEntries(
  bodies: readonly EntryBody[],
  more: readonly {
    duringBilledEm: string | null;
    patientContact: boolean | null;
    jointWith: string[] | null;
    reallocatedFrom: string[] | null;
  }[],
  pairs: readonly Supersession[],
  family: ConsentProgram,
): TimeEntry[] {
  const own = family === 'PCM' ? 'PCM' : 'CCM';
  const entries: TimeEntry[] = bodies.map((b, i) => {
    const program = b.program === 'OWN' ? own : b.program;
    const x = more[i];
    return {
      id: `e${i}`,
      ...b,
      program,
      ...(x.duringBilledEm ? { duringBilledEm: x.duringBilledEm } : {}),
      ...(x.patientContact !== null ? { patientContact: x.patientContact } : {}),
      ...(x.jointWith ? { jointWith: x.jointWith } : {}),
      ...(x.reallocatedFrom && typeof program === 'string' && x.reallocatedFrom.includes(program)
        ? { reallocatedFrom: x.reallocatedFrom }
        : {}),
    };
  });
  // TIME-16: an entry superseded by a later one (a correction of its minutes, or a rewrite).
  for (const pair of pairs) {
    if (entries.length === 0) break;
    const i = pair.index % entries.length;
    const a = entries[i];
    if (a.status !== 'active' || a.supersedes || a.id.endsWith('r')) continue;
    const b: TimeEntry = {
      ...a,
      id: `${a.id}r`,
      minutes: pair.minutes,
      ...(pair.moved ?? {}),
      supersedes: a.id,
      ...(pair.sameContent
        ? {}
        : { activity: a.activity === 'record_review' ? 'care_coordination_call' : 'record_review' }),
    };
    entries[i] = { ...a, status: 'superseded', supersededBy: b.id };
    entries.push(b);
  }
  return entries;
}
