import {
  dateOf,
  latestReconciliation,
  localDateTimeAt,
  medicationListAsOf,
  patientStreamId,
  type ListedMedication,
  type LocalDate,
  type MedicationReconciliation,
  type PatientEvent,
} from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { readStreamVerified, toPatientEvent } from '@ccm/record';

/** The medication list as the patient's record shows it: today's list and the latest reconciliation. */
export interface RecordMedications {
  readonly asOf: LocalDate;
  readonly list: readonly ListedMedication[];
  readonly latestReconciliation: MedicationReconciliation | null;
}

/**
 * The patient's medication list today (practice-local), folded from the stream up to the revision the
 * record was read at, so the list and the rest of the answer (and its ETag) describe the same events.
 * Every event is checked as it is read: an edited record is refused, never served.
 */
export async function recordMedications(
  store: EventStore,
  stream: { readonly practiceId: string; readonly patientId: string; readonly upToRevision: number },
  now: Date,
  timeZone: string,
): Promise<RecordMedications> {
  const events: PatientEvent[] = [];
  const streamId = patientStreamId(stream.practiceId, stream.patientId);
  for await (const recorded of readStreamVerified(store, streamId)) {
    if (Number(recorded.revision) > stream.upToRevision) break;
    const event = toPatientEvent(recorded);
    if (event) events.push(event);
  }
  const list = medicationListAsOf(events, dateOf(localDateTimeAt(now, timeZone)));
  return { asOf: list.asOf, list: list.medications, latestReconciliation: latestReconciliation(list) };
}
