import {
  evolvePractice,
  initialPracticeState,
  patientAccessStreamId,
  patientStreamId,
  practiceStreamId,
  type PracticeState,
} from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { readWholeStreamVerified, toPracticeEvent } from '@ccm/record';
import type { PatientRecordExport } from './export-context';

/** No enrolled patient by that id in the practice (or no such practice): a 404, naming nothing. */
export class PatientNotOnRecord extends Error {
  override readonly name = 'PatientNotOnRecord';
  constructor() {
    super('no such patient in this practice');
  }
}

/**
 * Reads what an export needs but the access log, every stream checked against its hash chain as it is
 * read (a break throws IntegrityViolationError: a record that does not verify is not exported). The
 * caller reads the access stream (readAccessEvents) once it has logged its own read, so the export shows
 * that read too.
 */
export async function readPatientRecordExport(
  store: EventStore,
  practiceId: string,
  patientId: string,
): Promise<Omit<PatientRecordExport, 'accessEvents'>> {
  let practice: PracticeState = initialPracticeState;
  for (const recorded of await readWholeStreamVerified(store, practiceStreamId(practiceId))) {
    const event = toPracticeEvent(recorded);
    if (event) practice = evolvePractice(practice, event);
  }
  const events = await readWholeStreamVerified(store, patientStreamId(practiceId, patientId));
  if (practice.status !== 'registered' || !events.some((event) => event.type === 'PatientEnrolled')) {
    throw new PatientNotOnRecord();
  }
  return { practice, patientId, events };
}

/** The patient's access log again, after the reader's own read was logged. */
export const readAccessEvents = (store: EventStore, practiceId: string, patientId: string) =>
  readWholeStreamVerified(store, patientAccessStreamId(practiceId, patientId));
