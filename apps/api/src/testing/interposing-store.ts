import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@ccm/event-store';

/**
 * Delegates to a real store; once armed, runs something (another writer's command) right before the
 * next append of an event of a given type reaches the store: what a concurrent writer does between a
 * command's read and its append. Disarmed as soon as it has run once.
 */
export class InterposingStore implements EventStore {
  private pending: { readonly type: string; readonly run: () => Promise<void> } | undefined;
  /** Every append tried, accepted or not, as the event types it carried. */
  readonly attempts: string[][] = [];
  readonly countAll?: EventStore['countAll'];
  readonly listStreams?: EventStore['listStreams'];

  constructor(private readonly inner: EventStore) {
    const countAll = inner.countAll?.bind(inner);
    if (countAll) this.countAll = countAll;
    const listStreams = inner.listStreams?.bind(inner);
    if (listStreams) this.listStreams = listStreams;
  }

  /** Before the next append that writes an event of `type`, runs `run` (which may append itself). */
  interposeBefore(type: string, run: () => Promise<void>): void {
    this.pending = { type, run };
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.attempts.push(events.map((e) => e.type));
    const pending = this.pending;
    if (pending && events.some((e) => e.type === pending.type)) {
      this.pending = undefined;
      await pending.run();
    }
    return this.inner.append(streamId, events, expectedRevision);
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
