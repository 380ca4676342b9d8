import { decodePatientEvent } from '@ccm/patient-months';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { chunkKeyOf, putInChunk, type ChunkedEntries } from '../revision-chunks/revision-chunks';
import { evolveAudit, type AuditHeader } from './audit-index';

export const AUDIT_TRAIL = 'audit-trail';
/**
 * `entries` holds chunks of notes (revision-chunks.ts): not the `entry` collection of one document per
 * event that versions written before them hold, so that is never read as chunks.
 */
export const AUDIT_COLLECTIONS = { header: 'patient', entries: 'entries' } as const;
export const auditHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, AUDIT_COLLECTIONS.header, patientId);
export const auditEntries = (practiceId: string, patientId: string): ChunkedEntries => ({
  practiceId,
  collection: AUDIT_COLLECTIONS.entries,
  patientId,
});

/**
 * What every change to a patient's record is linked to. The rest of an entry is the event, and the reads
 * of the record are the patient's access stream: both are read from the event store when answering.
 */
export const auditTrailProjection: Projection = {
  name: AUDIT_TRAIL,
  // 2: entries and reads stored in chunks of revisions; 3: chunks of 16 revisions, not 32; 4: an entry
  // keeps only its note; 5: reads are not stored.
  layout: 5,
  handles: (event) => decodePatientEvent(event) !== undefined,
  async project(events, session) {
    await session.prefetch(
      events.flatMap((e) => {
        const envelope = decodePatientEvent(e);
        if (!envelope) return [];
        return [
          auditHeaderKey(envelope.practiceId, envelope.patientId),
          chunkKeyOf(auditEntries(envelope.practiceId, envelope.patientId), envelope.revision),
        ];
      }),
    );
    for (const event of events) {
      const envelope = decodePatientEvent(event);
      if (!envelope) continue;
      const headerKey = auditHeaderKey(envelope.practiceId, envelope.patientId);
      const next = evolveAudit(await session.get<AuditHeader>(headerKey), envelope);
      if (!next) continue;
      session.put(headerKey, next.header);
      await putInChunk(session, auditEntries(envelope.practiceId, envelope.patientId), next.note);
    }
  },
};
