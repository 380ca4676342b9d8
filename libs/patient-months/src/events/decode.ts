import {
  PRACTICE_EVENT_TYPES as PRACTICE_EVENT_TYPE_NAMES,
  isPatientEvent,
  parsePatientStreamId,
  type PatientEvent,
  type PracticeEvent,
  type UserRole,
} from '@ccm/domain';
import { formatPosition, type JsonObject, type RecordedEvent } from '@ccm/event-store';
import { localDateTimeAt } from '@ccm/domain';

/** The metadata every command writes (libs/record envelope), read defensively: old events may lack fields. */
export interface EventFacts {
  readonly eventId: string;
  readonly revision: number;
  readonly position: string;
  readonly actorId: string;
  readonly actorRole: UserRole | '';
  /** Server clock, ISO 8601 UTC. */
  readonly recordedAt: string;
  /** The same instant on the practice's wall clock. */
  readonly recordedAtLocal: string;
  /** Business time, practice-local. */
  readonly occurredAt: string;
  readonly timeZone: string;
  readonly hash: string;
  readonly previousHash: string;
  readonly correlationId: string;
}

export interface PatientEventEnvelope extends EventFacts {
  readonly practiceId: string;
  readonly patientId: string;
  readonly event: PatientEvent;
}

export interface PracticeEventEnvelope extends EventFacts {
  readonly practiceId: string;
  readonly event: PracticeEvent;
}

const PRACTICE_STREAM = /^ccm\.practice\.([A-Za-z0-9_-]+)$/;
const PRACTICE_EVENT_TYPES: ReadonlySet<string> = new Set(PRACTICE_EVENT_TYPE_NAMES);

/**
 * Projections decode the same event several times per batch (handles, prepare, apply): once is enough.
 * The envelope is kept on the event itself, under a symbol no one else reads: a WeakMap of every event
 * of a rebuild batch made each garbage collection walk it.
 */
const DECODED = Symbol('decoded patient event');
type Decodable = RecordedEvent & { [DECODED]?: PatientEventEnvelope | null };

export function decodePatientEvent(recorded: RecordedEvent): PatientEventEnvelope | undefined {
  const cached = (recorded as Decodable)[DECODED];
  if (cached !== undefined) return cached ?? undefined;
  const ids = parsePatientStreamId(recorded.streamId);
  // One spread, not two: spreading the ids and the facts both took 13 µs an event, this 2 µs (4 December).
  const envelope =
    ids && isPatientEvent(recorded)
      ? {
          practiceId: ids.practiceId,
          patientId: ids.patientId,
          ...eventFacts(recorded),
          event: { type: recorded.type, data: recorded.data } as unknown as PatientEvent,
        }
      : null;
  if (Object.isExtensible(recorded)) Object.defineProperty(recorded, DECODED, { value: envelope });
  return envelope ?? undefined;
}

export function decodePracticeEvent(recorded: RecordedEvent): PracticeEventEnvelope | undefined {
  const match = PRACTICE_STREAM.exec(recorded.streamId);
  if (!match || !PRACTICE_EVENT_TYPES.has(recorded.type)) return undefined;
  return {
    practiceId: match[1],
    ...eventFacts(recorded),
    event: { type: recorded.type, data: recorded.data } as unknown as PracticeEvent,
  };
}

export const isPatientStream = (recorded: RecordedEvent): boolean =>
  parsePatientStreamId(recorded.streamId) !== undefined;

export const isPracticeStreamId = (streamId: string): boolean => PRACTICE_STREAM.test(streamId);

export const isPracticeStream = (recorded: RecordedEvent): boolean => isPracticeStreamId(recorded.streamId);

function eventFacts(recorded: RecordedEvent): EventFacts {
  const m = recorded.metadata;
  const timeZone = text(m, 'timeZone') || 'UTC';
  const recordedAt = text(m, 'recordedAt');
  const instant = new Date(recordedAt);
  const recordedAtLocal = Number.isNaN(instant.getTime()) ? '' : localDateTimeAt(instant, timeZone);
  return {
    eventId: recorded.id,
    revision: Number(recorded.revision),
    position: formatPosition(recorded.position),
    actorId: text(m, 'actorId'),
    actorRole: text(m, 'actorRole') as UserRole | '',
    recordedAt,
    recordedAtLocal,
    occurredAt: text(m, 'occurredAt') || recordedAtLocal,
    timeZone,
    hash: text(m, 'hash'),
    previousHash: text(m, 'previousHash'),
    correlationId: text(m, 'correlationId'),
  };
}

function text(metadata: JsonObject, key: string): string {
  const value = metadata[key];
  return typeof value === 'string' ? value : '';
}
