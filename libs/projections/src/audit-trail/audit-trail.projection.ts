import { decodePatientEvent } from '@ccm/patient-months';
import { documentKey, revisionSortKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { evolveAudit, type AuditHeader } from './audit-entry';
import { decodeRecordRead } from './record-read';

export const AUDIT_TRAIL = 'audit-trail';
export const AUDIT_COLLECTIONS = { header: 'patient', entry: 'entry', read: 'read' } as const;
export const auditList = (patientId: string): string => `audit:${patientId}`;
/** Who looked at the record (DOC-8 access log), in the order the reads were logged. */
export const readsList = (patientId: string): string => `reads:${patientId}`;
export const auditHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, AUDIT_COLLECTIONS.header, patientId);

/**
 * Every change to a patient's record with who, when recorded and when it happened, linked to what it
 * changes; and every read of it, from the patient's access stream.
 */
export const auditTrailProjection: Projection = {
  name: AUDIT_TRAIL,
  handles: (event) => decodePatientEvent(event) !== undefined || decodeRecordRead(event) !== undefined,
  async project(events, session) {
    await session.prefetch(
      events.flatMap((e) => {
        const envelope = decodePatientEvent(e);
        return envelope ? [auditHeaderKey(envelope.practiceId, envelope.patientId)] : [];
      }),
    );
    for (const event of events) {
      const access = decodeRecordRead(event);
      if (access) {
        // Keyed by the access stream's revision: a redelivered read writes the same document again.
        session.put(
          documentKey(
            access.practiceId,
            AUDIT_COLLECTIONS.read,
            `${access.patientId}:${access.read.revision}`,
          ),
          access.read,
          [{ list: readsList(access.patientId), sortKey: revisionSortKey(access.read.revision) }],
        );
        continue;
      }
      const envelope = decodePatientEvent(event);
      if (!envelope) continue;
      const headerKey = auditHeaderKey(envelope.practiceId, envelope.patientId);
      const next = evolveAudit(await session.get<AuditHeader>(headerKey), envelope);
      if (!next) continue;
      session.put(headerKey, next.header);
      session.put(
        documentKey(
          envelope.practiceId,
          AUDIT_COLLECTIONS.entry,
          `${envelope.patientId}:${envelope.revision}`,
        ),
        next.entry,
        [{ list: auditList(envelope.patientId), sortKey: revisionSortKey(envelope.revision) }],
      );
    }
  },
};
