import type { PatientCommand, PatientEvent } from '../patient/patient';
import { foldPatient } from '../patient/patient';
import type { EnrolledPatient } from '../patient/patient-state';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, defaultContext, OTHER_ACTOR, patientEnrolled } from '../testing/fixtures';
import { currentDateOfBirth } from './demographics-rules';
import type { Demographics } from './demographics.events';

const typed: Demographics = {
  name: { given: [' Maria ', 'Elena'], family: 'Okafor ' },
  dateOfBirth: '1946-09-14',
  sex: 'female',
  mbi: '1eg4-te5-mk73',
  address: { lines: ['12 Elm St', 'Apt 4'], city: 'Riverside', state: 'ca', postalCode: '92501-1234' },
  phone: '(951) 555-0142',
};
const stored: Demographics = {
  name: { given: ['Maria', 'Elena'], family: 'Okafor' },
  dateOfBirth: '1946-09-14',
  sex: 'female',
  mbi: '1EG4TE5MK73',
  address: { lines: ['12 Elm St', 'Apt 4'], city: 'Riverside', state: 'CA', postalCode: '925011234' },
  phone: '9515550142',
};

const record = (overrides: Partial<Demographics> = {}): PatientCommand => ({
  type: 'RecordDemographics',
  data: { ...typed, ...overrides },
});
const recorded = (overrides: Partial<Demographics> = {}): PatientEvent => ({
  type: 'DemographicsRecorded',
  data: { ...stored, ...overrides, recordedBy: ACTOR },
});
const correct = (fields: Partial<Demographics>, correctionId = 'dc-1'): PatientCommand => ({
  type: 'CorrectDemographics',
  data: { ...fields, correctionId, reason: 'Read from the Medicare card' },
});
const corrected = (fields: Partial<Demographics>, correctionId = 'dc-1'): PatientEvent => ({
  type: 'DemographicsCorrected',
  data: { ...fields, correctionId, reason: 'Read from the Medicare card', correctedBy: ACTOR },
});

describe('demographics', () => {
  describe('RecordDemographics', () => {
    it('records name, date of birth, sex, MBI, address and phone in their stored form', () => {
      givenPatient(patientEnrolled()).when(record()).then(recorded());
    });

    it('answers the same demographics sent again as applied, by anyone; other content is a conflict', () => {
      const spec = givenPatient(patientEnrolled(), recorded());
      spec.when(record()).thenAlreadyApplied(1);
      spec.when(record(), { ...defaultContext, actorId: OTHER_ACTOR }).thenAlreadyApplied(1);
      spec.when(record({ phone: '951-555-0199' })).thenRefuses('DEMOGRAPHICS_ALREADY_RECORDED');
    });

    it('refuses fields not as the rules say, naming them and never their values', () => {
      const refusal = givenPatient(patientEnrolled())
        .when(
          record({
            mbi: '1EG4-TE5-MK7S',
            phone: '555-0142',
            address: { ...typed.address, state: 'XX' },
            sex: 'f' as Demographics['sex'],
          }),
        )
        .thenRefuses('DEMOGRAPHICS_INVALID', { fields: ['sex', 'mbi', 'address', 'phone'] });
      expect(JSON.stringify(refusal)).not.toMatch(/1EG4|MK7S|555|XX/i);
    });

    it('refuses a date of birth in the future or more than 130 years ago; 130 years to the day is taken', () => {
      const spec = givenPatient(patientEnrolled());
      spec.when(record({ dateOfBirth: '2026-04-01' })).thenRefuses('DEMOGRAPHICS_INVALID', {
        fields: ['dateOfBirth'],
      });
      spec.when(record({ dateOfBirth: '1900-02-30' })).thenRefuses('DEMOGRAPHICS_INVALID', {
        fields: ['dateOfBirth'],
      });
      const old = { ...defaultContext, nowLocal: '2031-03-31T10:00' };
      spec.when(record({ dateOfBirth: '1901-03-30' }), old).thenRefuses('DEMOGRAPHICS_INVALID');
      spec.when(record({ dateOfBirth: '1901-03-31' }), old).accepted();
      spec.when(record({ dateOfBirth: '2026-03-31' })).accepted();
    });

    it('refuses a recording without every field, and an empty name', () => {
      const { phone: _phone, ...withoutPhone } = typed;
      givenPatient(patientEnrolled())
        .when({ type: 'RecordDemographics', data: withoutPhone as Demographics })
        .thenRefuses('DEMOGRAPHICS_INVALID', { fields: ['phone'] });
      givenPatient(patientEnrolled())
        .when(record({ name: { given: [], family: 'Okafor' } }))
        .thenRefuses('DEMOGRAPHICS_INVALID', { fields: ['name'] });
    });

    it('is refused for a patient not enrolled', () => {
      givenPatient().when(record()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('CorrectDemographics', () => {
    it('corrects any subset of the fields with a reason; the state shows the correction applied', () => {
      const spec = givenPatient(patientEnrolled(), recorded());
      spec.when(correct({ mbi: '9ac0-d12-ef34' })).then(corrected({ mbi: '9AC0D12EF34' }));
      const state = foldPatient([
        patientEnrolled(),
        recorded(),
        corrected({ mbi: '9AC0D12EF34', phone: '9515550199' }),
      ]) as EnrolledPatient;
      expect(state.demographics).toMatchObject({
        ...stored,
        mbi: '9AC0D12EF34',
        phone: '9515550199',
        recordedAtRevision: 1,
        atRevision: 2,
        corrections: 1,
      });
    });

    it('a recorded or corrected date of birth supersedes the one given at enrolment', () => {
      const enrolled = patientEnrolled({ dateOfBirth: '1948-06-02' });
      expect((foldPatient([enrolled]) as EnrolledPatient).dateOfBirth).toBe('1948-06-02');
      expect((foldPatient([enrolled, recorded()]) as EnrolledPatient).dateOfBirth).toBe('1946-09-14');
      const after = foldPatient([enrolled, recorded(), corrected({ dateOfBirth: '1946-09-15' })]);
      expect((after as EnrolledPatient).dateOfBirth).toBe('1946-09-15');
      expect((after as EnrolledPatient).demographics?.dateOfBirth).toBe('1946-09-15');
    });

    it('gives readers of stored events the same date of birth as the decider', () => {
      const enrolled = patientEnrolled({ dateOfBirth: '1948-06-02' });
      expect(currentDateOfBirth([enrolled])).toBe('1948-06-02');
      expect(currentDateOfBirth([enrolled, recorded(), corrected({ sex: 'other' })])).toBe('1946-09-14');
      expect(currentDateOfBirth([enrolled, recorded(), corrected({ dateOfBirth: '1946-09-15' })])).toBe(
        '1946-09-15',
      );
      expect(currentDateOfBirth([])).toBeUndefined();
    });

    it('answers a re-sent correction as applied, and its id reused for other fields with a conflict', () => {
      const spec = givenPatient(patientEnrolled(), recorded(), corrected({ mbi: '9AC0D12EF34' }));
      spec.when(correct({ mbi: '9AC0-D12-EF34' })).thenAlreadyApplied(2);
      spec.when(correct({ phone: '9515550199' })).thenRefuses('DEMOGRAPHICS_CORRECTION_ID_REUSED');
    });

    it('refuses a correction before any recording, one naming no field, and one changing nothing', () => {
      givenPatient(patientEnrolled())
        .when(correct({ sex: 'male' }))
        .thenRefuses('DEMOGRAPHICS_NOT_RECORDED');
      const spec = givenPatient(patientEnrolled(), recorded());
      spec.when(correct({})).thenRefuses('DEMOGRAPHICS_CORRECTION_EMPTY');
      spec.when(correct({ mbi: '1eg4-te5-mk73' })).thenRefuses('DEMOGRAPHICS_UNCHANGED', { fields: ['mbi'] });
    });

    it('refuses invalid fields by name: an MBI, a future date of birth, a ZIP code', () => {
      const spec = givenPatient(patientEnrolled(), recorded());
      spec
        .when(correct({ mbi: '1EG4TE5MK7O', dateOfBirth: '2027-01-01' }))
        .thenRefuses('DEMOGRAPHICS_INVALID', { fields: ['dateOfBirth', 'mbi'] });
      spec
        .when(correct({ address: { ...stored.address, postalCode: '9250' } }))
        .thenRefuses('DEMOGRAPHICS_INVALID', { fields: ['address'] });
    });
  });
});
