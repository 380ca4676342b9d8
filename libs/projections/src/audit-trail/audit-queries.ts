import type { Page, PageRequest } from '../queries/paging';
import type { Found, ReadModelReader } from '../queries/read-model-reader';
import type { AuditEntry } from './audit-entry';
import {
  AUDIT_COLLECTIONS,
  AUDIT_TRAIL,
  auditHeaderKey,
  auditList,
  readsList,
} from './audit-trail.projection';
import type { RecordRead } from './record-read';

/** The patient's audit trail, oldest first, paged. */
export function auditTrail(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<AuditEntry>>> {
  return reader.patientList<AuditEntry>(AUDIT_TRAIL, auditHeaderKey(practiceId, patientId), {
    query: { practiceId, collection: AUDIT_COLLECTIONS.entry, list: auditList(patientId) },
    page,
  });
}

/** Who read the patient's record, oldest first (the access log as the audit trail keeps it). */
export function recordReads(
  reader: ReadModelReader,
  practiceId: string,
  patientId: string,
  page: PageRequest,
): Promise<Found<Page<RecordRead>>> {
  return reader.patientList<RecordRead>(AUDIT_TRAIL, auditHeaderKey(practiceId, patientId), {
    query: { practiceId, collection: AUDIT_COLLECTIONS.read, list: readsList(patientId) },
    page,
  });
}
