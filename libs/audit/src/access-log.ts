import {
  PATIENT_ACCESS_EVENT,
  PRACTICE_ACCESS_EVENT,
  patientAccessStreamId,
  practiceAccessStreamId,
  type Actor,
} from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { appendToChain, readStreamPaged, type Clock } from '@ccm/record';

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
}

/** Records who read what, when and why. A read that cannot be logged must not be served. */
export class AccessLog {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async patientRead(actor: Actor, patientId: string, entry: AccessEntry): Promise<void> {
    await this.record(actor, patientAccessStreamId(actor.practiceId, patientId), PATIENT_ACCESS_EVENT, {
      patientId,
      ...entry,
    });
  }

  async practiceRead(actor: Actor, entry: AccessEntry): Promise<void> {
    await this.record(actor, practiceAccessStreamId(actor.practiceId), PRACTICE_ACCESS_EVENT, { ...entry });
  }

  private async record(actor: Actor, streamId: string, type: string, data: object): Promise<void> {
    const now = this.clock.now();
    await appendToChain(
      this.store,
      streamId,
      [
        {
          type,
          data: {
            ...data,
            actorId: actor.userId,
            role: actor.role,
            practiceId: actor.practiceId,
            accessedAt: now.toISOString(),
          },
        },
      ],
      {
        context: {
          actor,
          correlationId: (data as AccessEntry).requestId,
          causationId: (data as AccessEntry).requestId,
        },
        clock: this.clock,
        timeZone: 'UTC',
      },
    );
  }

  /** The reads of one patient's record, oldest first. */
  async readsOf(practiceId: string, patientId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of readStreamPaged(this.store, patientAccessStreamId(practiceId, patientId)))
      events.push(event);
    return events;
  }
}
