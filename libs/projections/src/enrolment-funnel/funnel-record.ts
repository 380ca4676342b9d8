import type { PatientEventEnvelope } from '@ccm/patient-months';
import type { CandidateEventEnvelope, OutreachOutcome } from './candidate-events';

/**
 * One candidate as the funnel needs them: the day identified, every outreach attempt (by business time,
 * so attempts recorded late still fall in order) and the patient they became. No profile is kept.
 */
export interface CandidateFunnelRecord {
  readonly candidateId: string;
  /** The candidate stream revision of the last event folded in (redelivery guard). */
  readonly revision: number;
  readonly identifiedOn: string;
  /** By attempt id: [attemptedAt, outcome]. */
  readonly attempts: Readonly<Record<string, readonly [string, OutreachOutcome]>>;
  readonly patientId: string | null;
}

/**
 * One patient as the funnel needs them: the day the record started and their accepted consents. A
 * declined consent is not kept: it never makes a patient consented.
 */
export interface PatientFunnelRecord {
  readonly patientId: string;
  /** The patient stream revision of the last event folded in (redelivery guard). */
  readonly revision: number;
  readonly enrolledOn: string;
  /** Accepted consents by consent id: [obtainedAt, withdrawnAt (null while not withdrawn)]. */
  readonly consents: Readonly<Record<string, readonly [string, string | null]>>;
}

export const FUNNEL_PATIENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'PatientEnrolled',
  'ConsentRecorded',
  'ConsentWithdrawn',
]);

/** Pure: the candidate after one event; undefined when the event changes nothing (or was applied already). */
export function evolveCandidateFunnelRecord(
  record: CandidateFunnelRecord | undefined,
  envelope: CandidateEventEnvelope,
): CandidateFunnelRecord | undefined {
  const { event } = envelope;
  if (event.type === 'CandidateIdentified') {
    if (record) return undefined;
    return {
      candidateId: envelope.candidateId,
      revision: envelope.revision,
      identifiedOn: event.identifiedOn,
      attempts: {},
      patientId: null,
    };
  }
  if (!record || envelope.revision <= record.revision) return undefined;
  const next = { ...record, revision: envelope.revision };
  switch (event.type) {
    case 'OutreachAttempted':
      return {
        ...next,
        attempts: { ...record.attempts, [event.attemptId]: [event.attemptedAt, event.outcome] },
      };
    case 'CandidateEnrolled':
      return { ...next, patientId: event.patientId };
  }
}

/** Pure: the patient after one event; undefined when the event changes nothing (or was applied already). */
export function evolvePatientFunnelRecord(
  record: PatientFunnelRecord | undefined,
  envelope: PatientEventEnvelope,
): PatientFunnelRecord | undefined {
  const { event } = envelope;
  if (event.type === 'PatientEnrolled') {
    if (record) return undefined;
    return {
      patientId: envelope.patientId,
      revision: envelope.revision,
      enrolledOn: event.data.enrolledOn,
      consents: {},
    };
  }
  if (!record || envelope.revision <= record.revision) return undefined;
  const next = { ...record, revision: envelope.revision };
  if (event.type === 'ConsentRecorded') {
    if (event.data.decision !== 'accepted') return next;
    return {
      ...next,
      consents: { ...record.consents, [event.data.consentId]: [event.data.obtainedAt, null] },
    };
  }
  if (event.type === 'ConsentWithdrawn') {
    const consent = record.consents[event.data.consentId];
    if (!consent) return next;
    return {
      ...next,
      consents: { ...record.consents, [event.data.consentId]: [consent[0], event.data.withdrawnAt] },
    };
  }
  return undefined;
}

/**
 * The patient's consent dates as the funnel counts them. A consent withdrawn at or before the instant it
 * was obtained never took effect and is passed over. `consentedOn` is the date of the earliest consent
 * that did; `withdrawnOn`, the date of the last withdrawal when every such consent has been withdrawn
 * (the patient has stopped), null while one is still in force.
 */
export function consentDatesOf(record: PatientFunnelRecord): {
  readonly consentedOn: string | null;
  readonly withdrawnOn: string | null;
} {
  const tookEffect = Object.values(record.consents).filter(
    ([obtainedAt, withdrawnAt]) => withdrawnAt === null || withdrawnAt > obtainedAt,
  );
  if (tookEffect.length === 0) return { consentedOn: null, withdrawnOn: null };
  const consentedOn = tookEffect
    .map(([obtainedAt]) => obtainedAt)
    .sort()[0]
    .slice(0, 10);
  const withdrawals = tookEffect.flatMap(([, withdrawnAt]) => (withdrawnAt === null ? [] : [withdrawnAt]));
  const stopped = withdrawals.length === tookEffect.length;
  const withdrawnOn = stopped ? (withdrawals.sort().at(-1)?.slice(0, 10) ?? null) : null;
  return { consentedOn, withdrawnOn };
}
