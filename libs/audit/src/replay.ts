import {
  foldPatient,
  GENESIS_HASH,
  patientStreamId,
  type PatientEvent,
  type PatientState,
} from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { readStreamPaged, readStreamVerified, toPatientEvent } from '@ccm/record';
import { StreamCheck, type VerificationResult } from './verify-chain';

export interface ReplayedPatient {
  readonly state: PatientState;
  /** Revision of the last event recorded at or before the instant; -1 when none was. */
  readonly revision: number;
  /** The events as recorded up to the instant, for month decisions and evidence. */
  readonly events: readonly RecordedEvent[];
}

const recordedAt = (event: RecordedEvent): string => String(event.metadata.recordedAt ?? '');

/**
 * The patient's record as it stood at an instant of recording time (not business time), straight from
 * the event store: what an auditor would have seen then, including what was later corrected. The whole
 * stream's chain is checked, events after the instant included: a record that does not verify is not
 * replayed at any instant (IntegrityViolationError).
 */
export async function replayPatientAsOf(
  store: EventStore,
  practiceId: string,
  patientId: string,
  asOf: Date,
): Promise<ReplayedPatient> {
  const limit = asOf.toISOString();
  let revision = -1;
  const events: RecordedEvent[] = [];
  const domainEvents: PatientEvent[] = [];
  let ended = false;
  for await (const event of readStreamVerified(store, patientStreamId(practiceId, patientId))) {
    // Events are appended in recording order, so the first one recorded later ends the replay (the rest
    // of the stream is still read, to be checked).
    if (ended || recordedAt(event) > limit) {
      ended = true;
      continue;
    }
    const domainEvent = toPatientEvent(event);
    if (domainEvent) domainEvents.push(domainEvent);
    revision = Number(event.revision);
    events.push(event);
  }
  return { state: foldPatient(domainEvents), revision, events };
}

export interface VerifiedPatient {
  readonly state: PatientState;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  readonly revision: number;
  /** The stored hash of the last event (the genesis hash when there is none). */
  readonly lastHash: string;
  /** The chain check of every event read, as verifyStream reports it. */
  readonly verification: VerificationResult;
}

/**
 * The patient's whole record and the check of its hash chain in one read of the stream: each event's hash
 * is recomputed as it is read, and the events are folded once at the end. The state is folded from every
 * event even when the chain breaks; `verification` tells whether it can be trusted, and where it broke.
 */
export async function replayVerifiedPatient(
  store: EventStore,
  practiceId: string,
  patientId: string,
): Promise<VerifiedPatient> {
  const check = new StreamCheck();
  const events: PatientEvent[] = [];
  let revision = -1;
  let lastHash = GENESIS_HASH;
  for await (const recorded of readStreamPaged(store, patientStreamId(practiceId, patientId))) {
    check.accept(recorded);
    const event = toPatientEvent(recorded);
    if (event) events.push(event);
    revision = Number(recorded.revision);
    if (typeof recorded.metadata.hash === 'string') lastHash = recorded.metadata.hash;
  }
  return { state: foldPatient(events), revision, lastHash, verification: check.result() };
}
