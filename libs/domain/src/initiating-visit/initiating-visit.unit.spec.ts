import { foldPatient } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import {
  DR_HOUSE,
  NP_NINA,
  OTHER_ACTOR,
  RN_ADA,
  TODAY,
  consentRecorded,
  defaultContext,
  initiatingVisitRecorded,
  patientEnrolled,
  recordInitiatingVisit,
} from '../testing/fixtures';

describe('initiating visit', () => {
  describe('RecordInitiatingVisit', () => {
    it('records the visit at which the billing practitioner started CCM (INIT-1, INIT-3)', () => {
      givenPatient(patientEnrolled()).when(recordInitiatingVisit()).then(initiatingVisitRecorded());
    });

    it('records extensive assessment and care planning, the fact behind G0506 (INIT-5)', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ extensiveAssessmentAndCarePlanning: true }))
        .then(initiatingVisitRecorded({ extensiveAssessmentAndCarePlanning: true }));
    });

    it.each([
      ['an Annual Wellness Visit', 'G0438'],
      ['an IPPE', 'G0402'],
      ['transitional care management', '99496'],
      ['a level-1 nurse visit, which billing will not accept as initiating (INIT-2)', '99211'],
    ])('records %s (%s): whether it qualifies is billing’s call', (_what, visitCode) => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ visitCode }))
        .then(initiatingVisitRecorded({ visitCode }));
    });

    it('writes HCPCS codes in upper case', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ visitCode: 'g0439' }))
        .then(initiatingVisitRecorded({ visitCode: 'G0439' }));
    });

    it('records a visit where CCM was not discussed (INIT-3 is checked by billing)', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ ccmDiscussed: false }))
        .then(initiatingVisitRecorded({ ccmDiscussed: false }));
    });

    it.each([
      ['another billing practitioner', DR_HOUSE.id],
      ['a practitioner on staff who does not bill', NP_NINA.id],
    ])('records a visit by %s (INIT-4 is checked by billing)', (_who, practitionerId) => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ practitionerId }))
        .then(initiatingVisitRecorded({ practitionerId }));
    });

    it('records a visit after consent, and one today (CONS-9)', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(recordInitiatingVisit({ visitDate: TODAY }))
        .then(initiatingVisitRecorded({ visitDate: TODAY }));
    });

    it.each(['9921', '992145', 'E/M', '99214-25', 'GG438'])(
      'refuses %s, which is not a CPT or HCPCS code',
      (visitCode) => {
        givenPatient(patientEnrolled())
          .when(recordInitiatingVisit({ visitCode }))
          .thenRefuses('VISIT_CODE_INVALID', { fields: ['visitCode'] });
      },
    );

    it('refuses a visit dated after today', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ visitDate: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['visitDate'] });
    });

    it('records a visit by clinical staff (99211 by an RN): billing, not the record, says it does not qualify', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ practitionerId: RN_ADA.id, visitCode: '99211' }))
        .then(initiatingVisitRecorded({ practitionerId: RN_ADA.id, visitCode: '99211' }));
    });

    it('refuses a visit by someone off the roster', () => {
      givenPatient(patientEnrolled())
        .when(recordInitiatingVisit({ practitionerId: 'dr-locum' }))
        .thenRefuses('PERFORMER_NOT_ON_ROSTER', { fields: ['practitionerId'] });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(recordInitiatingVisit()).thenRefuses('PATIENT_NOT_FOUND');
    });

    describe('the visit id is an idempotency key', () => {
      it('answers a re-sent visit as already applied at the revision of the original', () => {
        givenPatient(patientEnrolled(), consentRecorded(), initiatingVisitRecorded())
          .when(recordInitiatingVisit())
          .thenAlreadyApplied(2);
      });

      it('treats a re-send by another user, or with the code in lower case, as the same visit', () => {
        givenPatient(patientEnrolled(), initiatingVisitRecorded({ visitCode: 'G0438' }))
          .when(recordInitiatingVisit({ visitCode: 'g0438' }), { ...defaultContext, actorId: OTHER_ACTOR })
          .thenAlreadyApplied(1);
      });

      it('refuses the same id with different content', () => {
        givenPatient(patientEnrolled(), initiatingVisitRecorded())
          .when(recordInitiatingVisit({ extensiveAssessmentAndCarePlanning: true }))
          .thenRefuses('VISIT_ID_REUSED', { key: 'visit:visit-1' });
      });
    });
  });

  describe('evolve', () => {
    it('keeps every visit in order', () => {
      const state = foldPatient([
        patientEnrolled(),
        initiatingVisitRecorded(),
        initiatingVisitRecorded({ visitId: 'visit-2', visitDate: '2026-03-02', practitionerId: DR_HOUSE.id }),
      ]);
      expect(state).toMatchObject({
        version: 3,
        initiatingVisits: [
          { visitId: 'visit-1', visitDate: '2026-01-08' },
          { visitId: 'visit-2', visitDate: '2026-03-02', practitionerId: DR_HOUSE.id },
        ],
      });
    });
  });
});
