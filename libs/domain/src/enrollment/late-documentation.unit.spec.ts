import { givenPatient } from '../testing/decider-spec';
import {
  ACTOR,
  attested,
  DIABETES,
  enrollPatient,
  HEART_FAILURE,
  patientEnrolled,
  TODAY,
} from '../testing/fixtures';

describe('enrolment and attestation documented late (ELIG-2, DOC-8)', () => {
  it('keeps the enrolment and attestation dates given, when they are past dates', () => {
    givenPatient()
      .when(
        enrollPatient({
          enrolledOn: '2026-01-15',
          conditions: [{ ...DIABETES, attestedOn: '2026-01-10' }, HEART_FAILURE],
        }),
      )
      .then(
        patientEnrolled({
          enrolledOn: '2026-01-15',
          conditions: [attested(DIABETES, '2026-01-10'), attested(HEART_FAILURE, TODAY)],
        }),
      );
  });

  it('refuses an enrolment or attestation dated in the future or on a day that does not exist', () => {
    givenPatient()
      .when(
        enrollPatient({ enrolledOn: '2026-04-01', conditions: [{ ...DIABETES, attestedOn: '2026-02-30' }] }),
      )
      .thenRefuses('ENROLLMENT_INVALID', { fields: ['enrolledOn', 'conditions[0].attestedOn'] });
    givenPatient(patientEnrolled({ conditions: [] }))
      .when({ type: 'AddCondition', data: { condition: { ...DIABETES, attestedOn: '2026-04-01' } } })
      .thenRefuses('DATE_INVALID', { fields: ['condition.attestedOn'] });
  });

  it('refuses an attestation dated before the patient was born', () => {
    givenPatient()
      .when(
        enrollPatient({ dateOfBirth: '1948-06-02', conditions: [{ ...DIABETES, attestedOn: '1948-06-01' }] }),
      )
      .thenRefuses('ENROLLMENT_INVALID', { fields: ['conditions[0].attestedOn'] });
    givenPatient(patientEnrolled({ dateOfBirth: '1948-06-02', conditions: [] }))
      .when({ type: 'AddCondition', data: { condition: { ...DIABETES, attestedOn: '1947-12-31' } } })
      .thenRefuses('DATE_INVALID', { fields: ['condition.attestedOn'] });
  });

  it('accepts an attestation on the day of birth', () => {
    givenPatient(patientEnrolled({ dateOfBirth: '1948-06-02', conditions: [] }))
      .when({ type: 'AddCondition', data: { condition: { ...DIABETES, attestedOn: '1948-06-02' } } })
      .then({ type: 'ConditionAdded', data: { condition: attested(DIABETES, '1948-06-02') } });
  });
});

describe('PCM condition attestation (PCM-1)', () => {
  const attestation = {
    icd10: 'e11.9',
    attestedOn: '2026-02-10',
    expectedDurationMonthsAtLeast: 6,
    riskOfHospitalizationOrDecline: true,
    frequentMedicationAdjustment: true,
    ongoingCoordinationNeeded: true,
  };

  it('records the attestation of an active condition, dated when it was made', () => {
    givenPatient(patientEnrolled())
      .when({ type: 'AttestPcmCondition', data: attestation })
      .then({
        type: 'PcmConditionAttested',
        data: { ...attestation, icd10: 'E11.9', attestedBy: ACTOR },
      });
  });

  it('records an attestation that does not meet PCM-1: billing decides it does not qualify', () => {
    const weak = { ...attestation, expectedDurationMonthsAtLeast: 2, frequentMedicationAdjustment: false };
    givenPatient(patientEnrolled())
      .when({ type: 'AttestPcmCondition', data: weak })
      .then({ type: 'PcmConditionAttested', data: { ...weak, icd10: 'E11.9', attestedBy: ACTOR } });
  });

  it('refuses a condition the patient does not have, naming the field', () => {
    givenPatient(patientEnrolled())
      .when({ type: 'AttestPcmCondition', data: { ...attestation, icd10: 'I10' } })
      .thenRefuses('CONDITION_NOT_ACTIVE', { fields: ['icd10'] });
  });

  it('refuses a date in the future or before birth, and a negative duration', () => {
    givenPatient(patientEnrolled())
      .when({ type: 'AttestPcmCondition', data: { ...attestation, attestedOn: '2026-04-01' } })
      .thenRefuses('DATE_INVALID', { fields: ['attestedOn'] });
    givenPatient(patientEnrolled())
      .when({
        type: 'AttestPcmCondition',
        data: { ...attestation, attestedOn: '1940-01-01', expectedDurationMonthsAtLeast: -1 },
      })
      .thenRefuses('DATE_INVALID', { fields: ['attestedOn', 'expectedDurationMonthsAtLeast'] });
  });

  it('refuses for a patient who is not enrolled', () => {
    givenPatient().when({ type: 'AttestPcmCondition', data: attestation }).thenRefuses('PATIENT_NOT_FOUND');
  });
});
