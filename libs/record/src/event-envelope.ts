import { createHash, randomUUID } from 'node:crypto';
import {
  chainHash,
  EVENT_SCHEMA_VERSION,
  GENESIS_HASH,
  localDateTimeAt,
  type Actor,
  type EventMetadata,
} from '@ccm/domain';
import type { JsonObject, NewEvent } from '@ccm/event-store';

export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** Id of the request or message that caused the command. */
  readonly causationId: string;
  /** Makes event ids deterministic, so a retried append of the same envelope is recognised by the store. */
  readonly idempotencyKey?: string;
  /**
   * The client's `Idempotency-Key` for one command on one stream: recorded with its events, so the same
   * command sent again under it (a retry, or the same request to another replica) is answered as before.
   */
  readonly clientIdempotencyKey?: string;
}

/** The client's key and the hash of the command it was sent with, as recorded in the events' metadata. */
export interface CommandKey {
  readonly key: string;
  readonly commandHash: string;
}

/** A UUID (v5 layout) derived from a name, so the same key always yields the same event id. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface EnvelopeInput {
  readonly streamId: string;
  /** Revision the stream is at (-1 for none) and the hash of its last event. */
  readonly streamRevision: number;
  readonly previousHash: string;
  readonly events: readonly { type: string; data: object; occurredAt?: string }[];
  readonly context: RequestContext;
  readonly recordedAt: Date;
  /** `recordedAt` on the wall clock of `timeZone`, when the caller has it already. */
  readonly recordedAtLocal?: string;
  readonly timeZone: string;
  readonly commandKey?: CommandKey;
}

/**
 * Wraps domain events for the store: attribution, timing and the per-stream hash chain in metadata.
 * The chain continues from the last event the handler read, which is why a conflict means re-deciding.
 */
export function envelope(input: EnvelopeInput): NewEvent[] {
  const recordedAtLocal = input.recordedAtLocal ?? localDateTimeAt(input.recordedAt, input.timeZone);
  let previousHash = input.previousHash;
  return input.events.map((event, index) => {
    const revision = input.streamRevision + 1 + index;
    // The same envelope sent again (a retried append) keeps its ids, so the store recognises it. Another
    // request with the same key (another replica, a client retry) gets other ids: a store that dropped
    // its events as duplicates of the first would otherwise acknowledge a chain it does not hold.
    const id = input.context.idempotencyKey
      ? deterministicUuid(
          [
            input.streamId,
            input.context.idempotencyKey,
            index,
            revision,
            previousHash,
            input.context.correlationId,
            input.context.causationId,
            input.recordedAt.toISOString(),
          ].join('|'),
        )
      : randomUUID();
    const withoutHash: Omit<EventMetadata, 'hash'> = {
      practiceId: input.context.actor.practiceId,
      actorId: input.context.actor.userId,
      actorRole: input.context.actor.role,
      correlationId: input.context.correlationId,
      causationId: input.context.causationId,
      recordedAt: input.recordedAt.toISOString(),
      occurredAt: event.occurredAt ?? recordedAtLocal,
      timeZone: input.timeZone,
      schemaVersion: EVENT_SCHEMA_VERSION,
      previousHash,
      ...(input.commandKey
        ? { idempotencyKey: input.commandKey.key, commandHash: input.commandKey.commandHash }
        : {}),
    };
    const hash = chainHash({
      streamId: input.streamId,
      revision,
      eventId: id,
      type: event.type,
      data: event.data,
      metadata: withoutHash,
    });
    previousHash = hash;
    const metadata: EventMetadata = { ...withoutHash, hash };
    return {
      id,
      type: event.type,
      data: event.data as JsonObject,
      metadata: metadata as unknown as JsonObject,
    };
  });
}

export { GENESIS_HASH };
