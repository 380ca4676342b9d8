import { pageChunks } from '../revision-chunks/chunk-pages';
import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import type { AuditEntry, AuditHeader } from './audit-entry';
import { AUDIT_TRAIL, auditEntries, auditHeaderKey, recordReadEntries } from './audit-trail.projection';
import type { RecordRead } from './record-read';

/** The patient's audit trail, oldest first, paged. */
export function auditTrail(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<AuditEntry>>> {
  return pageChunks<AuditEntry>(reader, {
    projection: AUDIT_TRAIL,
    headerKey: auditHeaderKey(practiceId, patientId),
    entries: auditEntries(practiceId, patientId),
    page,
    lastRevision: (header) => (JSON.parse(header.json) as AuditHeader).revision,
  });
}

/**
 * Who read the patient's record, oldest first (the access log as the audit trail keeps it). The access
 * stream holds nothing but reads, so its chunks run without a gap until the last.
 */
export function recordReads(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<RecordRead>>> {
  return pageChunks<RecordRead>(reader, {
    projection: AUDIT_TRAIL,
    headerKey: auditHeaderKey(practiceId, patientId),
    entries: recordReadEntries(practiceId, patientId),
    page,
  });
}
