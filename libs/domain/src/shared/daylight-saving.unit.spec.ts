import { givenPatient } from '../testing/decider-spec';
import {
  consentRecorded,
  consentWithdrawn,
  contactRecorded,
  correctTime,
  logTime,
  patientEnrolled,
  recordConsent,
  recordContact,
  timeCorrected,
  timeLogged,
  withdrawConsent,
} from '../testing/fixtures';

// The fixture practice keeps New York time: 2026-03-08 02:00-02:59 never happened there; 2025-11-02
// 01:00-01:59 happened twice, first at UTC-4 (daylight time), then at UTC-5.

describe('a local time the practice’s clocks skipped is refused, whatever records it', () => {
  it('a contact', () => {
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2026-03-08T02:30' }))
      .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['occurredAt'] });
  });

  it('consent obtained, and consent withdrawn', () => {
    givenPatient(patientEnrolled())
      .when(recordConsent({ obtainedAt: '2026-03-08T02:00' }))
      .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['obtainedAt'] });
    givenPatient(patientEnrolled(), consentRecorded())
      .when(withdrawConsent({ withdrawnAt: '2026-03-08T02:59' }))
      .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['withdrawnAt'] });
  });

  it('time logged, and time corrected to start then', () => {
    givenPatient(patientEnrolled())
      .when(logTime({ serviceDate: '2026-03-08', startTime: '02:15' }))
      .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['startTime'] });
    givenPatient(patientEnrolled(), timeLogged())
      .when(correctTime({ serviceDate: '2026-03-08', startTime: '02:15' }))
      .thenRefuses('LOCAL_TIME_SKIPPED', { fields: ['startTime'] });
  });

  it('but not the minutes either side of the gap', () => {
    givenPatient(patientEnrolled())
      .when(logTime({ serviceDate: '2026-03-08', startTime: '01:59', minutes: 5 }))
      .then(timeLogged({ serviceDate: '2026-03-08', startTime: '01:59', minutes: 5 }));
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2026-03-08T03:00' }))
      .then(contactRecorded({ occurredAt: '2026-03-08T03:00' }));
  });
});

describe('a local time the practice’s clocks showed twice is stored with its offset', () => {
  it('the first occurrence when the command does not say which', () => {
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2025-11-02T01:30' }))
      .then(contactRecorded({ occurredAt: '2025-11-02T01:30', occurredAtOffset: '-04:00' }));
    givenPatient(patientEnrolled())
      .when(logTime({ serviceDate: '2025-11-02', startTime: '01:10' }))
      .then(timeLogged({ serviceDate: '2025-11-02', startTime: '01:10', startTimeOffset: '-04:00' }));
  });

  it('the occurrence the command names', () => {
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2025-11-02T01:30', occurredAtOffset: '-05:00' }))
      .then(contactRecorded({ occurredAt: '2025-11-02T01:30', occurredAtOffset: '-05:00' }));
    givenPatient(patientEnrolled())
      .when(recordConsent({ obtainedAt: '2025-11-02T01:45', obtainedAtOffset: '-05:00' }))
      .then(consentRecorded({ obtainedAt: '2025-11-02T01:45', obtainedAtOffset: '-05:00' }));
    givenPatient(patientEnrolled(), consentRecorded({ obtainedAt: '2025-10-01T10:00' }))
      .when(withdrawConsent({ withdrawnAt: '2025-11-02T01:05', withdrawnAtOffset: '-05:00' }))
      .then(
        consentWithdrawn({
          withdrawnAt: '2025-11-02T01:05',
          withdrawnAtOffset: '-05:00',
          effectiveEndOfDay: '2025-11-30',
        }),
      );
    givenPatient(patientEnrolled(), timeLogged())
      .when(correctTime({ serviceDate: '2025-11-02', startTime: '01:10', startTimeOffset: '-05:00' }))
      .then(timeCorrected({ serviceDate: '2025-11-02', startTime: '01:10', startTimeOffset: '-05:00' }));
  });

  it('and no offset for a time that happened once, even when the command gives its right one', () => {
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2026-03-10T14:00', occurredAtOffset: '-04:00' }))
      .then(contactRecorded({ occurredAt: '2026-03-10T14:00' }));
  });

  it('refuses an offset the clock did not have at that time', () => {
    givenPatient(patientEnrolled())
      .when(recordContact({ occurredAt: '2025-11-02T01:30', occurredAtOffset: '+01:00' }))
      .thenRefuses('OFFSET_INVALID', { fields: ['occurredAt'] });
    givenPatient(patientEnrolled())
      .when(logTime({ startTimeOffset: '-05:00' }))
      .thenRefuses('OFFSET_INVALID', { fields: ['startTime'] });
  });

  it('a repeated command gives the same event, so it replays rather than conflicts', () => {
    givenPatient(
      patientEnrolled(),
      contactRecorded({ occurredAt: '2025-11-02T01:30', occurredAtOffset: '-04:00' }),
    )
      .when(recordContact({ occurredAt: '2025-11-02T01:30' }))
      .thenAlreadyApplied(1);
  });
});
