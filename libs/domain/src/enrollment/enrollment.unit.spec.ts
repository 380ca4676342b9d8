import { foldPatient } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { PersistentMap } from '../shared/persistent-map';
import {
  ACTOR,
  DIABETES,
  DR_GREY,
  DR_HOUSE,
  HEART_FAILURE,
  HYPERTENSION,
  NP_NINA,
  PATIENT_ID,
  PRACTICE_ID,
  RN_ADA,
  SCHEDULER_SAM,
  TODAY,
  attested,
  enrollPatient,
  patientEnrolled,
} from '../testing/fixtures';
import type { EnrollmentCommand } from './enrollment';
import type { EnrollmentEvent } from './enrollment.events';

const addCondition = (condition = HYPERTENSION): EnrollmentCommand => ({
  type: 'AddCondition',
  data: { condition },
});
const conditionAdded = (condition = HYPERTENSION, attestedOn = TODAY): EnrollmentEvent => ({
  type: 'ConditionAdded',
  data: { condition: attested(condition, attestedOn) },
});
const resolveCondition = (
  icd10: string,
  resolvedOn = '2026-03-20',
  reason = 'Condition resolved',
): EnrollmentCommand => ({
  type: 'ResolveCondition',
  data: { icd10, resolvedOn, reason },
});
const conditionResolved = (
  icd10: string,
  resolvedOn = '2026-03-20',
  reason = 'Condition resolved',
): EnrollmentEvent => ({
  type: 'ConditionResolved',
  data: { icd10, resolvedOn, reason, resolvedBy: ACTOR },
});
const changeBillingPractitioner = (to: string, effectiveOn = '2026-04-01'): EnrollmentCommand => ({
  type: 'ChangeBillingPractitioner',
  data: { to, effectiveOn, reason: 'Patient transferred care' },
});

describe('enrollment', () => {
  describe('EnrollPatient', () => {
    it('enrolls the patient today, with each condition attested by the acting user (ELIG-2)', () => {
      givenPatient()
        .when(enrollPatient())
        .then(
          patientEnrolled({
            conditions: [attested(DIABETES), attested(HEART_FAILURE)],
            enrolledOn: TODAY,
          }),
        );
    });

    it('stamps the practice of the decision context and normalises ICD-10 codes to upper case', () => {
      givenPatient()
        .when(enrollPatient({ conditions: [{ ...DIABETES, icd10: 'e11.9' }] }))
        .then(
          patientEnrolled({ practiceId: PRACTICE_ID, conditions: [attested(DIABETES)], enrolledOn: TODAY }),
        );
    });

    it('lists each care team member once', () => {
      givenPatient()
        .when(enrollPatient({ careTeam: [RN_ADA.id, RN_ADA.id, SCHEDULER_SAM.id] }))
        .then(
          patientEnrolled({
            conditions: [attested(DIABETES), attested(HEART_FAILURE)],
            careTeam: [RN_ADA.id, SCHEDULER_SAM.id],
            enrolledOn: TODAY,
          }),
        );
    });

    it('enrolls a patient with fewer than two qualifying conditions: eligibility is judged per month by billing (ELIG-3, ELIG-6)', () => {
      const shortLived = { ...HYPERTENSION, expectedDuration: 'under_12_months' as const };
      givenPatient()
        .when(enrollPatient({ conditions: [shortLived] }))
        .then(patientEnrolled({ conditions: [attested(shortLived)], enrolledOn: TODAY }));
    });

    it('refuses to enroll a patient who is already enrolled', () => {
      givenPatient(patientEnrolled()).when(enrollPatient()).thenRefuses('PATIENT_ALREADY_ENROLLED');
    });

    it.each([
      ['a patient id that is not an id', { patientId: 'patient 1' }, 'patientId'],
      ['a birth date that is not a date', { dateOfBirth: '1948-02-30' }, 'dateOfBirth'],
      ['a birth date in the future', { dateOfBirth: '2026-04-01' }, 'dateOfBirth'],
      [
        'a condition code that is not ICD-10',
        { conditions: [{ ...DIABETES, icd10: 'diabetes' }] },
        'conditions[0].icd10',
      ],
      [
        'an ICD-10 code starting with U',
        { conditions: [DIABETES, { ...DIABETES, icd10: 'U07.1' }] },
        'conditions[1].icd10',
      ],
      [
        'the same condition twice, whatever its case',
        { conditions: [DIABETES, { ...DIABETES, icd10: 'e11.9' }] },
        'conditions (duplicate ICD-10 code)',
      ],
    ])('refuses an enrolment with %s', (_why, overrides, field) => {
      givenPatient()
        .when(enrollPatient(overrides))
        .thenRefuses('ENROLLMENT_INVALID', { fields: [field] });
    });

    it('accepts a birth date of today', () => {
      givenPatient()
        .when(enrollPatient({ dateOfBirth: TODAY }))
        .accepted();
    });

    it('refuses a billing practitioner who is not on the roster', () => {
      givenPatient()
        .when(enrollPatient({ billingPractitionerId: 'dr-nobody' }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER');
    });

    it('refuses a staff practitioner who does not bill for the practice as billing practitioner (PRAC-1)', () => {
      givenPatient()
        .when(enrollPatient({ billingPractitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER');
    });

    it('refuses care team members who are not on the roster, naming them', () => {
      givenPatient()
        .when(enrollPatient({ careTeam: [RN_ADA.id, 'temp-nurse', 'locum'] }))
        .thenRefuses('CARE_TEAM_MEMBER_NOT_ON_ROSTER', { members: ['temp-nurse', 'locum'] });
    });
  });

  describe('AddCondition', () => {
    it('adds an attested condition, code in upper case', () => {
      givenPatient(patientEnrolled())
        .when(addCondition({ ...HYPERTENSION, icd10: 'i10' }))
        .then(conditionAdded(HYPERTENSION));
    });

    it('adds again a condition that was resolved', () => {
      givenPatient(patientEnrolled(), conditionResolved(DIABETES.icd10))
        .when(addCondition(DIABETES))
        .then(conditionAdded(DIABETES));
    });

    it('refuses a code that is not ICD-10', () => {
      givenPatient(patientEnrolled())
        .when(addCondition({ ...HYPERTENSION, icd10: '401.9' }))
        .thenRefuses('CONDITION_INVALID', { fields: ['icd10'] });
    });

    it('refuses a condition that is already on the active list', () => {
      givenPatient(patientEnrolled())
        .when(addCondition({ ...DIABETES, icd10: 'e11.9' }))
        .thenRefuses('CONDITION_ALREADY_ACTIVE');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(addCondition()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('ResolveCondition', () => {
    it('resolves an active condition, recording who resolved it and why', () => {
      givenPatient(patientEnrolled()).when(resolveCondition('e11.9')).then(conditionResolved('E11.9'));
    });

    it('resolves a condition today', () => {
      givenPatient(patientEnrolled())
        .when(resolveCondition('I50.9', TODAY))
        .then(conditionResolved('I50.9', TODAY));
    });

    it('refuses a condition the patient does not have', () => {
      givenPatient(patientEnrolled()).when(resolveCondition('I10')).thenRefuses('CONDITION_NOT_ACTIVE');
    });

    it('refuses a condition that is already resolved', () => {
      givenPatient(patientEnrolled(), conditionResolved('E11.9'))
        .when(resolveCondition('E11.9'))
        .thenRefuses('CONDITION_NOT_ACTIVE');
    });

    it('refuses a resolution dated after today', () => {
      givenPatient(patientEnrolled())
        .when(resolveCondition('E11.9', '2026-04-01'))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['resolvedOn'] });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(resolveCondition('E11.9')).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('ChangeBillingPractitioner (CONS-4)', () => {
    it('records the change from the current practitioner to the new one', () => {
      givenPatient(patientEnrolled())
        .when(changeBillingPractitioner(DR_HOUSE.id))
        .then({
          type: 'BillingPractitionerChanged',
          data: {
            from: DR_GREY.id,
            to: DR_HOUSE.id,
            effectiveOn: '2026-04-01',
            reason: 'Patient transferred care',
          },
        });
    });

    it('refuses a new practitioner who is not a billing practitioner of the practice', () => {
      givenPatient(patientEnrolled())
        .when(changeBillingPractitioner(NP_NINA.id))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER');
    });

    it('refuses a change to the practitioner already billing', () => {
      givenPatient(patientEnrolled())
        .when(changeBillingPractitioner(DR_GREY.id))
        .thenRefuses('BILLING_PRACTITIONER_UNCHANGED');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(changeBillingPractitioner(DR_HOUSE.id)).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('evolve', () => {
    it('starts an enrolled patient with no consent, visit, care plan or time', () => {
      expect(foldPatient([patientEnrolled()])).toEqual({
        status: 'enrolled',
        version: 1,
        patientId: PATIENT_ID,
        practiceId: PRACTICE_ID,
        dateOfBirth: '1948-06-02',
        billingPractitionerId: DR_GREY.id,
        careTeam: [RN_ADA.id, DR_GREY.id],
        enrolledOn: '2026-01-05',
        conditions: [attested(DIABETES, '2026-01-05'), attested(HEART_FAILURE, '2026-01-05')],
        consents: [],
        initiatingVisits: [],
        idempotencyKeys: PersistentMap.empty(),
        inpatientStays: {},
        submittedClaims: {},
        timeEntries: PersistentMap.empty(),
      });
    });

    it('keeps a resolved condition on the list with its resolution date, and a re-added one beside it', () => {
      const state = foldPatient([
        patientEnrolled(),
        conditionResolved('E11.9', '2026-02-01'),
        conditionAdded(DIABETES, '2026-03-01'),
      ]);
      if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
      expect(state.conditions.filter((c) => c.icd10 === 'E11.9')).toEqual([
        { ...attested(DIABETES, '2026-01-05'), resolvedOn: '2026-02-01' },
        attested(DIABETES, '2026-03-01'),
      ]);
    });

    it('follows the billing practitioner through changes', () => {
      const state = foldPatient([
        patientEnrolled(),
        {
          type: 'BillingPractitionerChanged',
          data: { from: DR_GREY.id, to: DR_HOUSE.id, effectiveOn: '2026-02-01', reason: 'x' },
        },
      ]);
      expect(state).toMatchObject({ billingPractitionerId: DR_HOUSE.id, version: 2 });
    });
  });
});
