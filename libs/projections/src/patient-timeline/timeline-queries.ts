import type { EventStore } from '@ccm/event-store';
import { auditTrail } from '../audit-trail/audit-queries';
import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import { timelineEntryOf, type TimelineEntry } from './timeline-entry';

/** The patient's timeline, oldest first, paged: the audit trail's entries in words, with its cursors. */
export async function timeline(
  reader: ReadModelReader,
  events: EventStore,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<TimelineEntry>>> {
  const found = await auditTrail(reader, events, practiceId, patientId, page);
  if (!found.found) return found;
  const { body, position } = found.answer;
  return { found: true, answer: { body: { ...body, items: body.items.map(timelineEntryOf) }, position } };
}
