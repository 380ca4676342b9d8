import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, DR_GREY, DR_HOUSE, NP_NINA, patientEnrolled } from '../testing/fixtures';

type EnrolData = Extract<PatientCommand, { type: 'EnrollInRtm' }>['data'];

const enrollInRtm = (overrides: Partial<EnrolData> = {}): PatientCommand => ({
  type: 'EnrollInRtm',
  data: { orderingPractitionerId: DR_GREY.id, enrolledOn: '2026-02-20', ...overrides },
});
const rtmEnrolled = (overrides: Partial<EnrolData> = {}): PatientEvent => ({
  type: 'RtmEnrolled',
  data: { orderingPractitionerId: DR_GREY.id, enrolledOn: '2026-02-20', ...overrides, recordedBy: ACTOR },
});
const recordPeriod = (periodId: string, start: string, days: number, end?: string): PatientCommand => ({
  type: 'RecordRtmDevicePeriod',
  data: { periodId, start, ...(end ? { end } : {}), daysWithTransmittedData: days },
});
const periodRecorded = (periodId: string, start: string, end: string, days: number): PatientEvent => ({
  type: 'RtmDevicePeriodRecorded',
  data: { periodId, start, end, daysWithTransmittedData: days, recordedBy: ACTOR },
});
const endRtm = (endedOn = '2026-03-20', reason = 'therapy completed'): PatientCommand => ({
  type: 'EndRtm',
  data: { endedOn, reason },
});
const rtmEnded = (endedOn = '2026-03-20', reason = 'therapy completed'): PatientEvent => ({
  type: 'RtmEnded',
  data: { endedOn, reason, recordedBy: ACTOR },
});

describe('remote therapeutic monitoring (RTM): recorded so RPM is kept and RTM dropped (RPM-4, EXCL-4)', () => {
  describe('EnrollInRtm', () => {
    it('records the ordering practitioner, the start and, when given, the device type', () => {
      givenPatient(patientEnrolled()).when(enrollInRtm()).then(rtmEnrolled());
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ deviceType: 'musculoskeletal_system' }))
        .then(rtmEnrolled({ deviceType: 'musculoskeletal_system' }));
      // Any billing practitioner on the roster may order it, not only the patient's own.
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ orderingPractitionerId: DR_HOUSE.id }))
        .then(rtmEnrolled({ orderingPractitionerId: DR_HOUSE.id }));
    });
    it('a repeat is already applied; another enrolment while enrolled is refused', () => {
      givenPatient(patientEnrolled(), rtmEnrolled()).when(enrollInRtm()).thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(enrollInRtm({ enrolledOn: '2026-03-01' }))
        .thenRefuses('RTM_ALREADY_ENROLLED', { enrolledOn: '2026-02-20' });
    });
    it('a new episode may start after the previous one ended, not before its end', () => {
      givenPatient(patientEnrolled(), rtmEnrolled(), rtmEnded())
        .when(enrollInRtm({ enrolledOn: '2026-03-25' }))
        .then(rtmEnrolled({ enrolledOn: '2026-03-25' }));
      givenPatient(patientEnrolled(), rtmEnrolled(), rtmEnded())
        .when(enrollInRtm({ enrolledOn: '2026-03-20' }))
        .thenRefuses('RTM_DATES_INVALID', { fields: ['enrolledOn'] });
    });
    it('refuses an ordering practitioner who is not a billing practitioner on the roster', () => {
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ orderingPractitionerId: NP_NINA.id }))
        .thenRefuses('BILLING_PRACTITIONER_NOT_ON_ROSTER', { fields: ['orderingPractitionerId'] });
    });
    it('refuses an unknown device, a future or impossible date, or a patient not enrolled', () => {
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ deviceType: 'toaster' as EnrolData['deviceType'] }))
        .thenRefuses('RTM_DEVICE_TYPE_INVALID', { fields: ['deviceType'] });
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ enrolledOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['enrolledOn'] });
      givenPatient(patientEnrolled())
        .when(enrollInRtm({ enrolledOn: '2026-02-30' }))
        .thenRefuses('DATE_INVALID', { fields: ['enrolledOn'] });
      givenPatient().when(enrollInRtm()).thenRefuses('PATIENT_NOT_FOUND');
    });
  });

  describe('RecordRtmDevicePeriod', () => {
    it('a period of 30 days from its start unless its end is given', () => {
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(recordPeriod('p-1', '2026-02-20', 18))
        .then(periodRecorded('p-1', '2026-02-20', '2026-03-21', 18));
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(recordPeriod('p-1', '2026-03-01', 10, '2026-03-15'))
        .then(periodRecorded('p-1', '2026-03-01', '2026-03-15', 10));
    });
    it('the period id is the idempotency key: the same report is already applied, more days supersede it', () => {
      const history = [
        patientEnrolled(),
        rtmEnrolled(),
        periodRecorded('p-1', '2026-03-01', '2026-03-30', 10),
      ];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 10))
        .thenAlreadyApplied(2);
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 10, '2026-03-30'))
        .thenAlreadyApplied(2);
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 17))
        .then(periodRecorded('p-1', '2026-03-01', '2026-03-30', 17));
    });
    it('refuses a later report with fewer days, or the same id for another start or end (a conflict)', () => {
      const history = [
        patientEnrolled(),
        rtmEnrolled(),
        periodRecorded('p-1', '2026-03-01', '2026-03-30', 10),
      ];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 9))
        .thenRefuses('RTM_PERIOD_DAYS_DECREASED', { recordedDays: 10 });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-02', 10))
        .thenRefuses('RTM_PERIOD_ID_REUSED', { key: 'p-1' });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 10, '2026-03-20'))
        .thenRefuses('RTM_PERIOD_ID_REUSED', { key: 'p-1' });
    });
    it('refuses an end before the start, a period over 30 days, and impossible dates', () => {
      const history = [patientEnrolled(), rtmEnrolled()];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-10', 1, '2026-03-09'))
        .thenRefuses('RTM_DATES_INVALID', { fields: ['end'] });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 1, '2026-03-31'))
        .thenRefuses('RTM_PERIOD_TOO_LONG', { fields: ['end'] });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-02-31', 3))
        .thenRefuses('DATE_INVALID', { fields: ['start'] });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 3, '2026-03-32'))
        .thenRefuses('DATE_INVALID', { fields: ['end'] });
    });
    it('days with data are whole, within the period and never more than the days elapsed so far', () => {
      const history = [patientEnrolled(), rtmEnrolled()];
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 31))
        .thenRefuses('RTM_DAYS_INVALID', { fields: ['daysWithTransmittedData'] });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 11, '2026-03-10'))
        .thenRefuses('RTM_DAYS_INVALID');
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-01', 2.5))
        .thenRefuses('RTM_DAYS_INVALID');
      // 31 March is the 12th day of a period starting on the 20th.
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-20', 13))
        .thenRefuses('RTM_DAYS_EXCEED_ELAPSED', { elapsedDays: 12 });
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-03-20', 12))
        .then(periodRecorded('p-1', '2026-03-20', '2026-04-18', 12));
      givenPatient(...history)
        .when(recordPeriod('p-1', '2026-04-01', 0))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['start'] });
    });
    it('refuses a period overlapping another one', () => {
      const history = [
        patientEnrolled(),
        rtmEnrolled(),
        periodRecorded('p-1', '2026-02-20', '2026-03-21', 20),
      ];
      givenPatient(...history)
        .when(recordPeriod('p-2', '2026-03-21', 5))
        .thenRefuses('RTM_PERIODS_OVERLAP', { key: 'p-1' });
      givenPatient(...history)
        .when(recordPeriod('p-2', '2026-03-22', 5))
        .then(periodRecorded('p-2', '2026-03-22', '2026-04-20', 5));
    });
    it('refuses a period outside the RTM episode: never enrolled, before the enrolment, after its end', () => {
      givenPatient(patientEnrolled())
        .when(recordPeriod('p-1', '2026-03-01', 5))
        .thenRefuses('RTM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(recordPeriod('p-1', '2026-02-19', 5))
        .thenRefuses('RTM_PERIOD_BEFORE_ENROLMENT', { enrolledOn: '2026-02-20' });
      givenPatient(patientEnrolled(), rtmEnrolled(), rtmEnded())
        .when(recordPeriod('p-1', '2026-03-21', 5))
        .thenRefuses('RTM_NOT_ENROLLED', { endedOn: '2026-03-20' });
    });
    it('a period begun before RTM ended still takes its final report afterwards', () => {
      givenPatient(
        patientEnrolled(),
        rtmEnrolled(),
        periodRecorded('p-1', '2026-03-01', '2026-03-30', 10),
        rtmEnded(),
      )
        .when(recordPeriod('p-1', '2026-03-01', 19))
        .then(periodRecorded('p-1', '2026-03-01', '2026-03-30', 19));
    });
  });

  describe('EndRtm', () => {
    it('ends the episode; a repeat is already applied', () => {
      givenPatient(patientEnrolled(), rtmEnrolled()).when(endRtm()).then(rtmEnded());
      givenPatient(patientEnrolled(), rtmEnrolled(), rtmEnded()).when(endRtm()).thenAlreadyApplied(2);
    });
    it('refuses an end without an episode, before it began, in the future, or on an impossible date', () => {
      givenPatient(patientEnrolled()).when(endRtm()).thenRefuses('RTM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rtmEnrolled(), rtmEnded())
        .when(endRtm('2026-03-21'))
        .thenRefuses('RTM_NOT_ENROLLED');
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(endRtm('2026-02-19'))
        .thenRefuses('RTM_DATES_INVALID', { fields: ['endedOn'] });
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(endRtm('2026-04-02'))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['endedOn'] });
      givenPatient(patientEnrolled(), rtmEnrolled())
        .when(endRtm('2026-13-01'))
        .thenRefuses('DATE_INVALID', { fields: ['endedOn'] });
    });
  });

  it('folds the episode and its periods into the state the decider reads', () => {
    const { state } = givenPatient(
      patientEnrolled(),
      rtmEnrolled({ deviceType: 'respiratory_system' }),
      periodRecorded('p-1', '2026-02-20', '2026-03-21', 10),
      periodRecorded('p-1', '2026-02-20', '2026-03-21', 20),
      rtmEnded(),
    );
    expect(state.status === 'enrolled' && state.rtm).toEqual({
      episode: {
        orderingPractitionerId: DR_GREY.id,
        enrolledOn: '2026-02-20',
        deviceType: 'respiratory_system',
        atRevision: 1,
        ended: { endedOn: '2026-03-20', reason: 'therapy completed', atRevision: 4 },
      },
      periods: {
        'p-1': { start: '2026-02-20', end: '2026-03-21', daysWithTransmittedData: 20, atRevision: 3 },
      },
    });
  });
});
