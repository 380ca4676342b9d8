import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import { pageChunks } from '../revision-chunks/chunk-pages';
import { PATIENT_TIMELINE, timelineEntries, timelineHeaderKey } from './patient-timeline.projection';
import type { TimelineEntry, TimelineHeader } from './timeline-entry';

/** The patient's timeline, oldest first, paged. */
export function timeline(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<TimelineEntry>>> {
  return pageChunks<TimelineEntry>(reader, {
    projection: PATIENT_TIMELINE,
    headerKey: timelineHeaderKey(practiceId, patientId),
    entries: timelineEntries(practiceId, patientId),
    page,
    lastRevision: (header) => (JSON.parse(header.json) as TimelineHeader).revision,
  });
}
