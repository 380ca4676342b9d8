import type { PatientRecordExport, StoredEvent } from './export-context';

/** Test data: a practice, and events as the store gives them back, hash chain included. */
export const PRACTICE: PatientRecordExport['practice'] = {
  practiceId: 'riverside',
  name: 'Riverside Family Medicine',
  timeZone: 'America/Chicago',
  billingPractitioners: [{ id: 'dr-adams', npi: '1234567893', credential: 'MD' }],
  staff: [{ id: 'rn-lopez', role: 'clinical_staff', credential: 'RN' }],
};

export const PATIENT_ID = 'pt-0001';
const STREAM = `ccm.patient.${PRACTICE.practiceId}.${PATIENT_ID}`;

/** A stream written in order: each event chained to the one before by its hash. */
export function stream(
  ...events: readonly { type: string; data: object; actorId?: string }[]
): StoredEvent[] {
  return events.map((event, revision) => ({
    id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    streamId: STREAM,
    revision: BigInt(revision),
    type: event.type,
    data: event.data,
    metadata: {
      actorId: event.actorId ?? 'rn-lopez',
      actorRole: 'care_manager',
      recordedAt: `2026-03-${String(2 + revision).padStart(2, '0')}T16:00:00.000Z`,
      occurredAt: `2026-03-${String(2 + revision).padStart(2, '0')}T10:00`,
      timeZone: PRACTICE.timeZone,
      previousHash: revision === 0 ? '0'.repeat(64) : `hash-${revision - 1}`,
      hash: `hash-${revision}`,
    },
  }));
}

export const enrolled = {
  type: 'PatientEnrolled',
  actorId: 'admin-ada',
  data: {
    patientId: PATIENT_ID,
    practiceId: PRACTICE.practiceId,
    dateOfBirth: '1948-05-02',
    billingPractitionerId: 'dr-adams',
    careTeam: ['rn-lopez'],
    enrolledOn: '2026-03-01',
    conditions: [
      {
        icd10: 'E11.9',
        description: 'Type 2 diabetes',
        expectedDuration: '12_months_or_more',
        significantRisk: true,
        attestedBy: 'dr-adams',
        attestedOn: '2026-02-20',
      },
      {
        icd10: 'I10',
        description: 'Hypertension',
        expectedDuration: '12_months_or_more',
        significantRisk: true,
        attestedBy: 'dr-adams',
        attestedOn: '2026-02-20',
      },
    ],
  },
};

export const record = (events: StoredEvent[], accessEvents: StoredEvent[] = []): PatientRecordExport => ({
  practice: PRACTICE,
  patientId: PATIENT_ID,
  events,
  accessEvents,
});
