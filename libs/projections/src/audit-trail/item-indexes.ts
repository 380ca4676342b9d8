import type { PatientEvent } from '@ccm/domain';
import { entryChangedBy } from '@ccm/patient-months';

export interface TimeEntryIndex {
  readonly original: number;
  readonly latest: number;
  readonly minutes: number;
  readonly serviceDate: string;
  readonly startTime: string;
}

export interface TargetIndex {
  readonly original: number;
  readonly latest: number;
}

/**
 * Where each item a patient accumulates without bound (time entries, observations) was recorded and last
 * changed. Each is a document of its own: the header is rewritten with every event, and holding them
 * made that cost grow with the patient's history.
 */
export interface ItemIndexes {
  timeEntry(entryId: string): TimeEntryIndex | undefined;
  observation(observationId: string): TargetIndex | undefined;
}

export type ItemKind = 'time_entry' | 'clinical_observation';

/** An item's index as an event leaves it. */
export type IndexedItem =
  | { readonly kind: 'time_entry'; readonly id: string; readonly index: TimeEntryIndex }
  | { readonly kind: 'clinical_observation'; readonly id: string; readonly index: TargetIndex };

/** The item whose index an event reads: the time entry or observation it changes. */
export function itemReadBy(event: PatientEvent): { kind: ItemKind; id: string } | undefined {
  const entryId = entryChangedBy(event);
  if (entryId !== undefined) return { kind: 'time_entry', id: entryId };
  switch (event.type) {
    case 'ClinicalObservationCorrected':
    case 'ClinicalObservationVoided':
      return { kind: 'clinical_observation', id: event.data.observationId };
    default:
      return undefined;
  }
}
