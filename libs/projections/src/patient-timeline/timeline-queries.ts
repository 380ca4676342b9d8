import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import {
  PATIENT_TIMELINE,
  TIMELINE_COLLECTIONS,
  timelineHeaderKey,
  timelineList,
} from './patient-timeline.projection';
import type { TimelineEntry } from './timeline-entry';

/** The patient's timeline, oldest first, paged. */
export function timeline(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<TimelineEntry>>> {
  return reader.patientList<TimelineEntry>(PATIENT_TIMELINE, timelineHeaderKey(practiceId, patientId), {
    query: { practiceId, collection: TIMELINE_COLLECTIONS.entry, list: timelineList(patientId) },
    page,
  });
}
