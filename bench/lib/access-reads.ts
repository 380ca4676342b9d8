import { PATIENT_ACCESS_EVENT, patientAccessStreamId } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { isPatientStream } from '@ccm/patient-months';
import { appendChained } from '../../libs/projections/src/testing/append-chained';

/**
 * N reads of the record logged for each event of a patient, in the patient's access stream, chained as
 * the api logs them (capacity plan assumption W2 is two a command), after the clinic's events.
 */
export async function logReads(
  store: EventStore,
  practiceId: string,
  seeded: readonly RecordedEvent[],
  reads: number,
): Promise<void> {
  const perPatient = new Map<string, number>();
  for (const event of seeded.filter(isPatientStream)) {
    const patientId = event.streamId.slice(event.streamId.lastIndexOf('.') + 1);
    perPatient.set(patientId, (perPatient.get(patientId) ?? 0) + reads);
  }
  for (const [patientId, count] of perPatient) {
    const read = (i: number) => ({
      type: PATIENT_ACCESS_EVENT,
      data: {
        patientId,
        actorId: 'cma-patel',
        role: 'care_manager',
        what: 'GET /patients/:id/timeline',
        purpose: 'treatment',
        channel: 'api',
        accessedAt: '2026-03-31T17:00:00.000Z',
        requestId: `req-${patientId}-${i}`,
      },
    });
    for (let from = 0; from < count; from += 100)
      await appendChained(
        store,
        patientAccessStreamId(practiceId, patientId),
        Array.from({ length: Math.min(100, count - from) }, (_, i) => read(from + i)),
      );
  }
}
