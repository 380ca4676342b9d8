import type { PatientEvent } from '@ccm/domain';
import type { AuditEntry } from '../audit-trail/audit-entry';
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

/**
 * Pure: the timeline's view of an audit entry. The audit trail keeps each change exactly as recorded, so
 * the timeline is read from it rather than stored a second time.
 */
export function timelineEntryOf(entry: AuditEntry): TimelineEntry {
  // The entry's change is the data of an event of this type, decoded when it was projected.
  const event = { type: entry.type, data: entry.change } as PatientEvent;
  return {
    revision: entry.revision,
    position: entry.position,
    eventId: entry.eventId,
    type: entry.type,
    what: describeEvent(event),
    who: { actorId: entry.actor.id, role: entry.actor.role },
    recordedAt: entry.recordedAt,
    recordedAtLocal: entry.recordedAtLocal,
    occurredAt: entry.occurredAt,
    timeZone: entry.timeZone,
  };
}
