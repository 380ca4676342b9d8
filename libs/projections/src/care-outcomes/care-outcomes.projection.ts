import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent, type PatientEventEnvelope } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import type { DocumentKey } from '../read-model-store';
import {
  isEmpty,
  monthOfReading,
  NO_READINGS,
  readingOf,
  summariseMonth,
  withoutReading,
  withReading,
  type MonthReadings,
  type Reading,
} from './outcome-readings';
import {
  evolveOutcomeRecord,
  OUTCOME_EVENT_TYPES,
  withMonthSummary,
  type OutcomeRecord,
} from './outcome-record';

export const CARE_OUTCOMES = 'care-outcomes';
export const OUTCOME_COLLECTION = 'patient';
/** Every patient's outcome record, listed by patient id: the month's figures read them all. */
export const OUTCOME_LIST = 'patients';
/** A patient's readings of one month (outcome-readings.ts), by `patientId:YYYY-MM`. */
export const READINGS_COLLECTION = 'readings';
/** The month each kept reading lies in, by `patientId:observationId`: a correction or void finds it. */
export const PLACEMENT_COLLECTION = 'observation';

export const outcomeRecordKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, OUTCOME_COLLECTION, patientId);
const readingsKey = (e: PatientEventEnvelope, month: string) =>
  documentKey(e.practiceId, READINGS_COLLECTION, `${e.patientId}:${month}`);
const placementKey = (e: PatientEventEnvelope, observationId: string) =>
  documentKey(e.practiceId, PLACEMENT_COLLECTION, `${e.patientId}:${observationId}`);

interface Placement {
  readonly month: string;
}

const outcomeEventOf = (event: RecordedEvent): PatientEventEnvelope | undefined => {
  if (!OUTCOME_EVENT_TYPES.has(event.type)) return undefined;
  return decodePatientEvent(event);
};

const observationIdOf = (envelope: PatientEventEnvelope): string | undefined => {
  const { event } = envelope;
  return event.type === 'ClinicalObservationRecorded' ||
    event.type === 'ClinicalObservationCorrected' ||
    event.type === 'ClinicalObservationVoided'
    ? event.data.observationId
    : undefined;
};

/** The reading an observation event gives the figures: none for a void, or a kind they do not use. */
const readingGivenBy = ({ event }: PatientEventEnvelope): Reading | undefined =>
  event.type === 'ClinicalObservationRecorded' || event.type === 'ClinicalObservationCorrected'
    ? readingOf(event.data.takenAt, event.data.measurement)
    : undefined;

/**
 * An observation moves its reading out of the month it lay in and into the month it was taken in, and
 * the record keeps each month's latest: the cost of a reading is its month's, not the patient's history.
 */
async function observe(
  session: DocumentSession,
  record: OutcomeRecord,
  envelope: PatientEventEnvelope,
  observationId: string,
): Promise<OutcomeRecord> {
  const placeKey = placementKey(envelope, observationId);
  const placed = await session.get<Placement>(placeKey);
  const reading = readingGivenBy(envelope);
  let next: OutcomeRecord = { ...record, revision: envelope.revision };
  const rewrite = async (month: string, change: (readings: MonthReadings) => MonthReadings) => {
    const key = readingsKey(envelope, month);
    const readings = change((await session.get<MonthReadings>(key)) ?? NO_READINGS);
    if (isEmpty(readings)) session.delete(key);
    else session.put(key, readings);
    next = withMonthSummary(next, month, summariseMonth(month, readings, next.enrolledOn));
  };
  if (placed) await rewrite(placed.month, (readings) => withoutReading(readings, observationId));
  if (reading) {
    const month = monthOfReading(reading.value[0]);
    await rewrite(month, (readings) => withReading(readings, observationId, reading));
    if (placed?.month !== month) session.put<Placement>(placeKey, { month });
  } else if (placed) session.delete(placeKey);
  return next;
}

/** Per patient, what the practice's outcome figures are made from (outcome-record.ts). */
export const careOutcomesProjection: Projection = {
  name: CARE_OUTCOMES,
  layout: 2,
  handles: (event) => outcomeEventOf(event) !== undefined,
  async project(events, session: DocumentSession) {
    const envelopes = events.map(outcomeEventOf).filter((e) => e !== undefined);
    await session.prefetch(
      envelopes.flatMap((e) => {
        const observationId = observationIdOf(e);
        const record = outcomeRecordKey(e.practiceId, e.patientId);
        return observationId === undefined ? [record] : [record, placementKey(e, observationId)];
      }),
    );
    // Then the months the readings lie in, and those they are taken in, in one more round trip.
    const months: DocumentKey[] = [];
    for (const e of envelopes) {
      const observationId = observationIdOf(e);
      if (observationId === undefined) continue;
      const placed = await session.get<Placement>(placementKey(e, observationId));
      if (placed) months.push(readingsKey(e, placed.month));
      const reading = readingGivenBy(e);
      if (reading) months.push(readingsKey(e, monthOfReading(reading.value[0])));
    }
    await session.prefetch(months);
    for (const envelope of envelopes) {
      const key = outcomeRecordKey(envelope.practiceId, envelope.patientId);
      const record = await session.get<OutcomeRecord>(key);
      const observationId = observationIdOf(envelope);
      const next =
        observationId === undefined
          ? evolveOutcomeRecord(record, envelope)
          : record && envelope.revision > record.revision
            ? await observe(session, record, envelope, observationId)
            : undefined;
      if (next) session.put(key, next, [{ list: OUTCOME_LIST, sortKey: envelope.patientId }]);
    }
  },
};
