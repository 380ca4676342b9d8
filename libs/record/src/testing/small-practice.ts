import type { Actor, PatientCommand } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import type { Clock } from '../clock';
import type { RequestContext } from '../event-envelope';
import { PatientRecords } from '../patient-records';
import { PracticeRecords } from '../practice-records';

/** A one-practitioner, one-nurse practice for tests that need real records, not the api. */
export const SMALL_PRACTICE_ID = 'riverside';
export const ADMIN: Actor = { userId: 'ada', role: 'admin', practiceId: SMALL_PRACTICE_ID };
export const NURSE: Actor = { userId: 'rn-lopez', role: 'care_manager', practiceId: SMALL_PRACTICE_ID };

export const contextOf = (actor: Actor): RequestContext => ({
  actor,
  correlationId: 'test',
  causationId: 'test',
});

export async function registerSmallPractice(
  store: EventStore,
  clock: Clock,
): Promise<{ practices: PracticeRecords; patients: PatientRecords }> {
  const practices = new PracticeRecords(store, clock);
  await practices.execute(
    {
      type: 'RegisterPractice',
      data: {
        practiceId: SMALL_PRACTICE_ID,
        name: 'Riverside',
        timeZone: 'America/Chicago',
        billingPractitioners: [{ id: 'dr-adams', npi: '1234567893', credential: 'MD' }],
        staff: [{ id: 'rn-lopez', role: 'clinical_staff', credential: 'RN' }],
      },
    },
    contextOf(ADMIN),
  );
  return { practices, patients: new PatientRecords(store, practices, clock) };
}

export const enrolPlainPatient = (patientId: string): PatientCommand => ({
  type: 'EnrollPatient',
  data: {
    patientId,
    dateOfBirth: '1950-01-01',
    billingPractitionerId: 'dr-adams',
    conditions: [],
    careTeam: [],
  },
});

export const nurseTime = (entryId: string, serviceDate = '2026-03-03', minutes = 10): PatientCommand => ({
  type: 'LogTime',
  data: {
    entryId,
    performerId: 'rn-lopez',
    performerRole: 'clinical_staff',
    program: 'CCM',
    activity: 'call',
    serviceDate,
    startTime: '10:00',
    minutes,
  },
});
