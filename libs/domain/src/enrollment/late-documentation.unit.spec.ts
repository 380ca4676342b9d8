import { givenPatient } from '../testing/decider-spec';
import {
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
});
