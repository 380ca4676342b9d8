import { foldPatient } from '../patient/patient';
import { activeConsent, type EnrolledPatient } from '../patient/patient-state';
import { givenPatient } from '../testing/decider-spec';
import {
  ALL_DISCLOSURES,
  DR_GREY,
  DR_HOUSE,
  NO_DISCLOSURES,
  NOW,
  NP_NINA,
  OTHER_ACTOR,
  SCHEDULER_SAM,
  consentRecorded,
  consentWithdrawn,
  contextAt,
  defaultContext,
  patientEnrolled,
  recordConsent,
  timeLogged,
  withdrawConsent,
} from '../testing/fixtures';
import { REQUIRED_DISCLOSURES, type ConsentProgram } from './consent.events';
import type { PatientEvent } from '../patient/patient';

function enrolled(...events: PatientEvent[]): EnrolledPatient {
  const state = foldPatient(events);
  if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
  return state;
}

const consentInForce = (program: ConsentProgram, ...events: PatientEvent[]) =>
  activeConsent(enrolled(...events), program);

describe('consent', () => {
  describe('RecordConsent', () => {
    it('records an accepted verbal consent, given for the patient’s billing practitioner (CONS-2, CONS-4)', () => {
      givenPatient(patientEnrolled()).when(recordConsent()).then(consentRecorded());
    });

    it('records consent for a named billing practitioner of the practice', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ billingPractitionerId: DR_HOUSE.id }))
        .then(consentRecorded({ billingPractitionerId: DR_HOUSE.id }));
    });

    it('gives a consent recorded after a change of billing practitioner to the new practitioner (CONS-4)', () => {
      givenPatient(patientEnrolled(), consentRecorded(), {
        type: 'BillingPractitionerChanged',
        data: { from: DR_GREY.id, to: DR_HOUSE.id, effectiveOn: '2026-03-01', reason: 'moved' },
      })
        .when(recordConsent({ consentId: 'consent-2', obtainedAt: '2026-03-02T09:00' }))
        .then(
          consentRecorded({
            consentId: 'consent-2',
            obtainedAt: '2026-03-02T09:00',
            billingPractitionerId: DR_HOUSE.id,
          }),
        );
    });

    it('accepts verbal consent without a document: it is documented in the record (CONS-3)', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ method: 'verbal' }))
        .then(consentRecorded({ method: 'verbal', documentedInRecord: true }));
    });

    it('accepts written consent with a reference to the signed document (CONS-3)', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ method: 'written', documentReference: 'doc-7781' }))
        .then(consentRecorded({ method: 'written', documentReference: 'doc-7781' }));
    });

    it('refuses written consent without a reference to the signed document (CONS-3)', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ method: 'written' }))
        .thenRefuses('CONSENT_DOCUMENT_MISSING', { fields: ['documentReference'] });
    });

    it('refuses written consent with an empty document reference (CONS-3)', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ method: 'written', documentReference: '' }))
        .thenRefuses('CONSENT_DOCUMENT_MISSING');
    });

    it.each(REQUIRED_DISCLOSURES.map((name) => [name]))(
      'records an acceptance given without the %s disclosure as it was given: billing finds no usable consent (CONS-2)',
      (name) => {
        const disclosures = { ...ALL_DISCLOSURES, [name]: false };
        givenPatient(patientEnrolled())
          .when(recordConsent({ disclosures }))
          .then(consentRecorded({ disclosures }));
      },
    );

    it('records a declined consent even when nothing was disclosed: the record shows the patient declined (CONS-2)', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ decision: 'declined', disclosures: NO_DISCLOSURES }))
        .then(consentRecorded({ decision: 'declined', disclosures: NO_DISCLOSURES }));
    });

    it('records consent obtained by any roster member, non-clinical staff included', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ obtainedBy: SCHEDULER_SAM.id }))
        .then(consentRecorded({ obtainedBy: SCHEDULER_SAM.id }));
    });

    it('records consent obtained at this very minute', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ obtainedAt: NOW }))
        .then(consentRecorded({ obtainedAt: NOW }));
    });

    it('records a separate consent per program (CONS-10)', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(recordConsent({ consentId: 'consent-apcm', program: 'APCM' }))
        .then(consentRecorded({ consentId: 'consent-apcm', program: 'APCM' }));
    });

    it('refuses consent obtained after now', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ obtainedAt: '2026-03-31T18:01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['obtainedAt'] });
    });

    it('refuses consent obtained by someone off the roster', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ obtainedBy: 'volunteer' }))
        .thenRefuses('STAFF_NOT_ON_ROSTER', { fields: ['obtainedBy'] });
    });

    it('refuses consent for someone who is not a billing practitioner of the practice', () => {
      givenPatient(patientEnrolled())
        .when(recordConsent({ billingPractitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(recordConsent()).thenRefuses('PATIENT_NOT_FOUND');
    });

    describe('the consent id is an idempotency key', () => {
      it('answers a re-sent consent as already applied at the revision of the original', () => {
        givenPatient(patientEnrolled(), consentRecorded(), timeLogged())
          .when(recordConsent())
          .thenAlreadyApplied(1);
      });

      it('treats a re-send by another user as the same consent', () => {
        givenPatient(patientEnrolled(), consentRecorded())
          .when(recordConsent(), { ...defaultContext, actorId: OTHER_ACTOR })
          .thenAlreadyApplied(1);
      });

      it('treats naming the default billing practitioner explicitly as the same content', () => {
        givenPatient(patientEnrolled(), consentRecorded())
          .when(recordConsent({ billingPractitionerId: DR_GREY.id }))
          .thenAlreadyApplied(1);
      });

      it('answers a re-send after withdrawal as already applied, without bringing the consent back', () => {
        givenPatient(patientEnrolled(), consentRecorded(), consentWithdrawn())
          .when(recordConsent())
          .thenAlreadyApplied(1);
      });

      it('refuses the same id with different content', () => {
        givenPatient(patientEnrolled(), consentRecorded())
          .when(recordConsent({ obtainedAt: '2026-01-10T10:05' }))
          .thenRefuses('CONSENT_ID_REUSED', { key: 'consent:consent-1' });
      });
    });
  });

  describe('WithdrawConsent (CONS-6)', () => {
    it('withdraws the consent in force, effective at the end of the calendar month', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-03-12T09:30', reason: 'Does not want the coinsurance' }))
        .then(consentWithdrawn({ effectiveEndOfDay: '2026-03-31', reason: 'Does not want the coinsurance' }));
    });

    it('records who withdrew it', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent(), { ...defaultContext, actorId: OTHER_ACTOR })
        .then(consentWithdrawn({ recordedBy: OTHER_ACTOR }));
    });

    it('ends a February withdrawal on the 29th in a leap year', () => {
      givenPatient(patientEnrolled(), consentRecorded({ obtainedAt: '2028-01-10T10:00' }))
        .when(withdrawConsent({ withdrawnAt: '2028-02-10T09:00' }), contextAt('2028-02-15T12:00'))
        .then(consentWithdrawn({ withdrawnAt: '2028-02-10T09:00', effectiveEndOfDay: '2028-02-29' }));
    });

    it('ends a February withdrawal on the 28th in a common year', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-02-10T09:00' }))
        .then(consentWithdrawn({ withdrawnAt: '2026-02-10T09:00', effectiveEndOfDay: '2026-02-28' }));
    });

    it('ends a December withdrawal on 31 December of the same year', () => {
      givenPatient(patientEnrolled(), consentRecorded({ obtainedAt: '2025-11-03T10:00' }))
        .when(withdrawConsent({ withdrawnAt: '2025-12-15T16:45' }), contextAt('2026-01-02T08:00'))
        .then(consentWithdrawn({ withdrawnAt: '2025-12-15T16:45', effectiveEndOfDay: '2025-12-31' }));
    });

    it('ends a withdrawal on the last minute of a month on that same day', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-01-31T23:59' }))
        .then(consentWithdrawn({ withdrawnAt: '2026-01-31T23:59', effectiveEndOfDay: '2026-01-31' }));
    });

    it('accepts a withdrawal in the same minute as the consent', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-01-10T10:00' }))
        .then(consentWithdrawn({ withdrawnAt: '2026-01-10T10:00', effectiveEndOfDay: '2026-01-31' }));
    });

    it('refuses a withdrawal dated before the consent it withdraws', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-01-10T09:59' }))
        .thenRefuses('WITHDRAWAL_BEFORE_CONSENT', { fields: ['withdrawnAt'] });
    });

    it('refuses a withdrawal after now', () => {
      givenPatient(patientEnrolled(), consentRecorded())
        .when(withdrawConsent({ withdrawnAt: '2026-04-01T09:00' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['withdrawnAt'] });
    });

    it('refuses when the patient never consented', () => {
      givenPatient(patientEnrolled()).when(withdrawConsent()).thenRefuses('CONSENT_NOT_ACTIVE');
    });

    it('refuses when the patient declined', () => {
      givenPatient(patientEnrolled(), consentRecorded({ decision: 'declined', disclosures: NO_DISCLOSURES }))
        .when(withdrawConsent())
        .thenRefuses('CONSENT_NOT_ACTIVE');
    });

    it('refuses when the consent was already withdrawn', () => {
      givenPatient(patientEnrolled(), consentRecorded(), consentWithdrawn())
        .when(withdrawConsent({ withdrawnAt: '2026-03-20T09:00' }))
        .thenRefuses('CONSENT_NOT_ACTIVE');
    });

    it('refuses when only another program has a consent in force', () => {
      givenPatient(patientEnrolled(), consentRecorded({ program: 'APCM' }))
        .when(withdrawConsent({ program: 'CCM' }))
        .thenRefuses('CONSENT_NOT_ACTIVE');
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(withdrawConsent()).thenRefuses('PATIENT_NOT_FOUND');
    });

    it('withdraws the newest consent after a new consent following a withdrawal (CONS-4)', () => {
      givenPatient(
        patientEnrolled(),
        consentRecorded(),
        consentWithdrawn({ withdrawnAt: '2026-02-03T09:00', effectiveEndOfDay: '2026-02-28' }),
        consentRecorded({ consentId: 'consent-2', obtainedAt: '2026-03-05T11:00' }),
      )
        .when(withdrawConsent({ withdrawnAt: '2026-03-20T10:00' }))
        .then(
          consentWithdrawn({
            consentId: 'consent-2',
            withdrawnAt: '2026-03-20T10:00',
            effectiveEndOfDay: '2026-03-31',
          }),
        );
    });
  });

  describe('consent in force', () => {
    it('is the accepted consent of the program', () => {
      expect(consentInForce('CCM', patientEnrolled(), consentRecorded())).toEqual({
        consentId: 'consent-1',
        program: 'CCM',
        decision: 'accepted',
        method: 'verbal_by_phone',
        obtainedAt: '2026-01-10T10:00',
        billingPractitionerId: DR_GREY.id,
      });
    });

    it('ends with a withdrawal, which is kept on the consent with its month-end effect (CONS-6)', () => {
      const state = enrolled(patientEnrolled(), consentRecorded(), consentWithdrawn());
      expect(activeConsent(state, 'CCM')).toBeUndefined();
      expect(state.consents).toEqual([
        expect.objectContaining({
          consentId: 'consent-1',
          withdrawnAt: '2026-03-12T09:30',
          effectiveEndOfDay: '2026-03-31',
        }),
      ]);
    });

    it('is active again after a new consent following a withdrawal', () => {
      const events = [
        patientEnrolled(),
        consentRecorded(),
        consentWithdrawn({ withdrawnAt: '2026-02-03T09:00', effectiveEndOfDay: '2026-02-28' }),
        consentRecorded({ consentId: 'consent-2', obtainedAt: '2026-03-05T11:00' }),
      ];
      expect(consentInForce('CCM', ...events)).toMatchObject({
        consentId: 'consent-2',
        obtainedAt: '2026-03-05T11:00',
      });
    });

    it('is none when the latest decision is a decline, even after an earlier acceptance', () => {
      const events = [
        patientEnrolled(),
        consentRecorded(),
        consentRecorded({ consentId: 'consent-2', decision: 'declined', obtainedAt: '2026-02-01T10:00' }),
      ];
      expect(consentInForce('CCM', ...events)).toBeUndefined();
    });

    it('follows when decisions were obtained, not when they were documented: a late-entered earlier refusal does not cancel a later acceptance', () => {
      const events = [
        patientEnrolled(),
        consentRecorded({ obtainedAt: '2026-03-05T11:00' }),
        consentRecorded({ consentId: 'consent-late', decision: 'declined', obtainedAt: '2026-01-10T10:00' }),
      ];
      expect(consentInForce('CCM', ...events)).toMatchObject({
        obtainedAt: '2026-03-05T11:00',
        decision: 'accepted',
      });
    });

    it('is kept per program: withdrawing CCM leaves an APCM consent in force (CONS-10)', () => {
      const events = [
        patientEnrolled(),
        consentRecorded(),
        consentRecorded({ consentId: 'consent-apcm', program: 'APCM' }),
        consentWithdrawn(),
      ];
      expect(consentInForce('CCM', ...events)).toBeUndefined();
      expect(consentInForce('APCM', ...events)).toMatchObject({ consentId: 'consent-apcm' });
    });

    it('remembers the consent id with the revision of its event', () => {
      const state = enrolled(patientEnrolled(), consentRecorded(), consentWithdrawn());
      expect(state.idempotencyKeys.get('consent:consent-1')).toMatchObject({ atRevision: 1 });
      expect(state.version).toBe(3);
    });
  });
});
