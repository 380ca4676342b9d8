import type { PatientEvent } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';
import { evolveOutcomeRecord, type OutcomeRecord } from './outcome-record';

const envelope = (revision: number, event: { type: string; data: object }): PatientEventEnvelope =>
  ({
    practiceId: 'p',
    patientId: 'pt-1',
    revision,
    timeZone: 'America/Chicago',
    event: event as unknown as PatientEvent,
  }) as PatientEventEnvelope;

const fold = (events: { type: string; data: object }[]): OutcomeRecord | undefined =>
  events.reduce<OutcomeRecord | undefined>(
    (record, event, revision) => evolveOutcomeRecord(record, envelope(revision, event)) ?? record,
    undefined,
  );

const enrolled = {
  type: 'PatientEnrolled',
  data: {
    enrolledOn: '2026-01-05',
    conditions: [
      { icd10: 'I10', attestedOn: '2026-01-02' },
      { icd10: 'E11.9', attestedOn: '2025-11-20' },
    ],
  },
};
const bp = (id: string, systolic: number) => ({
  type: 'ClinicalObservationRecorded',
  data: {
    observationId: id,
    takenAt: '2026-02-01T09:00',
    measurement: { kind: 'blood_pressure', systolicMmHg: systolic, diastolicMmHg: 80 },
  },
});

describe('outcome record (given events, then what the figures read)', () => {
  it('dates diagnoses from their attestation and ends them when resolved', () => {
    const record = fold([
      enrolled,
      { type: 'ConditionResolved', data: { icd10: 'I10', resolvedOn: '2026-03-01' } },
      { type: 'ConditionAdded', data: { condition: { icd10: 'I50.9', attestedOn: '2026-03-05' } } },
    ]);
    expect(record?.conditions).toEqual({
      I10: ['2026-01-02', '2026-03-01'],
      'E11.9': ['2025-11-20', null],
      'I50.9': ['2026-03-05', null],
    });
  });

  it('changes nothing for an event delivered again, or one it does not read', () => {
    const record = fold([enrolled, bp('o-1', 150)]) as OutcomeRecord;
    expect(evolveOutcomeRecord(record, envelope(1, bp('o-1', 150)))).toBeUndefined();
    expect(evolveOutcomeRecord(record, envelope(2, { type: 'TimeLogged', data: {} }))).toBeUndefined();
    expect(evolveOutcomeRecord(undefined, envelope(0, bp('o-1', 150)))).toBeUndefined();
  });

  it('keeps a survey score as a share of its scale', () => {
    const record = fold([
      enrolled,
      {
        type: 'SatisfactionSurveyRecorded',
        data: { surveyId: 's', completedOn: '2026-03-01', overallScore: 7, scale: { min: 0, max: 10 } },
      },
    ]);
    expect(record?.surveys).toEqual({ s: ['2026-03-01', 0.7] });
  });
});
