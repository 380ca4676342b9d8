/** Builders for the clinical observation specifications (commands and the events they decide into). */
import type { Measurement, MeasurementInput, ObservationSource } from '../observations/observations.events';
import type { PatientCommand, PatientEvent } from '../patient/patient';
import { ACTOR } from './fixtures';

/** Measurements whose input and stored forms are the same (a weight's input may be in pounds). */
export type Plain = Exclude<Measurement, { kind: 'weight' }>;

export const BP: Plain = { kind: 'blood_pressure', systolicMmHg: 132, diastolicMmHg: 84 };
export const TAKEN = '2026-03-10T09:30';

export const recordObservation = (
  measurement: MeasurementInput = BP,
  overrides: {
    observationId?: string;
    takenAt?: string;
    source?: ObservationSource;
    takenAtOffset?: string;
  } = {},
): PatientCommand => ({
  type: 'RecordObservation',
  data: { observationId: 'obs-1', measurement, takenAt: TAKEN, source: { type: 'staff' }, ...overrides },
});
export const observationRecorded = (
  measurement: Measurement = BP,
  overrides: {
    observationId?: string;
    takenAt?: string;
    source?: ObservationSource;
    recordedBy?: string;
  } = {},
): PatientEvent => ({
  type: 'ClinicalObservationRecorded',
  data: {
    observationId: 'obs-1',
    measurement,
    takenAt: TAKEN,
    source: { type: 'staff' },
    recordedBy: ACTOR,
    ...overrides,
  },
});
export const correctObservation = (measurement: MeasurementInput, takenAt = TAKEN): PatientCommand => ({
  type: 'CorrectObservation',
  data: { observationId: 'obs-1', measurement, takenAt, reason: 'Digits transposed' },
});
export const observationCorrected = (measurement: Measurement, takenAt = TAKEN): PatientEvent => ({
  type: 'ClinicalObservationCorrected',
  data: { observationId: 'obs-1', measurement, takenAt, reason: 'Digits transposed', correctedBy: ACTOR },
});
export const voidObservation = (observationId = 'obs-1'): PatientCommand => ({
  type: 'VoidObservation',
  data: { observationId, reason: 'Entered on the wrong patient' },
});
export const observationVoided = (): PatientEvent => ({
  type: 'ClinicalObservationVoided',
  data: { observationId: 'obs-1', reason: 'Entered on the wrong patient', voidedBy: ACTOR },
});
export const rpmEnrolled: PatientEvent = {
  type: 'RpmEnrolled',
  data: {
    deviceType: 'blood_pressure_cuff',
    orderingPractitionerId: 'dr-grey',
    enrolledOn: '2026-03-01',
    consentDocumented: true,
    establishedPatient: true,
    recordedBy: ACTOR,
  },
};
export const periodRecorded: PatientEvent = {
  type: 'RpmDevicePeriodRecorded',
  data: {
    periodId: 'p-1',
    start: '2026-03-01',
    end: '2026-03-30',
    daysWithTransmittedData: 20,
    recordedBy: ACTOR,
  },
};
