import { givenPatient } from '../testing/decider-spec';
import { NOW, OTHER_ACTOR, defaultContext, patientEnrolled } from '../testing/fixtures';
import {
  BP,
  observationRecorded,
  periodRecorded,
  recordObservation,
  rpmEnrolled,
  type Plain,
} from '../testing/observation-fixtures';
import type { MeasurementInput, ObservationSource } from './observations.events';
import { poundsToKg } from './plausibility';

describe('clinical observations', () => {
  describe('RecordObservation', () => {
    it.each<[string, Plain]>([
      ['a blood pressure', BP],
      ['an A1c', { kind: 'a1c', a1cPercent: 7.4 }],
      ['a fasting glucose', { kind: 'glucose', glucoseMgDl: 126, glucoseTiming: 'fasting' }],
      ['a random glucose', { kind: 'glucose', glucoseMgDl: 212, glucoseTiming: 'random' }],
    ])('records %s, attributed to the acting user', (_, measurement) => {
      givenPatient(patientEnrolled())
        .when(recordObservation(measurement))
        .then(observationRecorded(measurement));
    });

    it('records a weight in kilograms as it is', () => {
      givenPatient(patientEnrolled())
        .when(recordObservation({ kind: 'weight', weight: 82.5, weightUnit: 'kg' }))
        .then(observationRecorded({ kind: 'weight', weightKg: 82.5 }));
    });

    it('converts a weight in pounds to kilograms to one decimal, keeping what was entered', () => {
      givenPatient(patientEnrolled())
        .when(recordObservation({ kind: 'weight', weight: 180, weightUnit: 'lb' }))
        .then(observationRecorded({ kind: 'weight', weightKg: 81.6, enteredAs: { value: 180, unit: 'lb' } }));
      expect(poundsToKg(1)).toBe(0.5);
    });

    it('records a value imported from an EHR, naming the system', () => {
      const source: ObservationSource = { type: 'imported', system: 'Epic' };
      givenPatient(patientEnrolled())
        .when(recordObservation({ kind: 'a1c', a1cPercent: 8.1 }, { source }))
        .then(observationRecorded({ kind: 'a1c', a1cPercent: 8.1 }, { source }));
    });

    it('records a device reading in an RPM device period recorded on the patient', () => {
      const source: ObservationSource = { type: 'rpm_device', rpmPeriodId: 'p-1' };
      givenPatient(patientEnrolled(), rpmEnrolled, periodRecorded)
        .when(recordObservation(BP, { source }))
        .then(observationRecorded(BP, { source }));
    });

    it('refuses a device reading whose period is not recorded on the patient', () => {
      givenPatient(patientEnrolled(), rpmEnrolled)
        .when(recordObservation(BP, { source: { type: 'rpm_device', rpmPeriodId: 'p-9' } }))
        .thenRefuses('RPM_PERIOD_NOT_FOUND', { fields: ['rpmPeriodId'] });
    });

    it('refuses a device reading taken outside its period', () => {
      givenPatient(patientEnrolled(), rpmEnrolled, periodRecorded)
        .when(
          recordObservation(BP, {
            source: { type: 'rpm_device', rpmPeriodId: 'p-1' },
            takenAt: '2026-03-31T08:00',
          }),
        )
        .thenRefuses('OBSERVATION_OUTSIDE_RPM_PERIOD', { fields: ['takenAt'] });
    });

    it('refuses an imported value with a blank system name', () => {
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { source: { type: 'imported', system: '  ' } }))
        .thenRefuses('OBSERVATION_SOURCE_INVALID', { fields: ['sourceSystem'] });
    });

    it('records a value taken this very minute, and months late', () => {
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { takenAt: NOW }))
        .then(observationRecorded(BP, { takenAt: NOW }));
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { takenAt: '2025-06-01T08:00' }))
        .then(observationRecorded(BP, { takenAt: '2025-06-01T08:00' }));
    });

    it('refuses a value taken after now, or at a time that is not one', () => {
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { takenAt: '2026-03-31T18:01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['takenAt'] });
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { takenAt: '2026-02-30T08:00' }))
        .thenRefuses('DATE_INVALID', { fields: ['takenAt'] });
      givenPatient(patientEnrolled())
        .when(recordObservation(BP, { takenAt: '2026-03-08T02:30' }))
        .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['takenAt'] });
    });

    describe('refuses a physiologically implausible value, naming the field', () => {
      it.each<[string, MeasurementInput, string[]]>([
        [
          'a BP of 400/20',
          { kind: 'blood_pressure', systolicMmHg: 400, diastolicMmHg: 20 },
          ['systolicMmHg'],
        ],
        [
          'a diastolic of 10',
          { kind: 'blood_pressure', systolicMmHg: 120, diastolicMmHg: 10 },
          ['diastolicMmHg'],
        ],
        ['an A1c of 40 %', { kind: 'a1c', a1cPercent: 40 }, ['a1cPercent']],
        ['an A1c of 2.9 %', { kind: 'a1c', a1cPercent: 2.9 }, ['a1cPercent']],
        ['a glucose of 0', { kind: 'glucose', glucoseMgDl: 0, glucoseTiming: 'random' }, ['glucoseMgDl']],
        ['a weight of 900 lb', { kind: 'weight', weight: 900, weightUnit: 'lb' }, ['weight']],
        ['a weight of 12 kg', { kind: 'weight', weight: 12, weightUnit: 'kg' }, ['weight']],
        [
          'a weight that is not a number',
          { kind: 'weight', weight: Number.NaN, weightUnit: 'kg' },
          ['weight'],
        ],
      ])('%s', (_, measurement, fields) => {
        givenPatient(patientEnrolled())
          .when(recordObservation(measurement))
          .thenRefuses('OBSERVATION_IMPLAUSIBLE', { fields });
      });

      it('accepts the edges of each range', () => {
        for (const measurement of [
          { kind: 'blood_pressure', systolicMmHg: 300, diastolicMmHg: 200 },
          { kind: 'blood_pressure', systolicMmHg: 50, diastolicMmHg: 20 },
          { kind: 'a1c', a1cPercent: 20 },
          { kind: 'glucose', glucoseMgDl: 20, glucoseTiming: 'fasting' },
        ] as Plain[]) {
          givenPatient(patientEnrolled())
            .when(recordObservation(measurement))
            .then(observationRecorded(measurement));
        }
      });

      it('a systolic at or below the diastolic', () => {
        givenPatient(patientEnrolled())
          .when(recordObservation({ kind: 'blood_pressure', systolicMmHg: 80, diastolicMmHg: 80 }))
          .thenRefuses('BLOOD_PRESSURE_INVERTED', { fields: ['systolicMmHg', 'diastolicMmHg'] });
      });

      it('a weight unit that is neither kg nor lb', () => {
        const stone = { kind: 'weight', weight: 12, weightUnit: 'st' } as unknown as MeasurementInput;
        givenPatient(patientEnrolled()).when(recordObservation(stone)).thenRefuses('WEIGHT_UNIT_INVALID');
      });
    });

    describe('the observation id is an idempotency key', () => {
      it('answers a re-send, by anyone, as already applied', () => {
        givenPatient(patientEnrolled(), observationRecorded())
          .when(recordObservation(), { ...defaultContext, actorId: OTHER_ACTOR })
          .thenAlreadyApplied(1);
      });

      it('refuses the same id with another value', () => {
        givenPatient(patientEnrolled(), observationRecorded())
          .when(recordObservation({ kind: 'blood_pressure', systolicMmHg: 150, diastolicMmHg: 84 }))
          .thenRefuses('OBSERVATION_ID_REUSED', { key: 'observation:obs-1' });
      });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(recordObservation()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });
});
