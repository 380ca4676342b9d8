import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, contextAt, DR_GREY, NP_NINA, patientEnrolled } from '../testing/fixtures';
import { rpmPeriodEnd } from './remote-monitoring';

type EnrolData = Extract<PatientCommand, { type: 'EnrollInRpm' }>['data'];

const enrolment = (overrides: Partial<EnrolData> = {}): EnrolData => ({
  deviceType: 'blood_pressure_cuff',
  orderingPractitionerId: DR_GREY.id,
  enrolledOn: '2026-02-20',
  consentDocumented: true,
  establishedPatient: true,
  ...overrides,
});
const enrollInRpm = (overrides: Partial<EnrolData> = {}): PatientCommand => ({
  type: 'EnrollInRpm',
  data: enrolment(overrides),
});
const rpmEnrolled = (overrides: Partial<EnrolData> = {}): PatientEvent => ({
  type: 'RpmEnrolled',
  data: { ...enrolment(overrides), recordedBy: ACTOR },
});

const recordPeriod = (periodId: string, start: string, days: number): PatientCommand => ({
  type: 'RecordRpmDevicePeriod',
  data: { periodId, start, daysWithTransmittedData: days },
});
const periodRecorded = (periodId: string, start: string, days: number): PatientEvent => ({
  type: 'RpmDevicePeriodRecorded',
  data: { periodId, start, end: rpmPeriodEnd(start), daysWithTransmittedData: days, recordedBy: ACTOR },
});
const endRpm = (endedOn = '2026-03-20', reason = 'device returned'): PatientCommand => ({
  type: 'EndRpm',
  data: { endedOn, reason },
});
const rpmEnded = (endedOn = '2026-03-20', reason = 'device returned'): PatientEvent => ({
  type: 'RpmEnded',
  data: { endedOn, reason, recordedBy: ACTOR },
});

describe('remote physiologic monitoring (RPM) and the APCM attestation', () => {
  describe('EnrollInRpm (RPM-4, RPM-5, RPM-6)', () => {
    it('RPM-5: records the device, the ordering billing practitioner, the consent and whether the patient is established', () => {
      givenPatient(patientEnrolled()).when(enrollInRpm()).then(rpmEnrolled());
      // Not established: recorded as it is; the billing engine refuses RPM codes for it (RPM-5).
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ establishedPatient: false }))
        .then(rpmEnrolled({ establishedPatient: false }));
    });
    it('a repeat is already applied; another enrolment while enrolled is refused', () => {
      givenPatient(patientEnrolled(), rpmEnrolled()).when(enrollInRpm()).thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(enrollInRpm({ deviceType: 'glucometer' }))
        .thenRefuses('RPM_ALREADY_ENROLLED');
    });
    it('RPM-6: a new episode may start after the previous one ended, not before its end', () => {
      givenPatient(patientEnrolled(), rpmEnrolled(), rpmEnded())
        .when(enrollInRpm({ enrolledOn: '2026-03-25' }))
        .then(rpmEnrolled({ enrolledOn: '2026-03-25' }));
      givenPatient(patientEnrolled(), rpmEnrolled(), rpmEnded())
        .when(enrollInRpm({ enrolledOn: '2026-03-20' }))
        .thenRefuses('RPM_DATES_INVALID', { fields: ['enrolledOn'] });
    });
    it('RPM-4: refuses an ordering practitioner who is not a billing practitioner on the roster', () => {
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ orderingPractitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER', { fields: ['orderingPractitionerId'] });
    });
    it('records an enrolment whose consent is not documented: billing, not the record, refuses RPM codes (CONS-1)', () => {
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ consentDocumented: false }))
        .then(rpmEnrolled({ consentDocumented: false }));
    });
    it('refuses an unknown device, a future or impossible date, or a patient not enrolled', () => {
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ deviceType: 'toaster' as EnrolData['deviceType'] }))
        .thenRefuses('RPM_DEVICE_TYPE_INVALID');
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ enrolledOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled())
        .when(enrollInRpm({ enrolledOn: '2026-02-30' }))
        .thenRefuses('DATE_INVALID', { fields: ['enrolledOn'] });
      givenPatient().when(enrollInRpm()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('RecordRpmDevicePeriod (RPM-1, RPM-2, RPM-4)', () => {
    it('RPM-1: a 30-day period from its start, independent of calendar months', () => {
      expect(rpmPeriodEnd('2026-03-01')).toBe('2026-03-30');
      expect(rpmPeriodEnd('2026-02-20')).toBe('2026-03-21');
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(recordPeriod('p-1', '2026-02-20', 18))
        .then(periodRecorded('p-1', '2026-02-20', 18));
    });
    it('the period id is the idempotency key: the same report is already applied, more days supersede it', () => {
      const history = [patientEnrolled(), rpmEnrolled(), periodRecorded('p-1', '2026-03-01', 10)];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 10))
        .thenAlreadyApplied(2);
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 17))
        .then(periodRecorded('p-1', '2026-03-01', 17));
    });
    it('refuses a later report with fewer days, or the same id for another start', () => {
      const history = [patientEnrolled(), rpmEnrolled(), periodRecorded('p-1', '2026-03-01', 10)];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 9))
        .thenRefuses('RPM_PERIOD_DAYS_DECREASED', { recordedDays: 10 });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-02', 10))
        .thenRefuses('RPM_PERIOD_ID_REUSED', { key: 'p-1' });
    });
    it('RPM-2: days with data are 0..30 and never more than the days elapsed so far', () => {
      const history = [patientEnrolled(), rpmEnrolled()];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 31))
        .thenRefuses('RPM_DAYS_INVALID');
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 2.5))
        .thenRefuses('RPM_DAYS_INVALID');
      // 31 March is the 12th day of a period starting on the 20th.
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-20', 13))
        .thenRefuses('RPM_DAYS_EXCEED_ELAPSED', { elapsedDays: 12 });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-20', 12))
        .then(periodRecorded('p-1', '2026-03-20', 12));
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-04-01', 0))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-02-31', 3))
        .thenRefuses('DATE_INVALID', { fields: ['start'] });
    });
    it('RPM-4: refuses a period overlapping another one', () => {
      givenPatient(patientEnrolled(), rpmEnrolled(), periodRecorded('p-1', '2026-02-20', 20))
        .when(recordPeriod('p-2', '2026-03-21', 5))
        .thenRefuses('RPM_PERIODS_OVERLAP', { key: 'p-1' });
      givenPatient(patientEnrolled(), rpmEnrolled(), periodRecorded('p-1', '2026-02-20', 20))
        .when(recordPeriod('p-2', '2026-03-22', 5))
        .then(periodRecorded('p-2', '2026-03-22', 5));
    });
    it('refuses a period outside the RPM episode: never enrolled, before the enrolment, after its end', () => {
      givenPatient(patientEnrolled())
        .when(recordPeriod('p-1', '2026-03-01', 5))
        .thenRefuses('RPM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(recordPeriod('p-1', '2026-02-19', 5))
        .thenRefuses('RPM_PERIOD_BEFORE_ENROLMENT', { enrolledOn: '2026-02-20' });
      givenPatient(patientEnrolled(), rpmEnrolled(), rpmEnded())
        .when(recordPeriod('p-1', '2026-03-21', 5))
        .thenRefuses('RPM_NOT_ENROLLED', { endedOn: '2026-03-20' });
    });
    it('a period begun before RPM ended still takes its final report afterwards', () => {
      givenPatient(patientEnrolled(), rpmEnrolled(), periodRecorded('p-1', '2026-03-01', 10), rpmEnded())
        .when(recordPeriod('p-1', '2026-03-01', 19))
        .then(periodRecorded('p-1', '2026-03-01', 19));
    });
  });

  describe('EndRpm', () => {
    it('ends the episode; a repeat is already applied', () => {
      givenPatient(patientEnrolled(), rpmEnrolled()).when(endRpm()).then(rpmEnded());
      givenPatient(patientEnrolled(), rpmEnrolled(), rpmEnded()).when(endRpm()).thenAlreadyApplied(2);
    });
    it('refuses an end without an episode, before it began, or in the future', () => {
      givenPatient(patientEnrolled()).when(endRpm()).thenRefuses('RPM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rpmEnrolled(), rpmEnded())
        .when(endRpm('2026-03-21'))
        .thenRefuses('RPM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(endRpm('2026-02-19'))
        .thenRefuses('RPM_DATES_INVALID', { fields: ['endedOn'] });
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(endRpm('2026-04-02'))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled(), rpmEnrolled())
        .when(endRpm('2026-13-01'))
        .thenRefuses('DATE_INVALID', { fields: ['endedOn'] });
    });
  });

  describe('RecordApcmAttestation (APCM-2)', () => {
    const attest = (
      overrides: Partial<{ fromMonth: string; practitionerId: string; serviceElementsInPlace: boolean }> = {},
    ): PatientCommand => ({
      type: 'RecordApcmAttestation',
      data: {
        fromMonth: '2026-03',
        practitionerId: DR_GREY.id,
        responsibleForAllPrimaryCare: true,
        serviceElementsInPlace: true,
        ...overrides,
      },
    });
    it('APCM-2: records the practitioner’s attestation from a month on, a withdrawal (false flags) alike', () => {
      givenPatient(patientEnrolled())
        .when(attest())
        .then({
          type: 'ApcmAttestationRecorded',
          data: {
            fromMonth: '2026-03',
            practitionerId: DR_GREY.id,
            responsibleForAllPrimaryCare: true,
            serviceElementsInPlace: true,
            attestedBy: ACTOR,
          },
        });
      givenPatient(patientEnrolled())
        .when(attest({ serviceElementsInPlace: false }), contextAt('2026-04-01T08:00'))
        .accepted();
    });
    it('refuses someone who is not a billing practitioner, a month not begun, and a malformed month', () => {
      givenPatient(patientEnrolled())
        .when(attest({ practitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER', { fields: ['practitionerId'] });
      givenPatient(patientEnrolled())
        .when(attest({ fromMonth: '2026-04' }))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled())
        .when(attest({ fromMonth: '2026-3' }))
        .thenRefuses('DATE_INVALID', { fields: ['fromMonth'] });
    });
  });

  it('folds the episode and its periods into the state the decider reads', () => {
    const { state } = givenPatient(
      patientEnrolled(),
      rpmEnrolled(),
      periodRecorded('p-1', '2026-02-20', 10),
      periodRecorded('p-1', '2026-02-20', 20),
      rpmEnded(),
    );
    expect(state.status === 'enrolled' && state.rpm).toEqual({
      episode: {
        deviceType: 'blood_pressure_cuff',
        orderingPractitionerId: DR_GREY.id,
        enrolledOn: '2026-02-20',
        consentDocumented: true,
        establishedPatient: true,
        atRevision: 1,
        ended: { endedOn: '2026-03-20', reason: 'device returned', atRevision: 4 },
      },
      periods: {
        'p-1': { start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 20, atRevision: 3 },
      },
    });
  });
});
