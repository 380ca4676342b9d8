import { foldPatient, type PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, patientEnrolled } from '../testing/fixtures';
import {
  BP,
  correctObservation,
  observationCorrected,
  observationRecorded,
  observationVoided,
  periodRecorded,
  rpmEnrolled,
  voidObservation,
  type Plain,
} from '../testing/observation-fixtures';
import { currentObservations } from './current-observations';
import type { Measurement, ObservationSource } from './observations.events';

describe('clinical observations', () => {
  describe('corrections and voids: new events, never an update', () => {
    const fixed: Plain = { kind: 'blood_pressure', systolicMmHg: 123, diastolicMmHg: 84 };

    it('corrects the value with a new event, and answers a re-send as applied', () => {
      givenPatient(patientEnrolled(), observationRecorded())
        .when(correctObservation(fixed))
        .then(observationCorrected(fixed));
      givenPatient(patientEnrolled(), observationRecorded(), observationCorrected(fixed))
        .when(correctObservation(fixed))
        .thenAlreadyApplied(2);
    });

    it('corrects the time it was taken', () => {
      givenPatient(patientEnrolled(), observationRecorded())
        .when(correctObservation(BP, '2026-03-09T09:30'))
        .then(observationCorrected(BP, '2026-03-09T09:30'));
    });

    it('refuses a correction of an unknown or voided observation, of another kind, or implausible', () => {
      givenPatient(patientEnrolled()).when(correctObservation(fixed)).thenRefuses('OBSERVATION_NOT_FOUND');
      givenPatient(patientEnrolled(), observationRecorded(), observationVoided())
        .when(correctObservation(fixed))
        .thenRefuses('OBSERVATION_VOIDED');
      givenPatient(patientEnrolled(), observationRecorded())
        .when(correctObservation({ kind: 'a1c', a1cPercent: 7 }))
        .thenRefuses('OBSERVATION_KIND_CHANGED', { fields: ['kind'] });
      givenPatient(patientEnrolled(), observationRecorded())
        .when(correctObservation({ kind: 'blood_pressure', systolicMmHg: 90, diastolicMmHg: 120 }))
        .thenRefuses('BLOOD_PRESSURE_INVERTED');
      givenPatient(patientEnrolled(), observationRecorded())
        .when(correctObservation(fixed, '2026-04-01T08:00'))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['takenAt'] });
    });

    it('keeps a corrected device reading within its period', () => {
      const source: ObservationSource = { type: 'rpm_device', rpmPeriodId: 'p-1' };
      givenPatient(patientEnrolled(), rpmEnrolled, periodRecorded, observationRecorded(BP, { source }))
        .when(correctObservation(BP, '2026-02-27T09:00'))
        .thenRefuses('OBSERVATION_OUTSIDE_RPM_PERIOD');
    });

    it('voids an observation entered in error, once', () => {
      givenPatient(patientEnrolled(), observationRecorded())
        .when(voidObservation())
        .then(observationVoided());
      givenPatient(patientEnrolled(), observationRecorded(), observationVoided())
        .when(voidObservation())
        .thenAlreadyApplied(2);
      givenPatient(patientEnrolled()).when(voidObservation('nope')).thenRefuses('OBSERVATION_NOT_FOUND');
    });
  });

  describe('readers use the correction', () => {
    it('gives the latest values, leaves voided ones out, in the order they were taken', () => {
      const fixed: Plain = { kind: 'blood_pressure', systolicMmHg: 123, diastolicMmHg: 84 };
      const a1c: Measurement = { kind: 'a1c', a1cPercent: 7.1 };
      const events = [
        patientEnrolled(),
        observationRecorded(),
        observationRecorded(a1c, { observationId: 'obs-2', takenAt: '2026-03-01T08:00' }),
        observationRecorded(BP, { observationId: 'obs-3' }),
        observationCorrected(fixed),
        { type: 'ClinicalObservationVoided', data: { observationId: 'obs-3', reason: 'x', voidedBy: ACTOR } },
      ] as PatientEvent[];
      expect(currentObservations(events)).toEqual([
        expect.objectContaining({ observationId: 'obs-2', measurement: a1c, corrections: 0 }),
        expect.objectContaining({ observationId: 'obs-1', measurement: fixed, corrections: 1 }),
      ]);
    });

    it('the decider state holds the current values', () => {
      const state = foldPatient([
        patientEnrolled(),
        observationRecorded(),
        observationCorrected(BP, '2026-03-09T08:00'),
      ]);
      if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
      expect(state.observations?.get('obs-1')).toEqual({
        measurement: BP,
        takenAt: '2026-03-09T08:00',
        source: { type: 'staff' },
        status: 'current',
        atRevision: 2,
      });
    });
  });
});
