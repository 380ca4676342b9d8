import type { PatientEvent } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';
import type { AuditLink } from './audit-link';

export type { AuditLink, AuditTargetKind } from './audit-link';

/** One change to a patient's record as the audit trail answers it: the event, with what the trail adds. */
export interface AuditEntry {
  readonly revision: number;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly recordedAt: string;
  readonly recordedAtLocal: string;
  readonly occurredAt: string;
  readonly timeZone: string;
  /** Whole days from the business date to the day it was recorded (practice-local): late documentation. */
  readonly recordedAfterDays: number;
  /** The change exactly as recorded. */
  readonly change: PatientEvent['data'];
  readonly links: readonly AuditLink[];
  /** The stream's hash chain: `intact` is false when this event does not continue the previous one. */
  readonly chain: { readonly hash: string; readonly previousHash: string; readonly intact: boolean };
  readonly correlationId: string;
  /**
   * CLAIM-4: months already submitted that this change bears on (recorded after their claim); only
   * present when there are some. The billing job says whether their decision actually changed.
   */
  readonly afterClaimOf?: readonly string[];
}

/**
 * What the audit trail stores for an event: only what needs the events before it (links, whether the
 * chain held, claimed months). The rest of an entry is the event itself, read from the patient's stream
 * when answering; storing it again made the trail a third of every byte a rebuild wrote.
 */
export interface AuditNote {
  readonly revision: number;
  /** Absent when the change links to nothing. */
  readonly links?: readonly AuditLink[];
  /** Present only when the event does not continue the stream's hash chain. */
  readonly brokenChain?: true;
  readonly afterClaimOf?: readonly string[];
}

function daysBetween(fromDate: string, toDate: string): number {
  const from = Date.parse(`${fromDate}T00:00:00Z`);
  const to = Date.parse(`${toDate}T00:00:00Z`);
  return Number.isNaN(from) || Number.isNaN(to) ? 0 : Math.round((to - from) / 86_400_000);
}

/** Pure: the audit entry of an event and the note the trail keeps for it. */
export function auditEntryOf(envelope: PatientEventEnvelope, note: AuditNote): AuditEntry {
  return {
    revision: envelope.revision,
    position: envelope.position,
    eventId: envelope.eventId,
    type: envelope.event.type,
    actor: { id: envelope.actorId, role: envelope.actorRole },
    recordedAt: envelope.recordedAt,
    recordedAtLocal: envelope.recordedAtLocal,
    occurredAt: envelope.occurredAt,
    timeZone: envelope.timeZone,
    recordedAfterDays: daysBetween(envelope.occurredAt.slice(0, 10), envelope.recordedAtLocal.slice(0, 10)),
    change: envelope.event.data,
    links: note.links ?? [],
    chain: { hash: envelope.hash, previousHash: envelope.previousHash, intact: note.brokenChain !== true },
    correlationId: envelope.correlationId,
    ...(note.afterClaimOf ? { afterClaimOf: note.afterClaimOf } : {}),
  };
}
