/**
 * Given a patient's observations as the api records them (late, corrected into another month, voided),
 * then what the care-outcomes read model keeps: each month's latest reading in the patient's record, the
 * month's readings in a document of their own, and where each reading lies.
 */
import { addDays, currentObservations, type PatientCommand } from '@ccm/domain';
import { decodePatientEvent, firstDayOf, lastDayOf } from '@ccm/patient-months';
import fc from 'fast-check';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { projectEvents } from '../testing/project-events';
import { PRACTICE, Scenario } from '../testing/scenario';
import {
  careOutcomesProjection,
  CARE_OUTCOMES,
  outcomeRecordKey,
  PLACEMENT_COLLECTION,
  READINGS_COLLECTION,
} from './care-outcomes.projection';
import { outcomeMetricsFor } from './outcome-metrics';
import type { OutcomeRecord } from './outcome-record';

const bp = (observationId: string, takenAt: string, systolicMmHg: number): PatientCommand => ({
  type: 'RecordObservation',
  data: {
    observationId,
    takenAt,
    measurement: { kind: 'blood_pressure', systolicMmHg, diastolicMmHg: 80 },
    source: { type: 'staff' },
  },
});
const a1c = (observationId: string, takenAt: string, a1cPercent: number): PatientCommand => ({
  type: 'RecordObservation',
  data: { observationId, takenAt, measurement: { kind: 'a1c', a1cPercent }, source: { type: 'staff' } },
});

async function given(commands: readonly PatientCommand[], batchSize = 3) {
  const scenario = new Scenario();
  await scenario.practice();
  await scenario.enrol('pt-1');
  scenario.at('2026-03-31T15:00:00Z');
  for (const command of commands) await scenario.run('pt-1', command, 'care_manager');
  const store = new SqliteReadModelStore({ filename: ':memory:' });
  const events = await scenario.events();
  await projectEvents(store, events, {
    projections: [careOutcomesProjection],
    batchSize,
  });
  const ref = { projection: CARE_OUTCOMES, version: (await store.activeVersion(CARE_OUTCOMES))! };
  const read = async (collection: string, id: string) => {
    const [found] = await store.getDocuments(ref, [{ practiceId: PRACTICE, collection, id }]);
    return found && JSON.parse(found.json);
  };
  const [record] = await store.getDocuments(ref, [outcomeRecordKey(PRACTICE, 'pt-1')]);
  const answer = {
    record: JSON.parse(record!.json) as OutcomeRecord,
    readings: (month: string) => read(READINGS_COLLECTION, `pt-1:${month}`),
    placement: (observationId: string) => read(PLACEMENT_COLLECTION, `pt-1:${observationId}`),
    events: events.flatMap((e) => decodePatientEvent(e)?.event ?? []),
  };
  stores.push(store);
  return answer;
}

const stores: SqliteReadModelStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const BEFORE_AND_AFTER_ENROLMENT: PatientCommand[] = [
  bp('o-dec', '2025-12-20T09:00', 150),
  bp('o-edge', '2026-01-03T09:00', 128),
  bp('o-jan', '2026-01-20T09:00', 160),
  a1c('a-feb', '2026-02-10T08:00', 9.5),
  bp('o-feb', '2026-02-15T10:00', 135),
  {
    type: 'RecordObservation',
    data: {
      observationId: 'w-feb',
      takenAt: '2026-02-16T10:00',
      measurement: { kind: 'weight', weight: 80, weightUnit: 'kg' },
      source: { type: 'staff' },
    },
  },
];

describe('care outcomes: the readings of a patient', () => {
  it('keeps the latest of each month, and of the month enrolment starts in, the latest before it', async () => {
    const { record, readings, placement } = await given(BEFORE_AND_AFTER_ENROLMENT);
    expect(record.enrolledOn).toBe('2026-01-05');
    expect(record.bloodPressureByMonth).toEqual({
      '2025-12': ['2025-12-20T09:00', 150, 80],
      '2026-01': ['2026-01-20T09:00', 160, 80],
      '2026-02': ['2026-02-15T10:00', 135, 80],
    });
    expect(record.a1cByMonth).toEqual({ '2026-02': ['2026-02-10T08:00', 9.5] });
    expect(record.beforeEnrolment).toEqual({ bloodPressure: ['2026-01-03T09:00', 128, 80] });
    expect(await readings('2026-01')).toEqual({
      bloodPressures: { 'o-edge': ['2026-01-03T09:00', 128, 80], 'o-jan': ['2026-01-20T09:00', 160, 80] },
      a1cs: {},
    });
    expect(await placement('o-feb')).toEqual({ month: '2026-02' });
    // The figures read blood pressures and A1c results only.
    expect(await placement('w-feb')).toBeUndefined();
  });

  it('moves a corrected reading to the month it was taken in, and drops a voided one', async () => {
    const { record, readings, placement } = await given([
      ...BEFORE_AND_AFTER_ENROLMENT,
      {
        type: 'CorrectObservation',
        data: {
          observationId: 'o-feb',
          takenAt: '2026-03-02T10:00',
          measurement: { kind: 'blood_pressure', systolicMmHg: 138, diastolicMmHg: 86 },
          reason: 'Wrong day entered',
        },
      },
      { type: 'VoidObservation', data: { observationId: 'o-edge', reason: 'Entered on the wrong patient' } },
      { type: 'VoidObservation', data: { observationId: 'a-feb', reason: 'Entered on the wrong patient' } },
    ]);
    expect(record.bloodPressureByMonth).toEqual({
      '2025-12': ['2025-12-20T09:00', 150, 80],
      '2026-01': ['2026-01-20T09:00', 160, 80],
      '2026-03': ['2026-03-02T10:00', 138, 86],
    });
    expect(record.a1cByMonth).toEqual({});
    // The month's one reading before enrolment is voided: the figures look back to December's.
    expect(record.beforeEnrolment).toEqual({});
    expect(await readings('2026-02')).toBeUndefined();
    expect(await readings('2026-03')).toEqual({
      bloodPressures: { 'o-feb': ['2026-03-02T10:00', 138, 86] },
      a1cs: {},
    });
    expect(await placement('o-feb')).toEqual({ month: '2026-03' });
    expect(await placement('o-edge')).toBeUndefined();
    expect(record.revision).toBe(9);
  });

  it('keeps the record the same size however many readings the patient has', async () => {
    const daily = Array.from({ length: 60 }, (_, i) =>
      bp(`o-${i}`, `2026-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}T08:00`, 120 + i),
    );
    const { record, readings } = await given(daily);
    expect(Object.keys(record.bloodPressureByMonth)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(record.bloodPressureByMonth['2026-02']).toEqual(['2026-02-28T08:00', 175, 80]);
    expect(Object.keys((await readings('2026-02')).bloodPressures)).toHaveLength(28);
  });

  it('gives the figures the latest reading of any window, as the current readings give it', async () => {
    const day = (n: number) => addDays('2024-12-01', n);
    // Days anywhere from December 2024, and often around enrolment (5 January 2026, day 400).
    const anyDay = fc.oneof(fc.integer({ min: 0, max: 480 }), fc.integer({ min: 390, max: 410 }));
    const reading = fc.record({
      day: anyDay,
      systolic: fc.integer({ min: 120, max: 160 }),
    });
    const change = fc.record({
      target: fc.nat(),
      voids: fc.boolean(),
      day: anyDay,
      systolic: fc.integer({ min: 120, max: 160 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(reading, { minLength: 1, maxLength: 10 }),
        fc.array(change, { maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        async (readings, changes, batchSize) => {
          const commands = readings.map((r, i) => bp(`o-${i}`, `${day(r.day)}T09:00`, r.systolic));
          const voided = new Set<number>();
          for (const c of changes) {
            const target = c.target % readings.length;
            if (voided.has(target)) continue;
            const observationId = `o-${target}`;
            if (c.voids) voided.add(target);
            commands.push(
              c.voids
                ? { type: 'VoidObservation', data: { observationId, reason: 'Wrong patient' } }
                : {
                    type: 'CorrectObservation',
                    data: {
                      observationId,
                      takenAt: `${day(c.day)}T10:00`,
                      measurement: { kind: 'blood_pressure', systolicMmHg: c.systolic, diastolicMmHg: 80 },
                      reason: 'Wrong day entered',
                    },
                  },
            );
          }
          const { record, events } = await given(commands, batchSize);
          const current = currentObservations(events);
          const latestIn = (from: string, to: string) =>
            current.filter((o) => o.takenAt.slice(0, 10) >= from && o.takenAt.slice(0, 10) <= to).at(-1);
          const controlled = (o: (typeof current)[number] | undefined) =>
            o?.measurement.kind === 'blood_pressure' && o.measurement.systolicMmHg < 140 ? 1 : 0;
          const before = latestIn(addDays(record.enrolledOn, -365), addDays(record.enrolledOn, -1));
          // Each month the patient is enrolled in, and the first month of the year ending with it.
          for (const [month, yearFrom] of [
            ['2026-01', '2025-02'],
            ['2026-02', '2025-03'],
            ['2026-03', '2025-04'],
          ]) {
            const figures = outcomeMetricsFor([record], month, '2026-03-31').bloodPressureControlled;
            const now = latestIn(firstDayOf(yearFrom), lastDayOf(month));
            expect([figures.denominator, figures.numerator]).toEqual([now ? 1 : 0, controlled(now)]);
            expect([figures.beforeEnrolment.denominator, figures.beforeEnrolment.numerator]).toEqual([
              before ? 1 : 0,
              controlled(before),
            ]);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
