import { patientAccessStreamId, patientStreamId } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { readStreamRangeVerified } from '@ccm/record';
import { decodePatientEvent } from '@ccm/patient-months';
import { entryCursor, pageChunks, revisionPageRequest } from '../revision-chunks/chunk-pages';
import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import { auditEntryOf, type AuditEntry, type AuditNote } from './audit-entry';
import type { AuditHeader } from './audit-index';
import { AUDIT_TRAIL, auditEntries, auditHeaderKey } from './audit-trail.projection';
import { decodeRecordRead, type RecordRead } from './record-read';

/**
 * The read model holds a note for a revision the event store does not: it was built from another store
 * (a restore from an older backup, a data directory moved without its events). Not answerable.
 */
export class AuditEventMissingError extends Error {
  override readonly name = 'AuditEventMissingError';
  constructor(readonly revision: number) {
    super(
      `the audit trail has an entry for stream revision ${revision}, which the event store does not hold`,
    );
  }
}

/**
 * The patient's audit trail, oldest first, paged: the trail's notes joined to the events they annotate,
 * whose chain is checked as they are read (they are served as stored).
 */
export async function auditTrail(
  reader: ReadModelReader,
  events: EventStore,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<AuditEntry>>> {
  const found = await pageChunks<AuditNote>(reader, {
    projection: AUDIT_TRAIL,
    headerKey: auditHeaderKey(practiceId, patientId),
    entries: auditEntries(practiceId, patientId),
    page,
    lastRevision: (header) => (JSON.parse(header.json) as AuditHeader).revision,
  });
  if (!found.found) return found;
  const { body, position } = found.answer;
  const recorded = await streamRange(events, patientStreamId(practiceId, patientId), body.items);
  const items = body.items.map((note) => {
    const event = recorded.get(note.revision);
    const envelope = event && decodePatientEvent(event);
    if (!envelope) throw new AuditEventMissingError(note.revision);
    return auditEntryOf(envelope, note);
  });
  return { found: true, answer: { body: { items, nextCursor: body.nextCursor }, position } };
}

/** The stream's events from the first note's revision to the last's, by revision, their chain checked. */
async function streamRange(
  events: EventStore,
  streamId: string,
  notes: readonly AuditNote[],
): Promise<Map<number, RecordedEvent>> {
  if (notes.length === 0) return new Map();
  const first = notes[0].revision;
  const read = await readStreamRangeVerified(
    events,
    streamId,
    first,
    notes[notes.length - 1].revision - first + 1,
  );
  return new Map(read.map((event) => [Number(event.revision), event]));
}

/**
 * Who read the patient's record, oldest first: the patient's access stream, paged by its revisions (it
 * holds nothing but reads), each read's chain checked. Only a patient the audit trail knows has reads.
 */
export function recordReads(
  reader: ReadModelReader,
  events: EventStore,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<RecordRead>>> {
  const request = revisionPageRequest(page, patientId);
  return reader.patientDocuments(AUDIT_TRAIL, auditHeaderKey(practiceId, patientId), [], async () => {
    if (request instanceof Error) throw request;
    const read = await readStreamRangeVerified(
      events,
      patientAccessStreamId(practiceId, patientId),
      request.after + 1,
      request.limit + 1,
    );
    const items = read.slice(0, request.limit).flatMap((event) => decodeRecordRead(event)?.read ?? []);
    const last = read[request.limit - 1];
    return {
      items,
      nextCursor: read.length > request.limit ? entryCursor(patientId, Number(last.revision)) : null,
    };
  });
}
