import { GENESIS_HASH, type Decision } from '@ccm/domain';
import {
  formatPosition,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@ccm/event-store';
import type { Clock } from './clock';
import { CommandRefusedError, ConcurrencyConflictError } from './errors';
import { envelope, type RequestContext } from './event-envelope';
import { readStreamPaged } from './stream-reader';

export interface LoadedStream<S> {
  readonly state: S;
  /** Revision of the last event, -1 when the stream does not exist. */
  readonly revision: number;
  readonly lastHash: string;
}

export async function loadStream<S, E>(
  store: EventStore,
  streamId: string,
  initial: S,
  evolve: (state: S, event: E) => S,
  toDomainEvent: (event: RecordedEvent) => E | undefined,
): Promise<LoadedStream<S>> {
  let state = initial;
  let revision = -1;
  let lastHash = GENESIS_HASH;
  for await (const recorded of readStreamPaged(store, streamId)) {
    const event = toDomainEvent(recorded);
    if (event) state = evolve(state, event);
    revision = Number(recorded.revision);
    lastHash = typeof recorded.metadata.hash === 'string' ? recorded.metadata.hash : lastHash;
  }
  return { state, revision, lastHash };
}

export interface CommandOutcome {
  /** Revision of the last event the command wrote, or of the event an idempotent repeat matched. */
  readonly revision: number;
  /** The stream's revision after the command (the ETag). */
  readonly streamRevision: number;
  /** Global position of the last event written; absent for a repeat. */
  readonly position?: string;
  readonly alreadyApplied: boolean;
}

export interface DecideAndAppendInput<S, E extends { type: string; data: object }> {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly streamId: string;
  readonly load: () => Promise<LoadedStream<S>>;
  readonly decide: (state: S, now: Date) => Decision<E>;
  readonly occurredAtOf: (event: E) => string | undefined;
  readonly timeZone: (state: S) => string;
  readonly context: RequestContext;
  /** The revision the caller last saw (If-Match): a mismatch is a conflict, never retried. */
  readonly expectedRevision?: number;
  readonly maxAttempts?: number;
}

/**
 * Load, fold, decide, append with the revision read. On a version conflict the command is decided again
 * on the fresh state, a bounded number of times, unless the caller pinned the revision with If-Match.
 */
export async function decideAndAppend<S, E extends { type: string; data: object }>(
  input: DecideAndAppendInput<S, E>,
): Promise<CommandOutcome> {
  const attempts = input.expectedRevision === undefined ? (input.maxAttempts ?? 8) : 1;
  for (let attempt = 1; ; attempt++) {
    const loaded = await input.load();
    if (input.expectedRevision !== undefined && input.expectedRevision !== loaded.revision) {
      throw new ConcurrencyConflictError('The record changed since it was read (If-Match).', loaded.revision);
    }
    const now = input.clock.now();
    const decision = input.decide(loaded.state, now);
    if (decision.outcome === 'refused') throw new CommandRefusedError(decision.refusal);
    if (decision.outcome === 'already_applied') {
      return { revision: decision.atRevision, streamRevision: loaded.revision, alreadyApplied: true };
    }
    const events = envelope({
      streamId: input.streamId,
      streamRevision: loaded.revision,
      previousHash: loaded.lastHash,
      events: decision.events.map((e) => ({ type: e.type, data: e.data, occurredAt: input.occurredAtOf(e) })),
      context: input.context,
      recordedAt: now,
      timeZone: input.timeZone(loaded.state),
    });
    try {
      const result = await input.store.append(
        input.streamId,
        events,
        loaded.revision < 0 ? 'no_stream' : BigInt(loaded.revision),
      );
      const revision = Number(result.nextExpectedRevision);
      return {
        revision,
        streamRevision: revision,
        position: formatPosition(result.position),
        alreadyApplied: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (attempt >= attempts) {
        throw new ConcurrencyConflictError(
          'The record changed while the command was being decided.',
          error.actual === undefined ? undefined : Number(error.actual),
        );
      }
      // Writers that collided would collide again in lockstep: spread them with a growing random pause.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
    }
  }
}
