import { foldPatient, type PatientEvent } from '../patient/patient';
import type { EnrolledPatient } from '../patient/patient-state';
import { givenPatient } from '../testing/decider-spec';
import {
  COMPLETE_CARE_PLAN,
  DR_GREY,
  DR_HOUSE,
  NP_NINA,
  OTHER_ACTOR,
  RN_ADA,
  TODAY,
  ACTOR,
  carePlanCreated,
  carePlanRevised,
  carePlanShared,
  createCarePlan,
  defaultContext,
  patientEnrolled,
  reviseCarePlan,
  shareCarePlan,
} from '../testing/fixtures';
import { missingElements } from './care-plan';
import { REQUIRED_CARE_PLAN_ELEMENTS, type CarePlanElements } from './care-plan.events';

function enrolled(...events: PatientEvent[]): EnrolledPatient {
  const state = foldPatient(events);
  if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
  return state;
}

const without = (name: keyof CarePlanElements): CarePlanElements => {
  const { [name]: _removed, ...rest } = COMPLETE_CARE_PLAN;
  return rest;
};

describe('care plan', () => {
  describe('CreateCarePlan (PLAN-1, PLAN-2, PLAN-5)', () => {
    it('establishes version 1 with every required element, authored by the acting user and signed off by a practitioner', () => {
      givenPatient(patientEnrolled()).when(createCarePlan()).then(carePlanCreated());
    });

    it('establishes a plan without sign-off yet: billing asks for it before the first billable month (PLAN-5)', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ signedOffBy: undefined }))
        .then(carePlanCreated({ signedOffBy: null }));
    });

    it('accepts sign-off by a practitioner on staff who does not bill', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ signedOffBy: NP_NINA.id }))
        .then(carePlanCreated({ signedOffBy: NP_NINA.id }));
    });

    it('does without the optional elements', () => {
      const elements = without('caregiverAssessment');
      givenPatient(patientEnrolled()).when(createCarePlan({ elements })).then(carePlanCreated({ elements }));
    });

    it('establishes a plan today', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ establishedOn: TODAY }))
        .then(carePlanCreated({ establishedOn: TODAY }));
    });

    it('establishes a disease-specific plan focused on one active condition, code in upper case (PCM-1)', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ planType: 'disease_specific', focusCondition: 'i50.9' }))
        .then(carePlanCreated({ planType: 'disease_specific', focusCondition: 'I50.9' }));
    });

    it('refuses a second plan: the existing one is revised instead', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(createCarePlan())
        .thenRefuses('CARE_PLAN_EXISTS');
    });

    it.each(REQUIRED_CARE_PLAN_ELEMENTS.map((name) => [name]))(
      'refuses a plan without %s, naming it (PLAN-2)',
      (name) => {
        givenPatient(patientEnrolled())
          .when(createCarePlan({ elements: without(name) }))
          .thenRefuses('CARE_PLAN_ELEMENTS_MISSING', { missing: [name] });
      },
    );

    it('treats blank text and empty lists as missing', () => {
      givenPatient(patientEnrolled())
        .when(
          createCarePlan({
            elements: { ...COMPLETE_CARE_PLAN, symptomManagement: '  ', measurableGoals: [] },
          }),
        )
        .thenRefuses('CARE_PLAN_ELEMENTS_MISSING', { missing: ['measurableGoals', 'symptomManagement'] });
    });

    it('refuses a planned intervention with nobody responsible for it (PLAN-2)', () => {
      const plannedInterventions = [{ description: 'Weekly weight check', responsible: ' ' }];
      givenPatient(patientEnrolled())
        .when(createCarePlan({ elements: { ...COMPLETE_CARE_PLAN, plannedInterventions } }))
        .thenRefuses('CARE_PLAN_ELEMENTS_MISSING', { missing: ['plannedInterventions'] });
    });

    it('names every missing element at once', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ elements: {} }))
        .thenRefuses('CARE_PLAN_ELEMENTS_MISSING', { missing: [...REQUIRED_CARE_PLAN_ELEMENTS] });
    });

    it('refuses a disease-specific plan without a focus condition (PCM-1)', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ planType: 'disease_specific' }))
        .thenRefuses('FOCUS_CONDITION_REQUIRED', { fields: ['focusCondition'] });
    });

    it('refuses a disease-specific plan focused on a condition the patient does not have (PCM-1)', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ planType: 'disease_specific', focusCondition: 'J44.9' }))
        .thenRefuses('FOCUS_CONDITION_REQUIRED');
    });

    it('refuses a disease-specific plan focused on a resolved condition (PCM-1)', () => {
      givenPatient(patientEnrolled(), {
        type: 'ConditionResolved',
        data: { icd10: 'I50.9', resolvedOn: '2026-02-01', reason: 'misdiagnosis', resolvedBy: DR_GREY.id },
      })
        .when(createCarePlan({ planType: 'disease_specific', focusCondition: 'I50.9' }))
        .thenRefuses('FOCUS_CONDITION_REQUIRED');
    });

    it('refuses a plan established after today', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ establishedOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['establishedOn'] });
    });

    it.each([
      ['clinical staff', RN_ADA.id],
      ['someone off the roster', 'dr-visiting'],
    ])('refuses sign-off by %s (PLAN-5)', (_who, signedOffBy) => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ signedOffBy }))
        .thenRefuses('PRACTITIONER_NOT_ON_ROSTER', { fields: ['signedOffBy'] });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(createCarePlan()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('ReviseCarePlan', () => {
    it('records the changed elements as the next version', () => {
      givenPatient(patientEnrolled(), carePlanCreated()).when(reviseCarePlan()).then(carePlanRevised());
    });

    it('numbers each revision after the last one', () => {
      givenPatient(patientEnrolled(), carePlanCreated(), carePlanRevised())
        .when(reviseCarePlan({ revisedOn: '2026-03-20' }))
        .then(carePlanRevised({ version: 3, revisedOn: '2026-03-20' }));
    });

    it('keeps the substantial-revision flag as reported, without requiring it (CODE-4)', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ substantial: true, signedOffBy: DR_HOUSE.id }))
        .then(carePlanRevised({ substantial: true, signedOffBy: DR_HOUSE.id }));
    });

    it('records who revised it', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan(), { ...defaultContext, actorId: OTHER_ACTOR })
        .then(carePlanRevised({ revisedBy: OTHER_ACTOR }));
    });

    it('accepts a revision on the day the plan was established', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ revisedOn: '2026-01-12' }))
        .then(carePlanRevised({ revisedOn: '2026-01-12' }));
    });

    it('refuses when there is no plan to revise', () => {
      givenPatient(patientEnrolled()).when(reviseCarePlan()).thenRefuses('CARE_PLAN_NOT_FOUND');
    });

    it('refuses a revision that changes no element', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ changes: {} }))
        .thenRefuses('CARE_PLAN_REVISION_EMPTY', { fields: ['changes'] });
    });

    it('refuses a revision that would blank a required element (PLAN-2)', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ changes: { periodicReview: '' } }))
        .thenRefuses('CARE_PLAN_ELEMENTS_MISSING', { missing: ['periodicReview'] });
    });

    it.each([
      ['after today', '2026-04-01'],
      ['before the plan was established', '2026-01-11'],
    ])('refuses a revision dated %s', (_why, revisedOn) => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ revisedOn }))
        .thenRefuses('REVISION_DATE_INVALID', { fields: ['revisedOn'] });
    });

    it('refuses sign-off of a revision by clinical staff (PLAN-5)', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(reviseCarePlan({ signedOffBy: RN_ADA.id }))
        .thenRefuses('PRACTITIONER_NOT_ON_ROSTER', { fields: ['signedOffBy'] });
    });
  });

  describe('ShareCarePlan (PLAN-3, PLAN-4)', () => {
    it('shares the current version with the patient', () => {
      givenPatient(patientEnrolled(), carePlanCreated(), carePlanRevised())
        .when(shareCarePlan({ sharedOn: '2026-03-03' }))
        .then(carePlanShared({ version: 2, sharedOn: '2026-03-03' }));
    });

    it('shares an earlier version when asked', () => {
      givenPatient(patientEnrolled(), carePlanCreated(), carePlanRevised())
        .when(shareCarePlan({ version: 1 }))
        .then(carePlanShared({ version: 1 }));
    });

    it('shares with a caregiver by fax, which counts as electronic sharing (PLAN-4)', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(shareCarePlan({ recipient: 'caregiver', method: 'fax' }))
        .then(carePlanShared({ recipient: 'caregiver', method: 'fax' }));
    });

    it('refuses when there is no plan to share', () => {
      givenPatient(patientEnrolled()).when(shareCarePlan()).thenRefuses('CARE_PLAN_NOT_FOUND');
    });

    it.each([0, 2])('refuses to share version %i of a plan that has only version 1', (version) => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(shareCarePlan({ version }))
        .thenRefuses('CARE_PLAN_VERSION_NOT_FOUND', { fields: ['version'] });
    });

    it('refuses a share dated after today', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(shareCarePlan({ sharedOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['sharedOn'] });
    });
  });

  describe('evolve', () => {
    it('holds version 1 as established', () => {
      expect(enrolled(patientEnrolled(), carePlanCreated()).carePlan).toEqual({
        version: 1,
        planType: 'comprehensive',
        elements: COMPLETE_CARE_PLAN,
        signedOffBy: DR_GREY.id,
        establishedOn: '2026-01-12',
        shares: [],
      });
    });

    it('merges each revision’s changes into the elements and bumps the version', () => {
      const plan = enrolled(
        patientEnrolled(),
        carePlanCreated(),
        carePlanRevised(),
        carePlanRevised({
          version: 3,
          changes: { environmentalEvaluation: 'Stairs at home; grab bars fitted.' },
          revisedOn: '2026-03-20',
        }),
      ).carePlan;
      expect(plan).toMatchObject({
        version: 3,
        lastRevisedOn: '2026-03-20',
        establishedOn: '2026-01-12',
        elements: {
          ...COMPLETE_CARE_PLAN,
          measurableGoals: ['HbA1c below 7% by December'],
          environmentalEvaluation: 'Stairs at home; grab bars fitted.',
        },
      });
    });

    it('keeps the earlier sign-off through an unsigned revision, and takes a new one', () => {
      const events = [patientEnrolled(), carePlanCreated(), carePlanRevised({ signedOffBy: null })];
      expect(enrolled(...events).carePlan?.signedOffBy).toBe(DR_GREY.id);
      expect(
        enrolled(...events, carePlanRevised({ version: 3, signedOffBy: DR_HOUSE.id })).carePlan?.signedOffBy,
      ).toBe(DR_HOUSE.id);
    });

    it('records each share with the version shared', () => {
      const plan = enrolled(
        patientEnrolled(),
        carePlanCreated(),
        carePlanShared(),
        carePlanRevised(),
        carePlanShared({ version: 2, recipient: 'caregiver', method: 'email', sharedOn: '2026-03-03' }),
      ).carePlan;
      expect(plan?.shares).toEqual([
        { version: 1, recipient: 'patient', method: 'portal', sharedOn: '2026-01-13' },
        { version: 2, recipient: 'caregiver', method: 'email', sharedOn: '2026-03-03' },
      ]);
    });

    it('ignores a revision or share without a plan, counting it in the version', () => {
      const state = enrolled(patientEnrolled(), carePlanRevised(), carePlanShared());
      expect(state.carePlan).toBeUndefined();
      expect(state.version).toBe(3);
    });
  });

  describe('missing elements', () => {
    it('is empty for a complete plan', () => {
      expect(missingElements(COMPLETE_CARE_PLAN)).toEqual([]);
    });

    it('names plannedInterventions once, whether absent or incomplete', () => {
      const incomplete = {
        ...COMPLETE_CARE_PLAN,
        plannedInterventions: [{ description: '', responsible: RN_ADA.id }],
      };
      expect(missingElements(incomplete)).toEqual(['plannedInterventions']);
    });
  });

  describe('ReviewCarePlan (PLAN-1, CODE-4)', () => {
    const review = (reviewedOn: string, activity: 'monitored' | 'implemented' = 'monitored') => ({
      type: 'ReviewCarePlan' as const,
      data: { reviewedOn, activity },
    });

    it('records that the plan was monitored or implemented on a day, by the acting user', () => {
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(review('2026-03-10', 'implemented'))
        .then({
          type: 'CarePlanReviewed',
          data: { reviewedOn: '2026-03-10', activity: 'implemented', reviewedBy: ACTOR },
        });
    });

    it('refuses a review without a plan, before the plan, or in the future', () => {
      givenPatient(patientEnrolled()).when(review('2026-03-10')).thenRefuses('CARE_PLAN_NOT_FOUND');
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(review('2026-01-11'))
        .thenRefuses('REVIEW_DATE_INVALID', { fields: ['reviewedOn'] });
      givenPatient(patientEnrolled(), carePlanCreated())
        .when(review('2026-04-01'))
        .thenRefuses('REVIEW_DATE_INVALID', { fields: ['reviewedOn'] });
    });
  });

  describe('a plan kept on paper and a draft not yet signed (PLAN-4, PLAN-5)', () => {
    it('records a plan kept outside the electronic record as such', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ electronic: false }))
        .then(carePlanCreated({ electronic: false }));
    });

    it('records a draft with no sign-off: billing, not the record, says it does not count yet', () => {
      givenPatient(patientEnrolled())
        .when(createCarePlan({ signedOffBy: undefined }))
        .then(carePlanCreated({ signedOffBy: null }));
    });
  });
});
