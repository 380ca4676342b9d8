import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as ClientStreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { checkExpectedRevision } from '../expected-revision';
import { matchesFilter } from '../filter';
import {
  MAX_PAGE_SIZE,
  type AllStreamFilter,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionMessage,
} from '../port';
import { comparePositions, positionOf, type GlobalPosition } from '../position';

export interface EventStoreDbEventStoreOptions {
  /**
   * An EventStoreDB connection string: `esdb://localhost:2113?tls=false` for a development node,
   * `esdb://user:password@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=...` for a cluster.
   */
  readonly connectionString: string;
  /** First pause before resubscribing after a subscription drops; doubles on each failure. Default 100 ms. */
  readonly resubscribeDelayMs?: number;
  /** Longest pause between resubscription attempts. Default 10 s. */
  readonly maxResubscribeDelayMs?: number;
  /**
   * A subscription that has received nothing for this long, while the store holds an event it should
   * have delivered, is dropped and reopened from its last position. Default 30 s.
   */
  readonly silentSubscriptionTimeoutMs?: number;
  /**
   * Told each time a subscription is about to be reopened, why, and after what pause: for logs and
   * metrics, since a subscription otherwise retries quietly until the server comes back. The reason is
   * an error from the client or the network and never carries event data.
   */
  readonly onSubscriptionDropped?: (reason: unknown, retryInMs: number) => void;
}

/** Events examined per request when a read of $all has to filter on this side (see `readAll`). */
const SCAN_CHUNK = 1024;
/** Events one `readAll` call examines at most, so a sparse filter cannot turn a page into a full scan. */
const SCAN_BUDGET = 16 * SCAN_CHUNK;

/**
 * The EventStoreDB adapter, over the official gRPC client. Streams, revisions, positions and the
 * idempotence of retried appends are the server's own; this class maps them onto the port and adds
 * what the client leaves to its users: resubscription after a drop, and a watchdog for a subscription
 * that stays open but silent.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  /** Calls still running, which `close` lets finish rather than cut off halfway (an append's read-back). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.track(() => this.appendEvents(streamId, events, expectedRevision));
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    return this.track(() => this.readStreamPage(streamId, options));
  }

  /**
   * Client 6.x cannot send a filter with a read of $all (only with a subscription), so the filter is
   * applied here over bounded chunks. A page may therefore hold fewer than `maxCount` events and not be
   * the end when the filter is sparse: continue from `lastPosition` until `isEnd`.
   */
  readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    return this.track(() => this.readAllPage(options));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = new EventStoreDbSubscription(
      {
        client: this.client,
        endOfAll: () => this.endOfAll(),
        hasUndelivered: async (after) =>
          (await this.readAllPage({ after, maxCount: 1, filter: options.filter })).events.length > 0,
        resubscribeDelayMs: this.options.resubscribeDelayMs ?? 100,
        maxResubscribeDelayMs: this.options.maxResubscribeDelayMs ?? 10_000,
        silentTimeoutMs: this.options.silentSubscriptionTimeoutMs ?? 30_000,
        onDropped: this.options.onSubscriptionDropped,
        onClosed: () => this.subscriptions.delete(subscription),
      },
      options,
    );
    if (this.closing) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends the subscriptions, lets the calls in flight finish, then releases the connection. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.allSettled([...this.inFlight]);
    await this.client.dispose();
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing)
      return Promise.reject(new EventStoreUnavailableError('the EventStoreDB store is closed'));
    const running = operation();
    this.inFlight.add(running);
    const forget = (): void => void this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  private async appendEvents(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) return this.checkWithoutWriting(streamId, expectedRevision);
    let written: { nextExpectedRevision: bigint; position?: Position };
    try {
      written = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }),
        ),
        { expectedRevision: toClientExpectedRevision(expectedRevision) },
      );
    } catch (error) {
      if (error instanceof ClientWrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? undefined : error.actualVersion;
        throw new WrongExpectedVersionError(streamId, expectedRevision, actual);
      }
      throw unavailable(error, `append to ${streamId}`);
    }
    const revision = written.nextExpectedRevision;
    if (events.length === 1 && written.position)
      return { nextExpectedRevision: revision, position: written.position };
    // The server reports the position of the write as a whole, and none at all when it recognised a
    // retry; the port promises the last event's own (commit, prepare), so ask for it.
    const [last] = await this.readStreamPage(streamId, { fromRevision: revision, maxCount: 1 });
    if (!last || last.revision !== revision) {
      throw new EventStoreUnavailableError(
        `append to ${streamId}: revision ${revision.toString()} is not readable`,
      );
    }
    return { nextExpectedRevision: revision, position: last.position };
  }

  private async readStreamPage(
    streamId: string,
    options: ReadStreamOptions,
  ): Promise<readonly RecordedEvent[]> {
    const maxCount = pageSize(options.maxCount);
    if (maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const read: ClientRecordedEvent[] = [];
    try {
      const events = this.client.readStream(streamId, {
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        maxCount,
        direction: backwards ? BACKWARDS : FORWARDS,
      });
      for await (const resolved of events) if (resolved.event) read.push(resolved.event);
    } catch (error) {
      if (error instanceof ClientStreamNotFoundError) return [];
      throw unavailable(error, `read of ${streamId}`);
    }
    return read.map((event) => toRecorded(event, event.position));
  }

  private async readAllPage(options: ReadAllOptions): Promise<ReadAllPage> {
    const maxCount = pageSize(options.maxCount);
    const events: RecordedEvent[] = [];
    let cursor = options.after;
    if (maxCount === 0) return { events, lastPosition: cursor, isEnd: false };
    const chunkSize = Math.min(SCAN_CHUNK, Math.max(maxCount, 64));
    for (let examined = 0; examined < SCAN_BUDGET;) {
      const chunk = await this.readAllAfter(cursor, chunkSize);
      for (let i = 0; i < chunk.events.length; i++) {
        const event = chunk.events[i];
        cursor = event.position;
        examined++;
        if (!matchesFilter(event.streamId, event.type, options.filter)) continue;
        events.push(toRecorded(event, event.position));
        if (events.length === maxCount) {
          return { events, lastPosition: cursor, isEnd: chunk.exhausted && i === chunk.events.length - 1 };
        }
      }
      if (chunk.exhausted) return { events, lastPosition: cursor, isEnd: true };
    }
    return { events, lastPosition: cursor, isEnd: false };
  }

  /** An empty append writes nothing, but still answers whether the expectation holds. */
  private async checkWithoutWriting(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    toClientExpectedRevision(expected);
    const [last] = await this.readStreamPage(streamId, { maxCount: 1, direction: 'backwards' });
    if (!checkExpectedRevision(expected, last?.revision)) {
      throw new WrongExpectedVersionError(streamId, expected, last?.revision);
    }
    return {
      nextExpectedRevision: last ? last.revision : -1n,
      position: last ? last.position : positionOf(0),
    };
  }

  /** Up to `count` events strictly after `after`: the server's `fromPosition` is inclusive. */
  private async readAllAfter(
    after: GlobalPosition | undefined,
    count: number,
  ): Promise<{ events: AllStreamRecordedEvent[]; exhausted: boolean }> {
    const requested = after ? count + 1 : count;
    const read: AllStreamRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: after ?? START,
        maxCount: requested,
      })) {
        if (resolved.event) read.push(resolved.event);
      }
    } catch (error) {
      throw unavailable(error, 'read of $all');
    }
    return {
      events: after ? read.filter((event) => comparePositions(event.position, after) > 0) : read,
      exhausted: read.length < requested,
    };
  }

  /** Position of the last event in $all, system events included; undefined when $all is empty. */
  private async endOfAll(): Promise<GlobalPosition | undefined> {
    let last: GlobalPosition | undefined;
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        last = resolved.event?.position ?? last;
      }
    } catch (error) {
      throw unavailable(error, 'read of the end of $all');
    }
    return last;
  }
}

interface SubscriptionDependencies {
  readonly client: EventStoreDBClient;
  readonly endOfAll: () => Promise<GlobalPosition | undefined>;
  /** Whether the store holds an event matching the filter strictly after `after`. */
  readonly hasUndelivered: (after: GlobalPosition | undefined) => Promise<boolean>;
  readonly resubscribeDelayMs: number;
  readonly maxResubscribeDelayMs: number;
  readonly silentTimeoutMs: number;
  readonly onDropped?: (reason: unknown, retryInMs: number) => void;
  readonly onClosed: () => void;
}

/** Pushed into the client's stream, in order with its events, when the server says the catch-up is over. */
const CAUGHT_UP_MARKER = Object.freeze({ marker: 'caught-up' as const });
type StreamItem = AllStreamResolvedEvent | typeof CAUGHT_UP_MARKER;
const CAUGHT_UP: SubscriptionMessage = Object.freeze({ kind: 'caught_up' });

/** Ends one server subscription so that the loop opens a new one at once, without backoff. */
class SilentSubscriptionError extends Error {
  override readonly name = 'SilentSubscriptionError';
}

/**
 * A catch-up subscription to $all that survives drops. Each server subscription starts strictly after
 * the last event seen (delivered or filtered out here), so a resubscription neither misses nor repeats;
 * events at or before that position are skipped should a server replay them anyway.
 *
 * `caught_up` comes from the server's CaughtUp message (EventStoreDB 23.10+). Older servers do not
 * send it, so the end of $all is read before subscribing and the signal is derived from the first event
 * or filter checkpoint at or past it (pre-23.10 servers checkpoint a filtered subscription when it goes
 * live); whichever comes first wins, and the signal is emitted once.
 */
class EventStoreDbSubscription implements Subscription {
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private resumeAfter: GlobalPosition | undefined;
  /** When this side started waiting for the server without receiving anything; undefined while busy. */
  private silentSince: number | undefined;
  private probing = false;
  private watchdog: NodeJS.Timeout | undefined;
  private wakeSleeper: (() => void) | undefined;

  constructor(
    private readonly deps: SubscriptionDependencies,
    private readonly options: SubscribeOptions,
  ) {
    this.resumeAfter = options.after;
    this.iterator = this.messages();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchdog();
    this.wakeSleeper?.();
    const current = this.current;
    this.current = undefined;
    if (current) await this.release(current);
    this.deps.onClosed();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    let end: GlobalPosition | null | undefined;
    let caughtUp = false;
    let failures = 0;
    this.startWatchdog();
    try {
      while (!this.closed) {
        let reason: unknown = new Error('the server ended the subscription');
        let subscription: AllStreamSubscription | undefined;
        try {
          if (!caughtUp && end === undefined) end = (await this.deps.endOfAll()) ?? null;
          if (this.closed) return;
          const fallbackEnd = caughtUp || !end ? undefined : end;
          if (
            !caughtUp &&
            (!fallbackEnd || (this.resumeAfter && comparePositions(this.resumeAfter, fallbackEnd) >= 0))
          ) {
            caughtUp = true;
            yield CAUGHT_UP;
          }
          subscription = this.open(fallbackEnd);
          const items = subscription[Symbol.asyncIterator]() as AsyncIterator<StreamItem>;
          for (;;) {
            this.silentSince = Date.now();
            const next = await items.next();
            this.silentSince = undefined;
            if (next.done || this.closed) break;
            failures = 0;
            const item = next.value;
            if ('marker' in item) {
              if (!caughtUp) {
                caughtUp = true;
                yield CAUGHT_UP;
              }
              continue;
            }
            const event = item.event;
            if (!event || (this.resumeAfter && comparePositions(event.position, this.resumeAfter) <= 0))
              continue;
            this.resumeAfter = event.position;
            if (matchesFilter(event.streamId, event.type, this.options.filter)) {
              yield { kind: 'event', event: toRecorded(event, event.position) };
            }
            if (!caughtUp && fallbackEnd && comparePositions(event.position, fallbackEnd) >= 0) {
              caughtUp = true;
              yield CAUGHT_UP;
            }
          }
        } catch (error) {
          if (this.closed) return;
          if (error instanceof UnreadableEventError) throw error;
          reason = error;
        } finally {
          this.silentSince = undefined;
          if (subscription) {
            if (this.current === subscription) this.current = undefined;
            await this.release(subscription);
          }
        }
        if (this.closed) return;
        const delay = reason instanceof SilentSubscriptionError ? 0 : this.backoff(failures++);
        try {
          this.deps.onDropped?.(reason, delay);
        } catch {
          // A failing observer must not stop the subscription it observes.
        }
        if (delay > 0) await this.sleep(delay);
      }
    } finally {
      this.stopWatchdog();
      if (!this.closed) {
        this.closed = true;
        this.deps.onClosed();
      }
    }
  }

  private open(fallbackEnd: GlobalPosition | undefined): AllStreamSubscription {
    const subscription = this.deps.client.subscribeToAll({
      fromPosition: this.resumeAfter ?? START,
      filter: serverFilter(this.options.filter, (checkpointed, position) => {
        if (this.silentSince !== undefined) this.silentSince = Date.now();
        if (fallbackEnd && comparePositions(position, fallbackEnd) >= 0) checkpointed.push(CAUGHT_UP_MARKER);
      }),
    });
    // Emitted from inside the client's transform, after the events that precede it have been pushed,
    // so the marker lands in the stream exactly where the server put the message.
    subscription.on('caughtUp', () => subscription.push(CAUGHT_UP_MARKER));
    // The iterator reports errors while it runs; this keeps a late one from becoming an uncaught 'error'.
    subscription.on('error', () => undefined);
    this.current = subscription;
    return subscription;
  }

  /** Ends the client's stream and cancels its gRPC call; the client only does the latter. */
  private async release(subscription: AllStreamSubscription, reason?: Error): Promise<void> {
    subscription.destroy(reason);
    await subscription.unsubscribe().catch(() => undefined);
  }

  private backoff(failures: number): number {
    return Math.min(
      this.deps.maxResubscribeDelayMs,
      this.deps.resubscribeDelayMs * 2 ** Math.min(failures, 20),
    );
  }

  /** A pause that `close` cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }

  private startWatchdog(): void {
    const period = Math.max(10, Math.floor(this.deps.silentTimeoutMs / 4));
    this.watchdog = setInterval(() => void this.checkSilence(), period);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /**
   * Silence alone proves nothing (a filter can match nothing for hours), so the watchdog asks the
   * store whether an event this subscription should have delivered is there; only then is the
   * subscription reopened from its last position.
   */
  private async checkSilence(): Promise<void> {
    const subscription = this.current;
    const since = this.silentSince;
    if (this.probing || this.closed || !subscription || since === undefined) return;
    if (Date.now() - since < this.deps.silentTimeoutMs) return;
    this.probing = true;
    try {
      const stuck = await this.deps.hasUndelivered(this.resumeAfter);
      if (stuck && this.current === subscription && this.silentSince === since) {
        await this.release(
          subscription,
          new SilentSubscriptionError('subscription silent while events are waiting'),
        );
      } else if (this.silentSince === since) {
        this.silentSince = Date.now();
      }
    } catch {
      // The store is unreachable: the subscription itself will fail and be reopened.
    } finally {
      this.probing = false;
    }
  }
}

/** An event this adapter cannot turn into the port's shape: surfaced, never skipped. */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
}

function toRecorded(event: ClientRecordedEvent, position: Position | undefined): RecordedEvent {
  const where = `event ${event.id} of ${event.streamId} at revision ${event.revision.toString()}`;
  if (!position) {
    throw new UnreadableEventError(
      `${where} has no global position (EventStoreDB 22.6 or later is required)`,
    );
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: { commit: position.commit, prepare: position.prepare },
    type: event.type,
    data: jsonObject(event.data, `${where}: data`),
    metadata: event.metadata === undefined ? {} : jsonObject(event.metadata, `${where}: metadata`),
  };
}

function jsonObject(value: unknown, what: string): JsonObject {
  let parsed: unknown = value;
  if (value instanceof Uint8Array) {
    try {
      parsed = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      throw new UnreadableEventError(`${what} is not JSON`);
    }
  }
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    !(parsed instanceof Uint8Array)
  ) {
    return parsed as JsonObject;
  }
  throw new UnreadableEventError(`${what} is not a JSON object`);
}

function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (expected < 0n)
        throw new RangeError(`expected revision must be 0 or more, got ${expected.toString()}`);
      return expected;
  }
}

/**
 * The server applies one expression, on stream names or on event types: the stream prefixes when
 * given (the narrower), else the event types, else just "no system event types". Whatever the server
 * cannot express is applied again here by `matchesFilter`, which also drops `$` streams.
 */
function serverFilter(
  filter: AllStreamFilter | undefined,
  checkpointReached: (subscription: AllStreamSubscription, position: Position) => void,
): Filter {
  if (filter?.streamPrefixes && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
  }
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    const alternatives = filter.eventTypes
      .map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|');
    return eventTypeFilter({ regex: `^(?:${alternatives})$`, checkpointReached });
  }
  return excludeSystemEvents({ checkpointReached });
}

function pageSize(maxCount: number): number {
  return Number.isNaN(maxCount) ? 0 : Math.max(0, Math.min(Math.floor(maxCount), MAX_PAGE_SIZE));
}

function isGrpcStatusError(error: unknown): error is Error & { code: number } {
  return error instanceof Error && 'code' in error && typeof error.code === 'number' && 'details' in error;
}

/**
 * Anything the server or the network made fail becomes EventStoreUnavailableError (503): the client
 * signals those as command errors, raw gRPC status errors (from its capability probe) or plain errors
 * from cluster discovery. A bad argument stays what it is: that is a bug here, not an outage.
 */
function unavailable(error: unknown, operation: string): unknown {
  if (
    !(error instanceof Error) ||
    error instanceof EventStoreUnavailableError ||
    error instanceof UnreadableEventError
  ) {
    return error;
  }
  if (isCommandError(error) && error.type === ErrorType.INVALID_ARGUMENT) return error;
  const reachedServer = isCommandError(error) || isGrpcStatusError(error);
  if (!reachedServer && !/discover/i.test(error.message)) return error;
  return new EventStoreUnavailableError(`EventStoreDB ${operation} failed: ${error.message}`, {
    cause: error,
  });
}
