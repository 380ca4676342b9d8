import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { chunkKeyOf, putInChunk, type ChunkedEntries } from '../revision-chunks/revision-chunks';
import { evolveTimeline, type TimelineHeader } from './timeline-entry';

export const PATIENT_TIMELINE = 'patient-timeline';
/**
 * `entries` holds chunks of entries (revision-chunks.ts): not the `entry` collection of one document per
 * event that versions written before them hold, so those are never read as chunks.
 */
export const TIMELINE_COLLECTIONS = { header: 'patient', entries: 'entries' } as const;
export const timelineHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, TIMELINE_COLLECTIONS.header, patientId);
export const timelineEntries = (practiceId: string, patientId: string): ChunkedEntries => ({
  practiceId,
  collection: TIMELINE_COLLECTIONS.entries,
  patientId,
});

/** Every event of a patient's stream, in stream order, kept in chunks of consecutive revisions. */
export const patientTimelineProjection: Projection = {
  name: PATIENT_TIMELINE,
  // 2: entries stored in chunks of revisions.
  layout: 2,
  handles: (event) => decodePatientEvent(event) !== undefined,
  async project(events: readonly RecordedEvent[], session: DocumentSession) {
    const envelopes = events.map(decodePatientEvent).filter((e) => e !== undefined);
    await session.prefetch(
      envelopes.flatMap((e) => [
        timelineHeaderKey(e.practiceId, e.patientId),
        chunkKeyOf(timelineEntries(e.practiceId, e.patientId), e.revision),
      ]),
    );
    for (const envelope of envelopes) {
      const headerKey = timelineHeaderKey(envelope.practiceId, envelope.patientId);
      const next = evolveTimeline(await session.get<TimelineHeader>(headerKey), envelope);
      if (!next) continue;
      session.put(headerKey, next.header);
      await putInChunk(session, timelineEntries(envelope.practiceId, envelope.patientId), next.entry);
    }
  },
};
