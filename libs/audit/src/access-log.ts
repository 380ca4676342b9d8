import {
  PATIENT_ACCESS_EVENT,
  PRACTICE_ACCESS_EVENT,
  patientAccessStreamId,
  practiceAccessStreamId,
  type Actor,
} from '@ccm/domain';
import { EventStoreUnavailableError, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { GroupedChainAppender, readStreamPaged, type Clock } from '@ccm/record';

export const PURPOSES_OF_USE = [
  'treatment',
  'payment',
  'operations',
  'audit',
  'patient_request',
  'unspecified',
] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

export { PATIENT_ACCESS_EVENT, PRACTICE_ACCESS_EVENT, patientAccessStreamId, practiceAccessStreamId };

export interface AccessEntry {
  /** The route template or CLI command, never the values in it. */
  readonly what: string;
  readonly purpose: PurposeOfUse;
  readonly channel: 'api' | 'cli';
  readonly requestId: string;
  /** A candidate of the practice's panel (not yet a patient) whose record was read. */
  readonly candidateId?: string;
}

/**
 * The access log could not be written (the store refused or failed): the read must not be served. The
 * message names no stream (stream names carry patient ids) and no cause is attached to be logged.
 */
export class AccessLogUnavailableError extends Error {
  override readonly name = 'AccessLogUnavailableError';
  constructor(
    /** The failure's type, for logs and metrics. */
    readonly causeName: string,
  ) {
    super(`the access log could not be written (${causeName})`);
  }
}

/**
 * Records who read what, when and why. A read that cannot be logged must not be served. Concurrent reads
 * of one record are appended together (GroupedChainAppender): each read is one event of the chain, logged
 * exactly once, and readers never fail for racing each other to the end of the stream.
 */
export class AccessLog {
  private readonly appender: GroupedChainAppender;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {
    this.appender = new GroupedChainAppender(store, { timeZone: 'UTC' });
  }

  async patientRead(actor: Actor, patientId: string, entry: AccessEntry): Promise<void> {
    await this.record(actor, patientAccessStreamId(actor.practiceId, patientId), PATIENT_ACCESS_EVENT, {
      patientId,
      ...entry,
    });
  }

  async practiceRead(actor: Actor, entry: AccessEntry): Promise<void> {
    await this.record(actor, practiceAccessStreamId(actor.practiceId), PRACTICE_ACCESS_EVENT, { ...entry });
  }

  private async record(
    actor: Actor,
    streamId: string,
    type: string,
    data: AccessEntry & { patientId?: string },
  ): Promise<void> {
    const now = this.clock.now();
    try {
      await this.appender.append(streamId, {
        type,
        data: {
          ...data,
          actorId: actor.userId,
          role: actor.role,
          practiceId: actor.practiceId,
          accessedAt: now.toISOString(),
        },
        context: { actor, correlationId: data.requestId, causationId: data.requestId },
        recordedAt: now,
      });
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      throw new AccessLogUnavailableError(error instanceof Error ? error.name : typeof error);
    }
  }

  /** The reads of one patient's record, oldest first. */
  async readsOf(practiceId: string, patientId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of readStreamPaged(this.store, patientAccessStreamId(practiceId, patientId)))
      events.push(event);
    return events;
  }
}
