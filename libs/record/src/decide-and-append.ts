import { GENESIS_HASH, localDateTimeAt, type Decision, type LocalDateTime } from '@ccm/domain';
import {
  formatPosition,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@ccm/event-store';
import type { Clock } from './clock';
import {
  commandKeyOf,
  keyedCommandOf,
  recordedUnderKey,
  withKeyedCommand,
  type CommandKeys,
  type KeyedCommand,
} from './command-keys';
import { CommandRefusedError, ConcurrencyConflictError } from './errors';
import { envelope, type RequestContext } from './event-envelope';
import { chainBreakOf, headOf, IntegrityViolationError, type StreamHead } from './integrity/chain-link';
import { readStreamPaged } from './stream-reader';

export interface LoadedStream<S> {
  readonly state: S;
  /** Revision of the last event, -1 when the stream does not exist. */
  readonly revision: number;
  readonly lastHash: string;
  /** The client idempotency keys recorded on the stream; absent when there are none. */
  readonly commandKeys?: CommandKeys;
}

/**
 * Folded states by stream, least recently used dropped first. States are immutable (a fold never writes
 * to the state it starts from) and streams only grow, so a cached state is brought up to date by folding
 * the events after its revision: a command no longer re-reads and re-folds the whole stream, yet sees
 * every other writer's events.
 *
 * A state grows with its stream (a patient's state keeps every time entry, to refuse a repeated entry id
 * and to find the entry a correction names), so a bound on streams alone is no bound on memory: with
 * 1,000 patients the api's live heap grew by about 2 KiB a recorded minute entry, for as long as the load
 * went on. The cache is therefore also bounded by the events its states were folded from, which a
 * state's size follows.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, LoadedStream<S>>();
  private events = 0;

  constructor(private readonly capacity: StreamStateCacheCapacity = DEFAULT_STATE_CACHE_CAPACITY) {}

  get(streamId: string): LoadedStream<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, loaded: LoadedStream<S>): void {
    const current = this.entries.get(streamId);
    if (current && current.revision > loaded.revision) return;
    if (current) this.events -= weight(current);
    this.entries.delete(streamId);
    if (weight(loaded) > this.capacity.events) return;
    this.entries.set(streamId, loaded);
    this.events += weight(loaded);
    while (this.entries.size > this.capacity.streams || this.events > this.capacity.events) {
      const [oldest, entry] = this.entries.entries().next().value as [string, LoadedStream<S>];
      this.entries.delete(oldest);
      this.events -= weight(entry);
    }
  }

  /** Streams held and the events their states were folded from. */
  size(): { readonly streams: number; readonly events: number } {
    return { streams: this.entries.size, events: this.events };
  }
}

export interface StreamStateCacheCapacity {
  readonly streams: number;
  /** Events the cached states were folded from, all streams together (a state's revision + 1). */
  readonly events: number;
}

/** About 100 MiB of patient states at the 2 KiB an event measured (bench/api-memory.ts). */
export const DEFAULT_STATE_CACHE_CAPACITY: StreamStateCacheCapacity = { streams: 10_000, events: 50_000 };

const weight = (loaded: LoadedStream<unknown>): number => loaded.revision + 1;

export async function loadStream<S, E>(
  store: EventStore,
  streamId: string,
  initial: S,
  /** Folds events onto a state without writing to it (the state may be a cached one). */
  fold: (events: readonly E[], from: S) => S,
  toDomainEvent: (event: RecordedEvent) => E | undefined,
  cache?: StreamStateCache<S>,
): Promise<LoadedStream<S>> {
  const cached = cache?.get(streamId);
  let revision = cached?.revision ?? -1;
  let lastHash = cached?.lastHash ?? GENESIS_HASH;
  // The cached state was folded from events checked when they were read (or written here): its revision
  // and hash are a verified head, so only the events after it are checked. A stream that does not verify
  // is neither served nor extended, and its state is not cached.
  let head: StreamHead | undefined =
    revision < 0 ? undefined : { revision: BigInt(revision), hash: lastHash };
  // The cached keys are shared with the cached state: copied once, on the first key read after them.
  let readKeys: Map<string, KeyedCommand> | undefined;
  const events: E[] = [];
  for await (const recorded of readStreamPaged(store, streamId, BigInt(revision + 1))) {
    const broken = chainBreakOf(recorded, head);
    if (broken) throw new IntegrityViolationError(broken);
    head = headOf(recorded);
    const event = toDomainEvent(recorded);
    if (event) events.push(event);
    const keyed = keyedCommandOf(recorded);
    if (keyed) (readKeys ??= new Map(cached?.commandKeys)).set(...keyed);
    revision = Number(recorded.revision);
    lastHash = head.hash;
  }
  const from = cached?.state ?? initial;
  const state = events.length > 0 ? fold(events, from) : from;
  const commandKeys: CommandKeys | undefined = readKeys ?? cached?.commandKeys;
  const loaded = { state, revision, lastHash, ...(commandKeys ? { commandKeys } : {}) };
  cache?.set(streamId, loaded);
  return loaded;
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
  /**
   * The command as the client sent it, hashed when the request carries a client idempotency key (a
   * repeat must be the same command). Not the decision's input where that adds what the stream holds.
   */
  readonly command: unknown;
  /** `nowLocal`: `now` on the wall clock of `timeZone(state)`, the same text the events are stamped with. */
  readonly decide: (state: S, now: Date, nowLocal: () => LocalDateTime) => Decision<E>;
  readonly occurredAtOf: (event: E) => string | undefined;
  readonly timeZone: (state: S) => string;
  readonly context: RequestContext;
  /** The revision the caller last saw (If-Match): a mismatch is a conflict, never retried. */
  readonly expectedRevision?: number;
  readonly maxAttempts?: number;
  /**
   * Where `load` keeps folded states, and its fold: the state after a successful append goes there, so
   * the next command on the stream need not read back what this one wrote.
   */
  readonly cache?: {
    readonly states: StreamStateCache<S>;
    readonly fold: (events: readonly E[], from: S) => S;
  };
}

/**
 * Load, fold, decide, append with the revision read. On a version conflict the command is decided again
 * on the fresh state, a bounded number of times, unless the caller pinned the revision with If-Match.
 */
export async function decideAndAppend<S, E extends { type: string; data: object }>(
  input: DecideAndAppendInput<S, E>,
): Promise<CommandOutcome> {
  const attempts = input.expectedRevision === undefined ? (input.maxAttempts ?? 8) : 1;
  const commandKey = commandKeyOf(input.context, input.command);
  for (let attempt = 1; ; attempt++) {
    const loaded = await input.load();
    // Before If-Match: a retry of a command that went through carries the revision it was first sent on.
    const repeated = commandKey && recordedUnderKey(loaded.commandKeys, commandKey);
    if (repeated) {
      return { revision: repeated.revision, streamRevision: loaded.revision, alreadyApplied: true };
    }
    if (input.expectedRevision !== undefined && input.expectedRevision !== loaded.revision) {
      throw new ConcurrencyConflictError('The record changed since it was read (If-Match).', loaded.revision);
    }
    const now = input.clock.now();
    // The decision and the envelope need the same practice-local time, and formatting an instant in a
    // time zone (Intl formatToParts) is one of the dearer steps of a small command: it is worked out once,
    // when first asked for, so a decision refused before it needs the time never pays for it.
    let local: LocalDateTime | undefined;
    const nowLocal = (): LocalDateTime => (local ??= localDateTimeAt(now, input.timeZone(loaded.state)));
    const decision = input.decide(loaded.state, now, nowLocal);
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
      recordedAtLocal: nowLocal(),
      timeZone: input.timeZone(loaded.state),
      ...(commandKey ? { commandKey } : {}),
    });
    try {
      const result = await input.store.append(
        input.streamId,
        events,
        loaded.revision < 0 ? 'no_stream' : BigInt(loaded.revision),
      );
      const revision = Number(result.nextExpectedRevision);
      if (input.cache) {
        // As the store gives them back (JSON), so the cached state is the one a read would fold.
        const written = decision.events.map(
          (e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e.data)) }) as E,
        );
        const commandKeys = commandKey
          ? withKeyedCommand(loaded.commandKeys, commandKey.key, {
              revision,
              commandHash: commandKey.commandHash,
            })
          : loaded.commandKeys;
        input.cache.states.set(input.streamId, {
          state: input.cache.fold(written, loaded.state),
          revision,
          lastHash: String(events[events.length - 1].metadata.hash),
          ...(commandKeys ? { commandKeys } : {}),
        });
      }
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
