import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../catch-up-subscription';
import { WrongExpectedVersionError } from '../errors';
import { matchesFilter } from '../filter';
import { checkExpectedRevision, isIdempotentRetry } from '../expected-revision';
import {
  MAX_PAGE_SIZE,
  type AllStreamFilter,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { comparePositions, positionOf, type GlobalPosition } from '../position';

/** For unit tests and benchmarks' baselines: the same semantics as the durable stores, nothing kept. */
export class InMemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly appended = new EventEmitter();

  constructor() {
    this.appended.setMaxListeners(0);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    if (!checkExpectedRevision(expected, current)) {
      const retry = isIdempotentRetry(expected, events, (revision) => stream[Number(revision)]?.id);
      if (retry) {
        const last = stream[Number(retry)];
        return { nextExpectedRevision: last.revision, position: last.position };
      }
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    const recorded = events.map((event, index): RecordedEvent => {
      const sequence = this.all.length + index + 1;
      return {
        id: event.id,
        streamId,
        revision: BigInt(stream.length + index),
        position: positionOf(sequence),
        type: event.type,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata),
      };
    });
    stream.push(...recorded);
    this.streams.set(streamId, stream);
    this.all.push(...recorded);
    if (recorded.length > 0) this.appended.emit('appended');
    const last = stream[stream.length - 1];
    return {
      nextExpectedRevision: last ? last.revision : -1n,
      position: last ? last.position : positionOf(0),
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const max = Math.min(options.maxCount, MAX_PAGE_SIZE);
    if (options.direction === 'backwards') {
      const from = options.fromRevision === undefined ? stream.length - 1 : Number(options.fromRevision);
      return stream.slice(Math.max(0, from - max + 1), from + 1).reverse();
    }
    const from = options.fromRevision === undefined ? 0 : Number(options.fromRevision);
    return stream.slice(from, from + max);
  }

  async countAll(filter?: AllStreamFilter, range?: { readonly after?: GlobalPosition }): Promise<number> {
    const after = range?.after;
    return this.all.filter(
      (e) =>
        matchesFilter(e.streamId, e.type, filter) &&
        (after === undefined || comparePositions(e.position, after) > 0),
    ).length;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    const max = Math.min(options.maxCount, MAX_PAGE_SIZE);
    const startIndex = options.after === undefined ? 0 : Number(options.after.commit);
    const events: RecordedEvent[] = [];
    let index = startIndex;
    for (; index < this.all.length && events.length < max; index++) {
      const event = this.all[index];
      if (matchesFilter(event.streamId, event.type, options.filter)) events.push(event);
    }
    return {
      events,
      lastPosition: index > startIndex ? this.all[index - 1].position : options.after,
      isEnd: index >= this.all.length,
    };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return catchUpSubscription((o) => this.readAll(o), this.appended, options, 1000);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }
}
