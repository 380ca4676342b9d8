import type { PatientEventEnvelope } from '@ccm/patient-months';
import { describeEvent } from './describe-event';

/** One event of a patient's stream as a person reads it. */
export interface TimelineEntry {
  readonly revision: number;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  /** What happened, in words. */
  readonly what: string;
  readonly who: { readonly actorId: string; readonly role: string };
  /** When it was recorded: UTC instant and the practice's wall clock. */
  readonly recordedAt: string;
  readonly recordedAtLocal: string;
  /** When it happened, practice-local (the business time of the event). */
  readonly occurredAt: string;
  readonly timeZone: string;
}

export interface TimelineHeader {
  readonly patientId: string;
  /** Last stream revision applied: a redelivered event at or below it changes nothing. */
  readonly revision: number;
  readonly entries: number;
}

export function timelineEntryOf(envelope: PatientEventEnvelope): TimelineEntry {
  return {
    revision: envelope.revision,
    position: envelope.position,
    eventId: envelope.eventId,
    type: envelope.event.type,
    what: describeEvent(envelope.event),
    who: { actorId: envelope.actorId, role: envelope.actorRole },
    recordedAt: envelope.recordedAt,
    recordedAtLocal: envelope.recordedAtLocal,
    occurredAt: envelope.occurredAt,
    timeZone: envelope.timeZone,
  };
}

/** Pure: the header and the new entry, or nothing when this revision was applied already. */
export function evolveTimeline(
  header: TimelineHeader | undefined,
  envelope: PatientEventEnvelope,
): { header: TimelineHeader; entry: TimelineEntry } | undefined {
  if (header && envelope.revision <= header.revision) return undefined;
  return {
    header: {
      patientId: envelope.patientId,
      revision: envelope.revision,
      entries: (header?.entries ?? 0) + 1,
    },
    entry: timelineEntryOf(envelope),
  };
}
