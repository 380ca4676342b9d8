import type { RecordedEvent } from '@ccm/event-store';
import { decodePatientEvent } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey, revisionSortKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { evolveTimeline, type TimelineHeader } from './timeline-entry';

export const PATIENT_TIMELINE = 'patient-timeline';
export const TIMELINE_COLLECTIONS = { header: 'patient', entry: 'entry' } as const;
export const timelineList = (patientId: string): string => `timeline:${patientId}`;
export const timelineHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, TIMELINE_COLLECTIONS.header, patientId);

/** Every event of a patient's stream, in stream order, one document each. */
export const patientTimelineProjection: Projection = {
  name: PATIENT_TIMELINE,
  handles: (event) => decodePatientEvent(event) !== undefined,
  async project(events: readonly RecordedEvent[], session: DocumentSession) {
    const envelopes = events.map(decodePatientEvent).filter((e) => e !== undefined);
    await session.prefetch(envelopes.map((e) => timelineHeaderKey(e.practiceId, e.patientId)));
    for (const envelope of envelopes) {
      const headerKey = timelineHeaderKey(envelope.practiceId, envelope.patientId);
      const next = evolveTimeline(await session.get<TimelineHeader>(headerKey), envelope);
      if (!next) continue;
      session.put(headerKey, next.header);
      session.put(
        documentKey(
          envelope.practiceId,
          TIMELINE_COLLECTIONS.entry,
          `${envelope.patientId}:${envelope.revision}`,
        ),
        next.entry,
        [{ list: timelineList(envelope.patientId), sortKey: revisionSortKey(envelope.revision) }],
      );
    }
  },
};
