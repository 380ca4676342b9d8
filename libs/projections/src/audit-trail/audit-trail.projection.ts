import { decodePatientEvent } from '@ccm/patient-months';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import type { DocumentKey } from '../read-model-store';
import { chunkKeyOf, putInChunk, type ChunkedEntries } from '../revision-chunks/revision-chunks';
import { evolveAudit, type AuditHeader } from './audit-index';
import { decodeRecordRead } from './record-read';

export const AUDIT_TRAIL = 'audit-trail';
/**
 * `entries` and `reads` hold chunks (revision-chunks.ts): not the `entry` and `read` collections of one
 * document per event that versions written before them hold, so those are never read as chunks.
 */
export const AUDIT_COLLECTIONS = { header: 'patient', entries: 'entries', reads: 'reads' } as const;
export const auditHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, AUDIT_COLLECTIONS.header, patientId);
export const auditEntries = (practiceId: string, patientId: string): ChunkedEntries => ({
  practiceId,
  collection: AUDIT_COLLECTIONS.entries,
  patientId,
});
/** Who looked at the record (DOC-8 access log), chunked by the revision of the patient's access stream. */
export const recordReadEntries = (practiceId: string, patientId: string): ChunkedEntries => ({
  practiceId,
  collection: AUDIT_COLLECTIONS.reads,
  patientId,
});

/**
 * Every change to a patient's record linked to what it changes (the rest of its entry is the event, read
 * when answering); and every read of it, from the patient's access stream.
 */
export const auditTrailProjection: Projection = {
  name: AUDIT_TRAIL,
  // 2: entries and reads stored in chunks of revisions; 3: chunks of 16 revisions, not 32; 4: an entry
  // keeps only its note, the event is read from the patient's stream when answering.
  layout: 4,
  handles: (event) => decodePatientEvent(event) !== undefined || decodeRecordRead(event) !== undefined,
  async project(events, session) {
    await session.prefetch(
      events.flatMap((e): DocumentKey[] => {
        const access = decodeRecordRead(e);
        if (access)
          return [chunkKeyOf(recordReadEntries(access.practiceId, access.patientId), access.read.revision)];
        const envelope = decodePatientEvent(e);
        if (!envelope) return [];
        return [
          auditHeaderKey(envelope.practiceId, envelope.patientId),
          chunkKeyOf(auditEntries(envelope.practiceId, envelope.patientId), envelope.revision),
        ];
      }),
    );
    for (const event of events) {
      const access = decodeRecordRead(event);
      if (access) {
        // By the access stream's revision: a redelivered read is already in its chunk and changes nothing.
        await putInChunk(session, recordReadEntries(access.practiceId, access.patientId), access.read);
        continue;
      }
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
