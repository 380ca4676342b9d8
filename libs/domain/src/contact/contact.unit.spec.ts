import { foldPatient } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import {
  NOW,
  OTHER_ACTOR,
  consentRecorded,
  consentWithdrawn,
  contactRecorded,
  defaultContext,
  patientEnrolled,
  recordContact,
  timeLogged,
} from '../testing/fixtures';
import { CONTACT_OUTCOMES } from './contact.events';

describe('contact', () => {
  describe('RecordContact', () => {
    it('records a contact, attributed to the acting user', () => {
      givenPatient(patientEnrolled(), consentRecorded()).when(recordContact()).then(contactRecorded());
    });

    it('records a contact with no consent on file: the consent call is itself a contact', () => {
      const consentCall = { summary: 'Explained CCM, cost-sharing, right to stop; patient accepted.' };
      givenPatient(patientEnrolled()).when(recordContact(consentCall)).then(contactRecorded(consentCall));
    });

    it('records a contact after consent was withdrawn', () => {
      givenPatient(patientEnrolled(), consentRecorded(), consentWithdrawn())
        .when(recordContact({ occurredAt: '2026-03-25T10:00' }))
        .then(contactRecorded({ occurredAt: '2026-03-25T10:00' }));
    });

    it.each(CONTACT_OUTCOMES.map((outcome) => [outcome]))(
      'records a contact whose outcome is %s',
      (outcome) => {
        givenPatient(patientEnrolled()).when(recordContact({ outcome })).then(contactRecorded({ outcome }));
      },
    );

    it('records a contact with a specialist by secure message', () => {
      const contact = {
        party: 'specialist' as const,
        channel: 'secure_message' as const,
        direction: 'inbound' as const,
      };
      givenPatient(patientEnrolled()).when(recordContact(contact)).then(contactRecorded(contact));
    });

    it('records a contact that happened this very minute', () => {
      givenPatient(patientEnrolled())
        .when(recordContact({ occurredAt: NOW }))
        .then(contactRecorded({ occurredAt: NOW }));
    });

    it('records a contact months late', () => {
      givenPatient(patientEnrolled())
        .when(recordContact({ occurredAt: '2025-09-01T09:00' }))
        .then(contactRecorded({ occurredAt: '2025-09-01T09:00' }));
    });

    it('refuses a contact after now', () => {
      givenPatient(patientEnrolled())
        .when(recordContact({ occurredAt: '2026-03-31T18:01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['occurredAt'] });
    });

    it('refuses for a patient who is not enrolled', () => {
      givenPatient().when(recordContact()).thenRefuses('PATIENT_NOT_FOUND');
    });

    describe('the contact id is an idempotency key', () => {
      it('answers a re-sent contact as already applied at the revision of the original', () => {
        givenPatient(patientEnrolled(), contactRecorded(), timeLogged())
          .when(recordContact())
          .thenAlreadyApplied(1);
      });

      it('treats a re-send by another user as the same contact, though it would be attributed differently', () => {
        givenPatient(patientEnrolled(), contactRecorded())
          .when(recordContact(), { ...defaultContext, actorId: OTHER_ACTOR })
          .thenAlreadyApplied(1);
      });

      it('refuses the same id with different content', () => {
        givenPatient(patientEnrolled(), contactRecorded())
          .when(recordContact({ outcome: 'no_answer' }))
          .thenRefuses('CONTACT_ID_REUSED', { key: 'contact:contact-1' });
      });

      it('answers a re-send as already applied even if it would now be refused as in the future', () => {
        givenPatient(patientEnrolled(), contactRecorded({ occurredAt: NOW }))
          .when(recordContact({ occurredAt: NOW }), { ...defaultContext, nowLocal: '2026-03-31T17:00' })
          .thenAlreadyApplied(1);
      });
    });
  });

  describe('evolve', () => {
    it('remembers the contact id with its revision and changes nothing else but the version', () => {
      const before = foldPatient([patientEnrolled()]);
      const after = foldPatient([contactRecorded()], before);
      if (after.status !== 'enrolled' || before.status !== 'enrolled')
        throw new Error('expected an enrolled patient');
      const { idempotencyKeys: keysAfter, ...otherwiseAfter } = after;
      const { idempotencyKeys: keysBefore, ...otherwiseBefore } = before;
      expect(otherwiseAfter).toEqual({ ...otherwiseBefore, version: 2 });
      expect(keysAfter.toJSON()).toEqual({
        ...keysBefore.toJSON(),
        'contact:contact-1': expect.objectContaining({ atRevision: 1 }),
      });
    });
  });
});
