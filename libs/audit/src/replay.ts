import { patientStreamId, evolvePatient, initialPatientState, type PatientState } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { readStreamPaged, toPatientEvent } from '@ccm/record';

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
 * the event store: what an auditor would have seen then, including what was later corrected.
 */
export async function replayPatientAsOf(
  store: EventStore,
  practiceId: string,
  patientId: string,
  asOf: Date,
): Promise<ReplayedPatient> {
  const limit = asOf.toISOString();
  let state: PatientState = initialPatientState;
  let revision = -1;
  const events: RecordedEvent[] = [];
  for await (const event of readStreamPaged(store, patientStreamId(practiceId, patientId))) {
    // Events are appended in recording order, so the first one recorded later ends the replay.
    if (recordedAt(event) > limit) break;
    const domainEvent = toPatientEvent(event);
    if (domainEvent) state = evolvePatient(state, domainEvent);
    revision = Number(event.revision);
    events.push(event);
  }
  return { state, revision, events };
}
