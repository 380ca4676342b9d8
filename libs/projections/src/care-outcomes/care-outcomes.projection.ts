import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, type PatientEventEnvelope } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { evolveOutcomeRecord, OUTCOME_EVENT_TYPES, type OutcomeRecord } from './outcome-record';

export const CARE_OUTCOMES = 'care-outcomes';
export const OUTCOME_COLLECTION = 'patient';
/** Every patient's outcome record, listed by patient id: the month's figures read them all. */
export const OUTCOME_LIST = 'patients';

export const outcomeRecordKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, OUTCOME_COLLECTION, patientId);

const outcomeEventOf = (event: RecordedEvent): PatientEventEnvelope | undefined => {
  if (!OUTCOME_EVENT_TYPES.has(event.type)) return undefined;
  return decodePatientEvent(event);
};

/** Per patient, what the practice's outcome figures are made from (outcome-record.ts). */
export const careOutcomesProjection: Projection = {
  name: CARE_OUTCOMES,
  layout: 1,
  handles: (event) => outcomeEventOf(event) !== undefined,
  async project(events, session: DocumentSession) {
    const envelopes = events.map(outcomeEventOf).filter((e) => e !== undefined);
    await session.prefetch(envelopes.map((e) => outcomeRecordKey(e.practiceId, e.patientId)));
    for (const envelope of envelopes) {
      const key = outcomeRecordKey(envelope.practiceId, envelope.patientId);
      const next = evolveOutcomeRecord(await session.get<OutcomeRecord>(key), envelope);
      if (next) session.put(key, next, [{ list: OUTCOME_LIST, sortKey: envelope.patientId }]);
    }
  },
};
