import type { RecordedEvent } from '@ccm/event-store';
import { positionOf } from '@ccm/event-store';
import { decodePatientEvent } from '@ccm/patient-months';
import { decodeCandidateEvent } from './candidate-events';
import {
  consentDatesOf,
  evolveCandidateFunnelRecord,
  evolvePatientFunnelRecord,
  type CandidateFunnelRecord,
  type PatientFunnelRecord,
} from './funnel-record';

const recorded = (streamId: string, revision: number, type: string, data: object): RecordedEvent => ({
  id: `${streamId}-${revision}`,
  streamId,
  revision: BigInt(revision),
  position: positionOf(revision + 1),
  type,
  data: data as RecordedEvent['data'],
  metadata: { timeZone: 'America/Chicago' },
});

const CANDIDATE = 'ccm.candidate.clinic.c-1';
const PATIENT = 'ccm.patient.clinic.pt-1';

function foldCandidate(events: readonly [string, object][]): CandidateFunnelRecord | undefined {
  let record: CandidateFunnelRecord | undefined;
  events.forEach(([type, data], revision) => {
    const envelope = decodeCandidateEvent(recorded(CANDIDATE, revision, type, data));
    record = (envelope && evolveCandidateFunnelRecord(record, envelope)) ?? record;
  });
  return record;
}

function foldPatient(events: readonly [string, object][]): PatientFunnelRecord | undefined {
  let record: PatientFunnelRecord | undefined;
  events.forEach(([type, data], revision) => {
    const envelope = decodePatientEvent(recorded(PATIENT, revision, type, data));
    record = (envelope && evolvePatientFunnelRecord(record, envelope)) ?? record;
  });
  return record;
}

const identified = {
  candidateId: 'c-1',
  practiceId: 'clinic',
  source: 'csv',
  identifiedOn: '2026-01-05',
  name: { given: ['Ada'], family: 'Lovelace' },
  dateOfBirth: '1950-01-01',
  sex: 'female',
  conditions: [],
  coverages: [],
  encounters: [],
  identifiedBy: 'ada',
};
const attempt = (attemptId: string, attemptedAt: string, outcome: string) => ({
  attemptId,
  attemptedAt,
  channel: 'phone',
  purpose: 'enrolment',
  outcome,
  recordedBy: 'rn',
});
const enrolled = { patientId: 'pt-1', dateOfBirth: '1950-01-01', enrolledOn: '2026-02-01', conditions: [] };
const consent = (consentId: string, obtainedAt: string, decision = 'accepted') => ({
  consentId,
  program: 'CCM',
  decision,
  obtainedAt,
});
const withdrawal = (consentId: string, withdrawnAt: string) => ({ consentId, program: 'CCM', withdrawnAt });

describe('the funnel record of a candidate', () => {
  it('keeps the day identified, each attempt by business time and the patient linked, and no profile', () => {
    const record = foldCandidate([
      ['CandidateIdentified', identified],
      ['OutreachAttempted', attempt('a-2', '2026-01-09T10:00', 'reached')],
      ['CandidateUpdated', { ...identified, updatedOn: '2026-01-10' }],
      ['OutreachAttempted', attempt('a-1', '2026-01-07T09:30', 'no_answer')],
      ['CandidateEnrolled', { patientId: 'pt-1', enrolledOn: '2026-02-01', recordedBy: 'ada' }],
    ]);
    expect(record).toEqual({
      candidateId: 'c-1',
      revision: 4,
      identifiedOn: '2026-01-05',
      attempts: { 'a-2': ['2026-01-09T10:00', 'reached'], 'a-1': ['2026-01-07T09:30', 'no_answer'] },
      patientId: 'pt-1',
    });
    expect(JSON.stringify(record)).not.toMatch(/Lovelace|1950/);
  });

  it('ignores events before the identification, a redelivered event and data outside the contract', () => {
    expect(
      foldCandidate([['OutreachAttempted', attempt('a-1', '2026-01-07T09:30', 'reached')]]),
    ).toBeUndefined();
    const once = foldCandidate([['CandidateIdentified', identified]]);
    const envelope = decodeCandidateEvent(
      recorded(CANDIDATE, 0, 'OutreachAttempted', attempt('a', '2026-01-07T09:30', 'reached')),
    );
    expect(envelope && evolveCandidateFunnelRecord(once, envelope)).toBeUndefined();
    expect(
      decodeCandidateEvent(recorded(CANDIDATE, 1, 'OutreachAttempted', attempt('a', 'soon', 'reached'))),
    ).toBeUndefined();
    expect(
      decodeCandidateEvent(
        recorded(CANDIDATE, 1, 'OutreachAttempted', attempt('a', '2026-01-07T09:30', 'maybe')),
      ),
    ).toBeUndefined();
    expect(decodeCandidateEvent(recorded(PATIENT, 1, 'CandidateIdentified', identified))).toBeUndefined();
  });
});

describe('the funnel record of a patient', () => {
  it('keeps the day enrolled and accepted consents with their withdrawals; a declined consent is not kept', () => {
    const record = foldPatient([
      ['PatientEnrolled', enrolled],
      ['ConsentRecorded', consent('k-0', '2026-01-20T09:00', 'declined')],
      ['ConsentRecorded', consent('k-1', '2026-02-03T09:00')],
      ['ConsentWithdrawn', withdrawal('k-1', '2026-03-10T12:00')],
    ]);
    expect(record).toEqual({
      patientId: 'pt-1',
      revision: 3,
      enrolledOn: '2026-02-01',
      consents: { 'k-1': ['2026-02-03T09:00', '2026-03-10T12:00'] },
    });
  });

  it('is consented on its earliest consent that took effect, and withdrawn once every such consent is', () => {
    const base: PatientFunnelRecord = {
      patientId: 'pt-1',
      revision: 0,
      enrolledOn: '2026-02-01',
      consents: {},
    };
    expect(consentDatesOf(base)).toEqual({ consentedOn: null, withdrawnOn: null });
    // Withdrawn at the very instant it was obtained: it never took effect.
    const never = { ...base, consents: { k: ['2026-02-03T09:00', '2026-02-03T09:00'] as const } };
    expect(consentDatesOf(never)).toEqual({ consentedOn: null, withdrawnOn: null });
    const stopped = {
      ...base,
      consents: {
        k: ['2026-02-03T09:00', '2026-03-10T12:00'] as const,
        l: ['2026-04-01T08:00', '2026-05-02T08:00'] as const,
      },
    };
    expect(consentDatesOf(stopped)).toEqual({ consentedOn: '2026-02-03', withdrawnOn: '2026-05-02' });
    const again = { ...stopped, consents: { ...stopped.consents, m: ['2026-06-01T08:00', null] as const } };
    expect(consentDatesOf(again)).toEqual({ consentedOn: '2026-02-03', withdrawnOn: null });
  });
});
