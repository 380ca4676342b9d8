import { lastDayOf } from '@ccm/patient-months';
import { FUNNEL_STAGES, type FunnelStage } from './funnel-figures';
import { consentDatesOf, type CandidateFunnelRecord, type PatientFunnelRecord } from './funnel-record';

/** Everything the funnel is computed from: the practice's records, and each patient's first billable month. */
export interface FunnelInput {
  readonly candidates: readonly CandidateFunnelRecord[];
  readonly patients: readonly PatientFunnelRecord[];
  /** By patient id: the first month the patient-months read model holds as billable. */
  readonly firstBillableMonths: Readonly<Record<string, string>>;
}

/** One way through the funnel: a candidate (and the patient they became), or a patient without a candidate. */
export interface Journey {
  readonly from: 'outreach' | 'withoutOutreach';
  /** Identified on (outreach), or the day the patient's record started (without outreach). */
  readonly enteredOn: string;
  /** The date each stage was reached (YYYY-MM-DD), null when not reached; never before the stage before it. */
  readonly stages: Readonly<Record<FunnelStage, string | null>>;
  /** The days of every outreach attempt. */
  readonly attemptDays: readonly string[];
  /** Attempts up to and including the first that reached the candidate; 0 when none did. */
  readonly attemptsToReach: number;
  readonly declinedOn: string | null;
  readonly withdrawnOn: string | null;
  readonly reachedWithoutOutreach: boolean;
}

type StageDates = (string | null)[];

/**
 * A later stage implies the ones before it (nobody consents without having been reached), so a missing
 * earlier date takes the next recorded one; and a stage is never dated before the one before it (an
 * import may identify someone already reached), so each date is at least the previous one.
 */
function normalised(raw: StageDates, firstStage: number): StageDates {
  const dates = [...raw];
  for (let i = dates.length - 2; i >= firstStage; i--) dates[i] ??= dates[i + 1];
  for (let i = firstStage + 1; i < dates.length; i++) {
    const previous = dates[i - 1];
    const current = dates[i];
    if (current !== null && previous !== null && current < previous) dates[i] = previous;
  }
  return dates;
}

const stagesOf = (dates: StageDates): Record<FunnelStage, string | null> =>
  Object.fromEntries(FUNNEL_STAGES.map((stage, i) => [stage, dates[i]])) as Record<
    FunnelStage,
    string | null
  >;

/** The patient's consented, enrolled (the later of enrolment and consent) and first billable dates. */
function patientStages(patient: PatientFunnelRecord | undefined, input: FunnelInput) {
  if (!patient) return { consented: null, enrolled: null, billable: null, withdrawnOn: null };
  const { consentedOn, withdrawnOn } = consentDatesOf(patient);
  const enrolled =
    consentedOn === null ? null : consentedOn > patient.enrolledOn ? consentedOn : patient.enrolledOn;
  // Billing needs a consent in force, so a billable month without one is a figure out of step: not counted.
  const month = consentedOn === null ? undefined : input.firstBillableMonths[patient.patientId];
  return { consented: consentedOn, enrolled, billable: month ? lastDayOf(month) : null, withdrawnOn };
}

function candidateJourney(
  candidate: CandidateFunnelRecord,
  patient: PatientFunnelRecord | undefined,
  input: FunnelInput,
): Journey {
  const attempts = Object.entries(candidate.attempts)
    .map(([id, [at, outcome]]) => ({ id, at, outcome }))
    .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  const reach = attempts.find((a) => a.outcome === 'reached' || a.outcome === 'declined');
  const declined = attempts.find((a) => a.outcome === 'declined');
  const later = patientStages(patient, input);
  const raw = [
    candidate.identifiedOn,
    reach ? reach.at.slice(0, 10) : null,
    later.consented,
    later.enrolled,
    later.billable,
  ];
  const dates = normalised(raw, 0);
  return {
    from: 'outreach',
    enteredOn: candidate.identifiedOn,
    stages: stagesOf(dates),
    attemptDays: attempts.map((a) => a.at.slice(0, 10)),
    attemptsToReach: reach ? attempts.filter((a) => a.at <= reach.at).length : 0,
    declinedOn: declined ? declined.at.slice(0, 10) : null,
    withdrawnOn: later.withdrawnOn,
    reachedWithoutOutreach: reach === undefined && dates[1] !== null,
  };
}

function patientJourney(patient: PatientFunnelRecord, input: FunnelInput): Journey {
  const later = patientStages(patient, input);
  const dates = normalised([null, null, later.consented, later.enrolled, later.billable], 2);
  return {
    from: 'withoutOutreach',
    enteredOn: patient.enrolledOn,
    stages: stagesOf(dates),
    attemptDays: [],
    attemptsToReach: 0,
    declinedOn: null,
    withdrawnOn: later.withdrawnOn,
    reachedWithoutOutreach: false,
  };
}

/**
 * Every journey of the practice. A patient linked from two candidates (the same person imported twice)
 * goes with the one identified first, so each patient is counted once; the other candidate keeps its own
 * outreach. Patients no candidate links to are journeys of their own, without outreach.
 */
export function journeysOf(input: FunnelInput): Journey[] {
  const patients = new Map(input.patients.map((p) => [p.patientId, p]));
  const linked = new Set<string>();
  const candidates = [...input.candidates].sort((a, b) =>
    a.identifiedOn === b.identifiedOn
      ? a.candidateId.localeCompare(b.candidateId)
      : a.identifiedOn < b.identifiedOn
        ? -1
        : 1,
  );
  const journeys: Journey[] = [];
  for (const candidate of candidates) {
    const id = candidate.patientId;
    const patient = id !== null && !linked.has(id) ? patients.get(id) : undefined;
    if (patient) linked.add(patient.patientId);
    journeys.push(candidateJourney(candidate, patient, input));
  }
  for (const patient of input.patients) {
    if (!linked.has(patient.patientId)) journeys.push(patientJourney(patient, input));
  }
  return journeys;
}
