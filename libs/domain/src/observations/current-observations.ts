import type { PatientEvent } from '../patient/patient';
import type { LocalDateTime } from '../shared/local-time';
import type { Measurement, ObservationSource } from './observations.events';

/** An observation as readers use it: its latest correction applied; voided ones are left out. */
export interface CurrentObservation {
  readonly observationId: string;
  readonly measurement: Measurement;
  readonly takenAt: LocalDateTime;
  readonly source: ObservationSource;
  readonly recordedBy: string;
  /** How many corrections were applied (0 when the value is as first recorded). */
  readonly corrections: number;
}

/**
 * A patient's observations in the order they were taken (then by id), from the patient's events in
 * stream order. Every reader of values (metrics, charts, exports) goes through here, so none can use a
 * value that was corrected or entered in error.
 */
export function currentObservations(events: Iterable<PatientEvent>): CurrentObservation[] {
  const byId = new Map<string, CurrentObservation>();
  for (const event of events) {
    switch (event.type) {
      case 'ClinicalObservationRecorded': {
        const { observationId, measurement, takenAt, source, recordedBy } = event.data;
        if (!byId.has(observationId))
          byId.set(observationId, {
            observationId,
            measurement,
            takenAt,
            source,
            recordedBy,
            corrections: 0,
          });
        break;
      }
      case 'ClinicalObservationCorrected': {
        const earlier = byId.get(event.data.observationId);
        if (earlier)
          byId.set(earlier.observationId, {
            ...earlier,
            measurement: event.data.measurement,
            takenAt: event.data.takenAt,
            corrections: earlier.corrections + 1,
          });
        break;
      }
      case 'ClinicalObservationVoided':
        byId.delete(event.data.observationId);
        break;
    }
  }
  return [...byId.values()].sort(
    (a, b) => a.takenAt.localeCompare(b.takenAt) || a.observationId.localeCompare(b.observationId),
  );
}
