import {
  MAX_ACCESS_LOG_SHARDS,
  PATIENT_ACCESS_EVENT,
  PRACTICE_ACCESS_EVENT,
  patientAccessStreamId,
  practiceAccessShardStreamId,
  practiceAccessStreamId,
  practiceAccessStreamIds,
  type Actor,
} from '@ccm/domain';
import {
  comparePositions,
  EventStoreUnavailableError,
  type EventStore,
  type RecordedEvent,
} from '@ccm/event-store';
import { GroupedChainAppender, readWholeStream, readStreamPaged, type Clock } from '@ccm/record';
import { randomInt } from 'node:crypto';

export const PURPOSES_OF_USE = [
  'treatment',
  'payment',
  'operations',
  'audit',
  'patient_request',
  'unspecified',
] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

export {
  MAX_ACCESS_LOG_SHARDS,
  PATIENT_ACCESS_EVENT,
  PRACTICE_ACCESS_EVENT,
  patientAccessStreamId,
  practiceAccessShardStreamId,
  practiceAccessStreamId,
};

export interface AccessLogOptions {
  /**
   * How many streams a practice's practice-wide reads are spread over (ACCESS_LOG_SHARDS, 1 to
   * MAX_ACCESS_LOG_SHARDS). 1, the default, writes the one stream `ccm.access.<practice>`.
   */
  readonly practiceShards?: number;
  /** Pins the shard this process writes (tests); by default it starts on a random one and moves on races. */
  readonly shard?: number;
}

/**
 * The stream this process writes a practice's practice-wide reads to. With several shards it starts on one
 * chosen at random and, when another process appends to that shard at the same moment, moves to another
 * one, so replicas that happened to pick the same shard soon write different ones. A pinned shard stays.
 */
class PracticeShard {
  private readonly shards: number;
  private current: number;

  constructor(private readonly options: AccessLogOptions) {
    this.shards = options.practiceShards ?? 1;
    if (!Number.isInteger(this.shards) || this.shards < 1 || this.shards > MAX_ACCESS_LOG_SHARDS)
      throw new RangeError(`practiceShards must be a whole number from 1 to ${MAX_ACCESS_LOG_SHARDS}`);
    this.current = options.shard ?? randomInt(this.shards);
    if (!Number.isInteger(this.current) || this.current < 0 || this.current >= this.shards)
      throw new RangeError(`shard must be a whole number from 0 to ${this.shards - 1}`);
  }

  streamOf(practiceId: string): string {
    // One shard: the stream every practice-wide read went to before sharding, so nothing moves.
    return this.shards === 1
      ? practiceAccessStreamId(practiceId)
      : practiceAccessShardStreamId(practiceId, this.current);
  }

  conflictOn(streamId: string): void {
    if (this.shards === 1 || this.options.shard !== undefined) return;
    if (!streamId.endsWith(`.~${this.current}`)) return;
    this.current = (this.current + 1 + randomInt(this.shards - 1)) % this.shards;
  }
}

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
 * exactly once, and readers never fail for racing each other to the end of the stream. Practice-wide
 * reads may be sharded: each process then writes its own shard (mostly), so api replicas do not all
 * contend for the end of one practice-wide stream; each shard is a hash chain of its own.
 */
export class AccessLog {
  private readonly appender: GroupedChainAppender;
  private readonly practiceShard: PracticeShard;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    options: AccessLogOptions = {},
  ) {
    const practiceShard = new PracticeShard(options);
    this.practiceShard = practiceShard;
    this.appender = new GroupedChainAppender(store, {
      timeZone: 'UTC',
      onConflict: (streamId) => practiceShard.conflictOn(streamId),
    });
  }

  async patientRead(actor: Actor, patientId: string, entry: AccessEntry): Promise<void> {
    await this.record(actor, patientAccessStreamId(actor.practiceId, patientId), PATIENT_ACCESS_EVENT, {
      patientId,
      ...entry,
    });
  }

  async practiceRead(actor: Actor, entry: AccessEntry): Promise<void> {
    await this.record(actor, this.practiceShard.streamOf(actor.practiceId), PRACTICE_ACCESS_EVENT, {
      ...entry,
    });
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

  /**
   * Every practice-wide read of a practice, from the unsharded stream and every shard, in store order:
   * one log whatever the shard count was when each read was written.
   */
  async practiceReadsOf(practiceId: string): Promise<RecordedEvent[]> {
    const streams = await Promise.all(
      practiceAccessStreamIds(practiceId).map((streamId) => readWholeStream(this.store, streamId)),
    );
    return streams.flat().sort((a, b) => comparePositions(a.position, b.position));
  }
}
